-- A provider's concurrency limit counts the operations it is still working on across all workers: attempts that are
-- pending and that the provider has not reported complete (completed_at is set when a poll sees the result ready,
-- before it is downloaded).
alter table provider_attempts add column completed_at timestamptz;
create index provider_attempts_in_flight on provider_attempts (provider)
  where outcome = 'pending' and completed_at is null;

-- Jobs waiting for a free slot at a provider, oldest first. A freed slot wakes the oldest not yet woken (woken_at);
-- a woken job keeps its place until it takes a slot.
create table provider_waiters (
  job_id    uuid primary key references jobs(id) on delete cascade,
  provider  text not null,
  since     timestamptz not null,
  woken_at  timestamptz
);
create index provider_waiters_order on provider_waiters (provider, since);

-- A waiter woken while one of its runs is still going: its next suspension ends at once. Kept on the job row so the
-- wake-up and the suspension, both updates of that row, cannot miss each other.
alter table jobs add column wake_requested boolean not null default false;
