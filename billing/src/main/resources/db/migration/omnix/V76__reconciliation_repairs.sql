-- A billing-reconciliation run with repair: true fixes the safe kinds (a stale reservation is released, with an audit
-- entry) and says so on the finding.
alter table reconciliation_findings add column repaired boolean not null default false;
