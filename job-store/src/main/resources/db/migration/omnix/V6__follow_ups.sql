-- Follow-up jobs: created in the transaction that marks their parent succeeded, so none is lost between the two.
alter table jobs add column parent_job_id uuid references jobs(id) on delete set null;
alter table jobs add column follow_ups jsonb not null default '[]';
create index jobs_parent on jobs (parent_job_id) where parent_job_id is not null;
