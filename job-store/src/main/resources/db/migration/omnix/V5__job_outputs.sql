-- A job's outputs are named, so a re-run replaces an output instead of adding a twin.
alter table assets add column output_name text;
create unique index assets_job_output on assets (derived_by_job_id, output_name)
  where derived_by_job_id is not null and output_name is not null;
