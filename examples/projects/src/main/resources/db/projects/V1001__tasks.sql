-- getting-started: tasks-table
-- tasks, declared in com.example.projects.ProjectResources.
CREATE TABLE tasks (
    tenant_id    text        NOT NULL,
    id           uuid        NOT NULL,
    title        text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    state        text        NOT NULL CHECK (state IN ('todo', 'doing', 'done')),
    project_id   uuid        NOT NULL,
    assignee_id  text,
    version      integer     NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- The read policy filters agents by assignee; lists sort by updated_at most often.
CREATE INDEX tasks_assignee ON tasks (tenant_id, assignee_id);
CREATE INDEX tasks_updated_at ON tasks (tenant_id, updated_at, id);
-- getting-started: end
