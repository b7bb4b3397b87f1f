-- The credit ledger (billing.ledger.JdbcCreditLedger). Amounts are integer milli-credits (1 credit = 1000; one credit
-- is sold for USD 0.10). Accounts: each tenant's 'available' and 'reserved', and the system accounts 'revenue',
-- 'purchases', 'promotional_grants', 'refunds' (docs/ARCHITECTURE.md, "Credits and the ledger").

-- One row per tenant: the balance the entries add up to, and the row every operation of the tenant locks first.
create table credit_balances (
  tenant_id         text primary key references tenants(id),
  available_millis  bigint not null default 0 check (available_millis >= 0),
  reserved_millis   bigint not null default 0 check (reserved_millis >= 0),
  updated_at        timestamptz not null
);

-- Each operation once per (tenant, key): a repeat replays its outcome, another amount or kind is a conflict.
create table ledger_operations (
  tenant_id         text not null references tenants(id),
  key               text not null,
  kind              text not null check (kind in ('reserve', 'settle', 'release', 'purchase', 'grant', 'clawback')),
  requested_millis  bigint not null check (requested_millis >= 0),
  applied_millis    bigint not null check (applied_millis >= 0),
  reference         text,
  created_at        timestamptz not null,
  primary key (tenant_id, key)
);

-- Append-only double entry: a positive amount from the debit account to the credit account.
create table ledger_entries (
  id              bigserial primary key,
  tenant_id       text not null references tenants(id),
  entry_key       text not null,
  operation_key   text not null,
  kind            text not null check (kind in ('reserve', 'settle', 'release', 'purchase', 'grant', 'clawback')),
  debit_account   text not null check (debit_account in
                    ('available', 'reserved', 'revenue', 'purchases', 'promotional_grants', 'refunds')),
  credit_account  text not null check (credit_account in
                    ('available', 'reserved', 'revenue', 'purchases', 'promotional_grants', 'refunds')),
  amount_millis   bigint not null check (amount_millis > 0),
  hold_key        text,
  reference       text,
  created_at      timestamptz not null,
  check (debit_account <> credit_account),
  unique (tenant_id, entry_key),
  foreign key (tenant_id, operation_key) references ledger_operations (tenant_id, key)
);
create index ledger_entries_tenant on ledger_entries (tenant_id, id);
create index ledger_entries_hold on ledger_entries (tenant_id, hold_key) where hold_key is not null;

create function ledger_entries_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'ledger_entries is append-only: write a correcting entry instead';
end $$;
create trigger ledger_entries_append_only before update or delete on ledger_entries
  for each row execute function ledger_entries_append_only();

-- Escrow: credits held for a job or chat message until settled (charged, rest released) or released.
create table credit_holds (
  tenant_id       text not null references tenants(id),
  hold_key        text not null,
  amount_millis   bigint not null check (amount_millis > 0),
  status          text not null check (status in ('open', 'settled', 'released')),
  charged_millis  bigint not null default 0 check (charged_millis >= 0 and charged_millis <= amount_millis),
  reference       text,
  created_at      timestamptz not null,
  closed_at       timestamptz,
  primary key (tenant_id, hold_key)
);
create index credit_holds_open on credit_holds (created_at) where status = 'open';
