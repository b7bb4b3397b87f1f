-- Plan changes (billing.plan.PlanChanges): every change of a tenant's plan or seats, by an admin (PATCH
-- /v1/tenants/{id}) or a Stripe subscription event, with the proration of the subscription fee it causes. Money is
-- USD cents: the unused part of the old plan credited, the remaining part of the new one charged, each rounded
-- half-up to the cent. The month's invoice (invoice_period, UTC) shows them as 'proration' lines.
create table plan_changes (
  id                   bigserial primary key,
  tenant_id            text not null references tenants(id),
  changed_at           timestamptz not null,
  invoice_period       text not null check (invoice_period ~ '^[0-9]{4}-[0-9]{2}$'),
  from_plan            text not null,
  from_seats           int not null check (from_seats >= 1),
  to_plan              text not null,
  to_seats             int not null check (to_seats >= 1),
  -- the fee period the change falls in: the paid Stripe period, else the calendar month
  period_start         timestamptz not null,
  period_end           timestamptz not null,
  unused_credit_cents  bigint not null check (unused_credit_cents >= 0),
  new_charge_cents     bigint not null check (new_charge_cents >= 0),
  source               text not null check (source in ('admin', 'stripe')),
  reference            text,
  check (period_end > period_start and changed_at >= period_start and changed_at <= period_end)
);
create index plan_changes_period on plan_changes (tenant_id, invoice_period, id);

alter table invoice_lines drop constraint invoice_lines_kind_check;
alter table invoice_lines add constraint invoice_lines_kind_check
  check (kind in ('subscription', 'proration', 'credit_package', 'usage', 'grant', 'clawback'));
-- a proration credit is a negative line; the invoice's total stays >= 0 (the subscription line it adjusts is on it)
