-- Idempotency-Key of creates (resource-service). A key row is claimed in the create's own
-- transaction, so it exists exactly when the create committed; a concurrent retry waits on the
-- uncommitted key and then replays `response`.
CREATE TABLE idempotency_keys (
    tenant_id    text        NOT NULL,
    actor_id     text        NOT NULL,
    resource     text        NOT NULL,
    key          text        NOT NULL,
    fingerprint  text        NOT NULL,
    response     text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, actor_id, resource, key)
);
