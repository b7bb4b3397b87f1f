-- Data lifecycle, stage 2: what a retention run or a tenant erasure removed (or, planned), one row per item.
--
-- A run's first step writes its whole plan here in one transaction, from one snapshot and one fixed moment (as_of);
-- the later steps read the plan back in seq order, so a run resumed after kill -9 works through exactly the same
-- items from its last committed chunk, a dry run's plan is exactly what a real run at the same moment removes, and
-- the receipt (built from these rows) names each object once.
create table lifecycle_run_items (
  run_id        uuid not null,                -- the pipeline job of the run (no foreign key: runs outlive jobs)
  kind          text not null check (kind in ('asset', 'job', 'conversation', 'blob')),
  seq           bigint not null,              -- order within the kind
  ref           text not null,                -- asset id, job id, conversation id; blobs: backend:key
  asset_id      text,                         -- blobs: the asset whose bytes these were, when a row said so
  tenant_id     text not null,
  backend       text,                         -- assets: the backend holding the bytes
  blob_key      text,                         -- assets: the key
  bytes         bigint not null default 0,    -- assets: bytes removed (the backend's size, else the row's)
  outcome       text check (outcome in ('deleted', 'gone', 'redacted', 'held')),
  rows_removed  int not null default 0,       -- jobs: events removed; conversations: messages removed
  done_at       timestamptz,
  primary key (run_id, kind, seq),
  unique (run_id, kind, ref)
);

-- Job records past their retention keep their billing facts (type, status, times, credits) and lose what may hold
-- personal data (params, input URL, metadata, result summary, error message, checkpoint, webhook payloads).
alter table jobs add column redacted_at timestamptz;
create index jobs_unredacted_expiry on jobs (expires_at) where redacted_at is null;

-- Tenant erasure (right to be forgotten): the tenant row stays, without its name, for the ledger entries and
-- invoices that law requires to be kept; erased_at marks it.
alter table tenants add column erased_at timestamptz;

-- The first step of a tenant's own erasure request: a token it must send back to confirm. Only the hash is kept.
create table erasure_confirmations (
  tenant_id     text primary key references tenants(id),
  token_hash    text not null,
  expires_at    timestamptz not null,
  requested_by  text not null
);
