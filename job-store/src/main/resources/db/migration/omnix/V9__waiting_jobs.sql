-- The dispatcher asks when the next waiting job (a retry's back-off, a suspended job's resume time) falls due, so it
-- wakes then instead of at its next poll.
create index jobs_waiting on jobs (run_after) where not dispatched and status in ('queued', 'running');
