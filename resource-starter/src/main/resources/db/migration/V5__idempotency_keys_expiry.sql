-- Idempotency keys expire (keeplive.idempotency.retention, default 24 h) and are purged in bounded
-- batches by resource-service; the purge finds the expired rows by age.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
