-- Assets: every stored file, original or derived. source_asset_id and derived_by_job_id form the lineage that
-- retention and right-to-be-forgotten walk, so deleting an original can reach every file derived from it.
create table assets (
  id                 text primary key,
  tenant_id          text not null references tenants(id),
  blob_key           text not null,
  backend            text not null,
  status             text not null check (status in ('ready', 'deleted')),
  filename           text,              -- the client's file name: metadata only, never part of the key
  content_type       text not null,     -- sniffed from the bytes
  size               bigint not null,
  sha256             text not null,
  source_asset_id    text references assets(id),
  derived_by_job_id  uuid references jobs(id) on delete set null,
  upload_id          text unique,       -- the resumable upload it came from, so completing twice is idempotent
  metadata           jsonb not null default '{}',
  created_at         timestamptz not null,
  deleted_at         timestamptz
);
create index assets_tenant_created on assets (tenant_id, created_at desc, id desc);
create index assets_source on assets (source_asset_id);
