-- Every new job event wakes the API processes that stream that job's events (one LISTEN connection each), instead of
-- every open stream polling job_events. The payload is the job id; PostgreSQL folds identical notifications of one
-- transaction into one.
create function notify_job_event() returns trigger language plpgsql as $$
begin
  perform pg_notify('omnix_job_events', new.job_id::text);
  return null;
end $$;

create trigger job_events_notify after insert on job_events
  for each row execute function notify_job_event();
