-- What a billing-reconciliation run found, written chunk by chunk in the chunk's own transaction (so a run resumed
-- after a crash neither loses nor repeats a finding) and turned into the run's CSV and JSON report at the end.
create table reconciliation_findings (
  run_id           uuid not null references jobs(id) on delete cascade,  -- the pipeline job
  check_name       text not null,
  subject          text not null,
  tenant_id        text,
  expected_millis  bigint,
  actual_millis    bigint,
  detail           text not null,
  primary key (run_id, check_name, subject)
);
