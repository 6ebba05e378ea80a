-- The transactional outbox: the contract between resource-service (writer) and
-- notifier-relay (reader). Every write commits its rows and one outbox row per
-- notification in the same transaction.
--
-- Ordering: the writer takes pg_advisory_xact_lock(hashtext('keeplive.outbox:' || tenant_id))
-- as the last step of its transaction, then draws `position` from the sequence. The lock is
-- held until commit, so for one tenant a higher position always commits after a lower one:
-- position order is commit order per tenant. Across tenants positions may commit out of
-- order; the relay therefore never keeps a "last position" cursor — it publishes what is
-- visible and deletes it, so a late-committing lower position is simply found by the next poll.
CREATE SEQUENCE outbox_position_seq;

CREATE TABLE outbox (
    position     bigint      PRIMARY KEY,
    id           uuid        NOT NULL UNIQUE,
    shard        smallint    NOT NULL,
    tenant_id    text        NOT NULL,
    resource     text        NOT NULL,
    action       text        NOT NULL,
    action_type  text        NOT NULL CHECK (action_type IN ('create', 'update', 'destroy')),
    record_id    text        NOT NULL,
    topics       text[]      NOT NULL,
    changed      text[]      NOT NULL DEFAULT '{}',
    actor_id     text        NOT NULL,
    occurred_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    traceparent  text,
    xid          xid8        NOT NULL DEFAULT pg_current_xact_id()
);

CREATE INDEX outbox_shard_position ON outbox (shard, position);
