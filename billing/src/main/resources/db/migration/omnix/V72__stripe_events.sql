-- Stripe webhook events, each applied once (the event id is the key), with what applying it did.
create table stripe_events (
  event_id     text primary key,
  type         text not null,
  created_at   timestamptz not null,   -- Stripe's own 'created' time of the event
  received_at  timestamptz not null,
  tenant_id    text references tenants(id),
  outcome      text not null,          -- applied | ignored | unmapped | stale
  detail       text
);

-- Paid credit packages by payment intent: what a refund claws back from.
create table stripe_payments (
  payment_intent   text primary key,
  tenant_id        text not null references tenants(id),
  amount_cents     bigint not null check (amount_cents > 0),
  credits_millis   bigint not null check (credits_millis > 0),
  refunded_cents   bigint not null default 0 check (refunded_cents >= 0),
  clawed_millis    bigint not null default 0,
  shortfall_millis bigint not null default 0,
  created_at       timestamptz not null
);

-- A refund reported before the purchase it refunds: applied when the purchase arrives.
create table stripe_pending_refunds (
  payment_intent         text primary key,
  amount_refunded_cents  bigint not null check (amount_refunded_cents > 0),
  received_at            timestamptz not null
);
