-- getting-started: projects-table
-- projects, declared in com.example.projects.ProjectResources. Column names are the attribute
-- names; id, tenant_id, version, created_at and updated_at are implicit; the key is (tenant_id, id).
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
-- The read policy filters agents by owner.
CREATE INDEX projects_owner ON projects (tenant_id, owner_id);
-- getting-started: end
