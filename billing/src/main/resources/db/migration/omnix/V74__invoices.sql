-- Monthly invoices (billing.invoice): one per tenant with activity and calendar month (UTC), a draft until its
-- grace period ends, then final, numbered gaplessly per year and immutable. Credits are milli-credits, money cents.

create table invoices (
  id                 uuid primary key,
  tenant_id          text not null references tenants(id),
  period             text not null check (period ~ '^[0-9]{4}-[0-9]{2}$'),
  period_start       timestamptz not null,
  period_end         timestamptz not null,
  status             text not null check (status in ('draft', 'final')),
  number             text unique,
  -- what the tenant paid in money: subscription fees and credit packages
  total_usd_cents    bigint not null check (total_usd_cents >= 0),
  -- what the ledger moved in the period: credits spent on usage, bought, granted, clawed back
  usage_millis       bigint not null check (usage_millis >= 0),
  purchased_millis   bigint not null check (purchased_millis >= 0),
  granted_millis     bigint not null check (granted_millis >= 0),
  clawed_back_millis bigint not null check (clawed_back_millis >= 0),
  created_at         timestamptz not null,
  updated_at         timestamptz not null,
  finalized_at       timestamptz,
  unique (tenant_id, period),
  check ((status = 'final') = (number is not null))
);
create index invoices_tenant on invoices (tenant_id, period desc);
create index invoices_drafts on invoices (period_end) where status = 'draft';

create table invoice_lines (
  invoice_id     uuid not null references invoices(id),
  line_no        int not null,
  kind           text not null check (kind in ('subscription', 'credit_package', 'usage', 'grant', 'clawback')),
  description    text not null,
  quantity       bigint not null,
  credits_millis bigint not null,
  usd_cents      bigint not null,
  primary key (invoice_id, line_no)
);

-- Gapless numbering: the year's counter moves in the transaction that makes an invoice final.
create table invoice_numbers (
  year         int primary key,
  last_number  int not null
);

-- A final invoice and its lines never change.
create function invoices_final_immutable() returns trigger language plpgsql as $$
begin
  if old.status = 'final' then
    raise exception 'invoice % is final and cannot change', old.id;
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger invoices_final_immutable before update or delete on invoices
  for each row execute function invoices_final_immutable();

create function invoice_lines_final_immutable() returns trigger language plpgsql as $$
declare
  st text;
begin
  select status into st from invoices where id = coalesce(old.invoice_id, new.invoice_id);
  if st = 'final' then
    raise exception 'invoice % is final: its lines cannot change', coalesce(old.invoice_id, new.invoice_id);
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger invoice_lines_final_immutable before insert or update or delete on invoice_lines
  for each row execute function invoice_lines_final_immutable();
