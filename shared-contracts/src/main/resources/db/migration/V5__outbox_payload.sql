-- The encoded event, written by resource-service in the writing transaction: the CloudEvents JSON
-- value (NotificationCodec.encode) exactly as it goes to Kafka, with the row's occurred_at as
-- its time. The relay forwards these bytes as they are and only falls back to encoding the event
-- from the other columns when payload is NULL (rows written by a resource-service from before
-- this migration, during a rolling upgrade). The other columns stay: they carry the Kafka key and
-- headers, the relay's ordering and sharding, and that fallback.
ALTER TABLE outbox ADD COLUMN payload bytea;
