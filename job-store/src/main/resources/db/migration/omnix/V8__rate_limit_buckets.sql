-- Bucket4j's token buckets for limits shared by every worker process (providers' rate limits).
create table rate_limit_buckets (
  id     text primary key,
  state  bytea
);
