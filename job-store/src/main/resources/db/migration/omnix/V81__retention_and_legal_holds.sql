-- Retention policy as data, and legal holds (docs/ARCHITECTURE.md, "Data lifecycle").
--
-- Every asset and job carries its deadline (expires_at), so a retention sweep is an index scan on it. Deadlines of
-- data kept by policy are computed here, from one place (omnix_retention_days), whoever inserts the row, and again
-- whenever the policy changes (a tenant's override, its plan, a plan default).

create table retention_plan_defaults (
  plan              text primary key check (plan in ('free', 'student', 'pro', 'team', 'enterprise')),
  asset_days        int not null check (asset_days between 1 and 3650),
  job_days          int not null check (job_days between 1 and 3650),
  upload_retention  text not null check (upload_retention in ('temporary', 'policy'))
);
-- The same figures as RetentionPolicy.PLAN_DEFAULTS (a test compares them). Enterprise: per contract, through a
-- tenant override; until then Team's.
insert into retention_plan_defaults (plan, asset_days, job_days, upload_retention) values
  ('free', 30, 30, 'temporary'),
  ('student', 90, 90, 'temporary'),
  ('pro', 365, 365, 'temporary'),
  ('team', 365, 365, 'temporary'),
  ('enterprise', 365, 365, 'temporary');

create table tenant_retention_policies (
  tenant_id         text primary key references tenants(id) on delete cascade,
  asset_days        int check (asset_days between 1 and 3650),
  job_days          int check (job_days between 1 and 3650),
  upload_retention  text check (upload_retention in ('temporary', 'policy')),
  updated_at        timestamptz not null,
  updated_by        text not null
);

-- plpgsql, not sql: its plan is cached for the session, and it runs on every insert of an asset or a job.
create function omnix_retention_days(p_tenant text, p_kind text) returns int language plpgsql stable as $$
declare
  days int;
begin
  select case p_kind when 'asset' then coalesce(o.asset_days, d.asset_days)
                     else coalesce(o.job_days, d.job_days) end
    into days
  from tenants t
  join retention_plan_defaults d on d.plan = t.plan
  left join tenant_retention_policies o on o.tenant_id = t.id
  where t.id = p_tenant;
  return days;
end $$;

create table legal_holds (
  id              uuid primary key,
  tenant_id       text not null references tenants(id),
  asset_id        text references assets(id),     -- null: the whole tenant
  reason          text not null,
  placed_at       timestamptz not null,
  placed_by       text not null,                  -- actor kind:id
  released_at     timestamptz,
  released_by     text,
  release_reason  text
);
create index legal_holds_active on legal_holds (tenant_id, asset_id) where released_at is null;
create index legal_holds_placed on legal_holds (placed_at desc, id desc);

-- Assets: retention mode (policy | temporary | until), deadline, and whether a hold covers it (kept in step by the
-- holds code and by the insert trigger below; the deletion check reads legal_holds itself).
alter table assets
  add column retention text not null default 'policy' check (retention in ('policy', 'temporary', 'until')),
  add column expires_at timestamptz,
  add column legal_hold boolean not null default false;
update assets set expires_at = created_at + omnix_retention_days(tenant_id, 'asset') * interval '1 day';
alter table assets alter column expires_at set not null;
create index assets_expiry on assets (expires_at) where status = 'ready';

create function omnix_asset_retention_defaults() returns trigger language plpgsql as $$
begin
  if new.expires_at is null then
    new.retention := 'policy';
    new.expires_at := new.created_at + omnix_retention_days(new.tenant_id, 'asset') * interval '1 day';
  end if;
  -- Waits for a hold being placed on the tenant (it locks the tenant row), then sees it.
  perform 1 from tenants where id = new.tenant_id for key share;
  new.legal_hold := exists (select 1 from legal_holds
                            where tenant_id = new.tenant_id and asset_id is null and released_at is null);
  return new;
end $$;
create trigger assets_retention_defaults before insert on assets
  for each row execute function omnix_asset_retention_defaults();

-- Jobs: what the job's reserved 'retention' param said (inherit | policy | temporary) and the record's deadline.
-- inherit: the tenant's job period, but no later than the job's input assets.
alter table jobs
  add column retention text not null default 'inherit' check (retention in ('inherit', 'policy', 'temporary')),
  add column expires_at timestamptz;

create function omnix_job_expiry(p_tenant text, p_retention text, p_created timestamptz, p_input jsonb)
  returns timestamptz language plpgsql stable as $$
declare
  kept timestamptz;
  inputs timestamptz;
begin
  if p_retention = 'temporary' then
    return p_created + interval '24 hours';
  end if;
  kept := p_created + omnix_retention_days(p_tenant, 'job') * interval '1 day';
  if p_retention = 'policy' then
    return kept;
  end if;
  if p_input ? 'asset_id' then
    select a.expires_at into inputs from assets a
    where a.id = p_input ->> 'asset_id' and a.tenant_id = p_tenant;
  elsif p_input ? 'asset_ids' then
    select min(a.expires_at) into inputs from assets a
    where a.tenant_id = p_tenant and a.id in (select jsonb_array_elements_text(p_input -> 'asset_ids'));
  end if;
  return least(kept, inputs);
end $$;

update jobs set retention = case when params ->> 'retention' in ('policy', 'temporary')
                                 then params ->> 'retention' else 'inherit' end;
update jobs set expires_at = omnix_job_expiry(tenant_id, retention, created_at, input);
alter table jobs alter column expires_at set not null;
create index jobs_expiry on jobs (expires_at);

create function omnix_job_retention_defaults() returns trigger language plpgsql as $$
begin
  if new.expires_at is null then
    new.retention := case when new.params ->> 'retention' in ('policy', 'temporary')
                          then new.params ->> 'retention' else 'inherit' end;
    new.expires_at := omnix_job_expiry(new.tenant_id, new.retention, new.created_at, new.input);
  end if;
  return new;
end $$;
create trigger jobs_retention_defaults before insert on jobs
  for each row execute function omnix_job_retention_defaults();

-- A policy change recomputes the deadlines of what is kept by policy, and caps explicit ones at the new period.
create function omnix_reapply_retention(p_tenant text) returns void language plpgsql as $$
declare
  period interval := omnix_retention_days(p_tenant, 'asset') * interval '1 day';
begin
  update assets set expires_at = created_at + period
  where tenant_id = p_tenant and status = 'ready' and retention = 'policy'
    and expires_at <> created_at + period;
  update assets set expires_at = created_at + period
  where tenant_id = p_tenant and status = 'ready' and retention = 'until'
    and expires_at > created_at + period;
  update jobs j set expires_at = omnix_job_expiry(j.tenant_id, j.retention, j.created_at, j.input)
  where j.tenant_id = p_tenant and j.retention <> 'temporary'
    and j.expires_at <> omnix_job_expiry(j.tenant_id, j.retention, j.created_at, j.input);
end $$;

create function omnix_tenant_retention_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    perform omnix_reapply_retention(old.tenant_id);
  else
    perform omnix_reapply_retention(new.tenant_id);
  end if;
  return null;
end $$;
create trigger tenant_retention_policies_reapply after insert or update or delete on tenant_retention_policies
  for each row execute function omnix_tenant_retention_changed();

create function omnix_tenant_plan_changed() returns trigger language plpgsql as $$
begin
  perform omnix_reapply_retention(new.id);
  return null;
end $$;
create trigger tenants_plan_reapply_retention after update of plan on tenants
  for each row when (old.plan is distinct from new.plan) execute function omnix_tenant_plan_changed();

create function omnix_plan_default_changed() returns trigger language plpgsql as $$
declare
  t record;
begin
  for t in select id from tenants where plan = new.plan loop
    perform omnix_reapply_retention(t.id);
  end loop;
  return null;
end $$;
create trigger retention_plan_defaults_reapply after update on retention_plan_defaults
  for each row execute function omnix_plan_default_changed();
