-- Keys installed by AdminBootstrap (omnix.api.bootstrap-api-key, or the key generated on a first start) are marked,
-- so that installing a new bootstrap key revokes the previous one.
alter table api_keys add column bootstrap boolean not null default false;

-- Before this migration only AdminBootstrap created admin keys (/v1/me/keys and POST /v1/tenants issued tenant keys),
-- so every admin key of the admin tenant is a bootstrap key, the public docker-compose default included.
update api_keys set bootstrap = true where tenant_id = 'admin' and is_admin;
