-- tickets (SPEC §2), declared in io.keeplive.resource.tickets.Tickets.
CREATE TABLE tickets (
    tenant_id    text        NOT NULL,
    id           uuid        NOT NULL,
    title        text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    status       text        NOT NULL CHECK (status IN ('open', 'in_progress', 'closed')),
    assignee_id  text,
    created_by   text        NOT NULL,
    version      integer     NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- The read policy filters on assignee and creator; lists sort by updated_at most often.
CREATE INDEX tickets_assignee ON tickets (tenant_id, assignee_id);
CREATE INDEX tickets_created_by ON tickets (tenant_id, created_by);
CREATE INDEX tickets_updated_at ON tickets (tenant_id, updated_at, id);
CREATE INDEX tickets_status ON tickets (tenant_id, status);
