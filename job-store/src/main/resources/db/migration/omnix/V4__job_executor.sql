-- The executor (JobRunr background job server) running a job's current attempt, so a dead executor's jobs can be
-- found from its missing heartbeat without waiting for JobRunr's own orphan detection.
alter table jobs add column executor_id uuid;
create index jobs_running_executor on jobs (executor_id) where status = 'running';
