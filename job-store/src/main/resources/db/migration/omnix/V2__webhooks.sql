create table webhook_endpoints (
  id          uuid primary key,
  tenant_id   text not null references tenants(id),
  url         text not null,
  event_types text[] not null,           -- empty: every event
  created_at  timestamptz not null,
  disabled_at timestamptz
);
create index webhook_endpoints_tenant on webhook_endpoints (tenant_id) where disabled_at is null;

-- One logical delivery of one event to one URL. Its id is the Standard Webhooks message id (webhook-id), the same
-- on every attempt, so receivers can deduplicate.
create table webhook_deliveries (
  id               text primary key,
  tenant_id        text not null references tenants(id),
  job_id           uuid not null references jobs(id) on delete cascade,
  endpoint_id      uuid references webhook_endpoints(id) on delete set null,
  url              text not null,
  event_type       text not null,
  payload          text not null,
  status           text not null check (status in ('pending', 'delivered', 'failed')),
  attempts         int not null default 0,
  next_attempt_at  timestamptz,
  locked_until     timestamptz,
  last_error       text,
  created_at       timestamptz not null,
  delivered_at     timestamptz,
  unique (job_id, url, event_type)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';

create table webhook_attempts (
  id           bigserial primary key,
  delivery_id  text not null references webhook_deliveries(id) on delete cascade,
  attempt      int not null,
  at           timestamptz not null,
  status_code  int,
  error        text,
  duration_ms  bigint not null
);
create index webhook_attempts_delivery on webhook_attempts (delivery_id, attempt);
