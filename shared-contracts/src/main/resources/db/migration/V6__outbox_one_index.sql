-- Every index on the outbox is paid by every write (an index entry per row, then its deletion),
-- while the relay needs only one access path: a shard's rows in position order, and deleting
-- published rows. So one index, the primary key (shard, position), serves both:
--   * reads: per shard, ORDER BY position LIMIT n, and "is there any row in this shard";
--   * deletes: by (shard, position) pairs.
-- Dropped: the primary key on position alone (position is still unique: it comes from
-- outbox_position_seq) and the unique index on id (ids are random UUIDs made by the writer; the
-- relay and consumers deduplicate by id, they never look a row up by it).
ALTER TABLE outbox DROP CONSTRAINT outbox_id_key;
ALTER TABLE outbox DROP CONSTRAINT outbox_pkey;
DROP INDEX outbox_shard_position;
ALTER TABLE outbox ADD PRIMARY KEY (shard, position);
