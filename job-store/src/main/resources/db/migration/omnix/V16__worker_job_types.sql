-- Which job types each live worker process runs, refreshed by the worker's heartbeat: the dispatcher hands a
-- job only to the executor when some live worker runs its type, and the API refuses a type none runs.
create table worker_job_types (
  worker    text primary key,
  job_types text[] not null,
  seen_at   timestamptz not null
);
