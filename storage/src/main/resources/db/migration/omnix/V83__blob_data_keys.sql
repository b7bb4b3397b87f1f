-- Per-tenant data keys for blob encryption (crypto-shredding): one Tink keyset per scope
-- ('tenants/<id>'), encrypted by the master key from configuration. Erasure deletes the row first.
create table blob_data_keys (
  scope          text primary key,
  key_id         bigint not null,
  wrapped_keyset bytea not null,
  created_at     timestamptz not null
);
