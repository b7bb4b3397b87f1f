-- Chat companion: conversations and their messages, and each tenant's custom instructions.
-- No job row per message: a message is written when it starts and once more when its reply ends.

create table chat_conversations (
  id          uuid primary key,
  tenant_id   text not null references tenants(id) on delete cascade,
  title       text,
  model       text not null,                 -- the model of the latest message (the default for the next one)
  created_at  timestamptz not null,
  updated_at  timestamptz not null
);

create index chat_conversations_tenant_created on chat_conversations (tenant_id, created_at desc, id desc);

create table chat_messages (
  id                 uuid primary key,
  conversation_id    uuid not null references chat_conversations(id) on delete cascade,
  tenant_id          text not null,
  seq                int not null,           -- order within the conversation
  role               text not null check (role in ('user', 'assistant')),
  content            text not null,
  model              text,                   -- assistant messages: the model that wrote it
  status             text not null check (status in ('complete', 'streaming', 'partial', 'failed', 'interrupted')),
  content_tokens     int not null,           -- the content's tokens under `tokenizer` (history sizing)
  tokenizer          text not null,
  prompt_tokens      int,                    -- assistant messages: the prompt sent to the model
  completion_tokens  int,                    -- assistant messages: tokens generated (delivered, when partial)
  credits            numeric(14, 6),         -- assistant messages: the catalog price of those tokens
  context            jsonb,                  -- assistant messages: how the history was fitted to the window
  error_code         text,
  created_at         timestamptz not null,
  finished_at        timestamptz,
  unique (conversation_id, seq)
);

create index chat_messages_streaming on chat_messages (created_at) where status = 'streaming';

create table chat_custom_instructions (
  tenant_id     text primary key references tenants(id) on delete cascade,
  instructions  text not null,
  updated_at    timestamptz not null
);
