-- The `projects` example of docs/adding-a-resource.md, applied to test databases only.
CREATE TABLE projects (
    tenant_id    text        NOT NULL,
    id           uuid        NOT NULL,
    name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    state        text        NOT NULL CHECK (state IN ('active', 'archived')),
    owner_id     text        NOT NULL,
    version      integer     NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX projects_owner ON projects (tenant_id, owner_id);
