-- Jobs that wait on an outside provider give their worker back: they stay 'running' but undispatched until
-- run_after, with what they need to resume in checkpoint.
alter table jobs add column checkpoint jsonb;
alter table jobs add column credits_actual bigint;

drop index jobs_dispatchable;
create index jobs_dispatchable on jobs (tenant_id, queue_class, priority desc, created_at)
  where status in ('queued', 'running') and not dispatched;

-- Every call a job makes to an outside provider. At most one attempt per job is billed to its tenant.
create table provider_attempts (
  id                 uuid primary key,
  seq                bigserial not null,   -- insertion order, for listing
  job_id             uuid not null references jobs(id) on delete cascade,
  provider           text not null,
  model              text not null,
  request_id         text,
  outcome            text not null check (outcome in ('pending', 'succeeded', 'failed', 'timed_out', 'discarded',
                                                      'abandoned')),
  estimated_credits  bigint not null,
  cost_credits       bigint not null default 0,
  billed             boolean not null default false,
  error_code         text,
  started_at         timestamptz not null,
  finished_at        timestamptz
);
create index provider_attempts_job on provider_attempts (job_id, seq);
create unique index provider_attempts_one_billed on provider_attempts (job_id) where billed;
