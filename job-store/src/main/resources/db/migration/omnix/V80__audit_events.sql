-- The audit log: append-only and hash-chained (see AuditChain for the canonical form that each hash covers).
-- seq is the position in the chain, assigned under a transaction-scoped advisory lock so appends from every
-- process form one chain without gaps. No foreign keys: the log outlives what it talks about (an erased tenant).
create table audit_events (
  seq            bigint primary key,
  occurred_at    timestamptz not null,
  event_type     text not null,
  tenant_id      text,
  actor_type     text not null,
  actor_id       text,
  resource_type  text,
  resource_id    text,
  action         text not null,
  ip             text,
  user_agent     text,
  success        boolean not null,
  metadata       text not null,         -- canonical JSON, exactly the text that was hashed
  prev_hash      text not null,
  hash           text not null
);
create index audit_events_tenant on audit_events (tenant_id, seq desc);
create index audit_events_occurred on audit_events (occurred_at);

-- The database refuses to change or remove what was written. A superuser can still disable these triggers;
-- the chain makes that visible (GET /v1/admin/audit/verify).
create function omnix_audit_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_events is append-only: % is not allowed', tg_op
    using errcode = 'insufficient_privilege';
end $$;
create trigger audit_events_no_update_or_delete before update or delete on audit_events
  for each row execute function omnix_audit_append_only();
create trigger audit_events_no_truncate before truncate on audit_events
  for each statement execute function omnix_audit_append_only();
