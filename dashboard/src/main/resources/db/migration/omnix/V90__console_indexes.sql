-- The operator console's searches across tenants (its range is V90-V99): newest jobs first, failed jobs by error code
-- and end time (the search filter and the bulk requeue's preview), and finished jobs by end time (the overview's last
-- hour, also read by /v1/admin/overview).
create index if not exists jobs_created on jobs (created_at desc, id desc);
create index if not exists jobs_failed_by_code on jobs (error_code, finished_at) where status = 'failed';
create index if not exists jobs_finished on jobs (finished_at) where finished_at is not null;
