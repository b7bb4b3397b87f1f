-- Tenants, API keys, jobs and their event log. JobRunr owns its own tables (jobrunr_*).

create table tenants (
  id              text primary key,
  name            text not null,
  plan            text not null check (plan in ('free', 'student', 'pro', 'team', 'enterprise')),
  webhook_secret  text not null,
  created_at      timestamptz not null
);

create table api_keys (
  id          uuid primary key,
  tenant_id   text not null references tenants(id),
  key_hash    text not null unique,     -- hex SHA-256 of the whole key; the key itself is never stored
  key_prefix  text not null,            -- first characters, to recognise a key in lists
  is_admin    boolean not null default false,
  created_at  timestamptz not null,
  revoked_at  timestamptz
);

create table jobs (
  id                   uuid primary key,
  tenant_id            text not null references tenants(id),
  type                 text not null,
  status               text not null check (status in ('queued', 'running', 'succeeded', 'failed', 'canceled')),
  queue_class          text not null check (queue_class in ('light', 'io_bound', 'heavy')),
  plan_rank            int not null,
  priority             int not null default 0,
  input                jsonb not null,
  params               jsonb not null,
  metadata             jsonb not null,
  webhook_url          text,
  result               jsonb,
  error_code           text,
  error_message        text,
  error_retryable      boolean,
  progress             int not null default 0,
  attempts             int not null default 0,
  max_attempts         int not null,
  credits_estimated    bigint not null default 0,
  dispatched           boolean not null default false,
  run_id               uuid,                  -- JobRunr job id of the current attempt
  run_after            timestamptz not null,
  worker               text,
  cancel_requested_at  timestamptz,
  created_at           timestamptz not null,
  updated_at           timestamptz not null,
  started_at           timestamptz,
  finished_at          timestamptz
);

create index jobs_tenant_created on jobs (tenant_id, created_at desc, id desc);
create index jobs_dispatchable on jobs (tenant_id, queue_class, priority desc, created_at)
  where status = 'queued' and not dispatched;
create index jobs_in_flight on jobs (tenant_id, queue_class) where dispatched and status in ('queued', 'running');
create index jobs_unfinished on jobs (tenant_id) where status in ('queued', 'running');

create table job_events (
  id         bigserial primary key,
  job_id     uuid not null references jobs(id) on delete cascade,
  kind       text not null,             -- status | progress
  status     text not null,
  progress   int not null,
  attempt    int not null,
  data       jsonb,
  at         timestamptz not null
);
create index job_events_job on job_events (job_id, id);

-- Side effects of handlers, keyed by job: a re-run after a crash finds what is already done.
create table job_effects (
  job_id      uuid not null references jobs(id) on delete cascade,
  effect_key  text not null,
  attempt     int not null,
  at          timestamptz not null,
  primary key (job_id, effect_key)
);

create table idempotency_keys (
  tenant_id     text not null references tenants(id),
  key           text not null,
  request_hash  text not null,
  job_id        uuid not null references jobs(id) on delete cascade,
  created_at    timestamptz not null,
  primary key (tenant_id, key)
);
create index idempotency_keys_created on idempotency_keys (created_at);
