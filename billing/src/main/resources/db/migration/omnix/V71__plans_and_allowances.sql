-- A tenant's commercial terms beyond tenants.plan: seats (team), the paid period that monthly allowances follow,
-- and per-tenant overrides (enterprise). Allowance use per window; a new window starts from zero (the reset).

create table tenant_billing (
  tenant_id               text primary key references tenants(id),
  seats                   int not null default 1 check (seats between 1 and 100000),
  period_start            timestamptz,
  period_end              timestamptz,
  overrides               jsonb not null default '{}'::jsonb,
  stripe_customer_id      text unique,
  stripe_subscription_id  text unique,
  subscription_status     text,
  -- the Stripe 'created' time of the last subscription event applied: older ones arriving late are ignored
  subscription_event_at   timestamptz,
  updated_at              timestamptz not null
);

create table allowance_counters (
  tenant_id     text not null references tenants(id),
  feature       text not null,
  window_start  timestamptz not null,
  used          bigint not null check (used >= 0),
  primary key (tenant_id, feature, window_start)
);

create table allowance_uses (
  tenant_id     text not null references tenants(id),
  key           text not null,
  feature       text not null,
  window_start  timestamptz not null,
  units         bigint not null check (units > 0),
  counted       boolean not null,
  created_at    timestamptz not null,
  primary key (tenant_id, key)
);
