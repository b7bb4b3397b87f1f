-- How a chat reply was paid: the plan's allowance (or an unlimited plan) or credits held and settled in the ledger
-- under the hold key chat:<message id>. Null while streaming and for replies nothing was charged for.
alter table chat_messages add column paid_from text check (paid_from in ('allowance', 'credits'));
