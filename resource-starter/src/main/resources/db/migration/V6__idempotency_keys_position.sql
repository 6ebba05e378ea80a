-- SPEC §4.1: a create retried with the same Idempotency-Key answers the Keeplive-Position of the
-- first create. NULL for keys stored before positions were answered (their replay has no header).
ALTER TABLE idempotency_keys ADD COLUMN position bigint;
