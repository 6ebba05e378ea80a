-- conversations and messages (SPEC §2), declared in io.keeplive.resource.conversations.
CREATE TABLE conversations (
    tenant_id    text        NOT NULL,
    id           uuid        NOT NULL,
    title        text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    members      text[]      NOT NULL,
    version      integer     NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- "conversations the user is a member of"
CREATE INDEX conversations_members ON conversations USING gin (members);

CREATE TABLE messages (
    tenant_id        text        NOT NULL,
    id               uuid        NOT NULL,
    conversation_id  uuid        NOT NULL,
    author_id        text        NOT NULL,
    body             text        NOT NULL CHECK (char_length(body) BETWEEN 1 AND 4000),
    version          integer     NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
);

CREATE INDEX messages_conversation ON messages (tenant_id, conversation_id, created_at, id);
