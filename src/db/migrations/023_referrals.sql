-- Issue 17, referral (doorverwijzen): a ticket passed on to the competent entity moves there
-- (tickets.entity_id); this row is the trace the sending entity keeps. The outcome (status, who
-- handles it now) is read from the ticket itself, never copied, so the trace cannot go stale.
-- The note is an agent's text and may hold personal data: logs and audit details carry the id only.
create table if not exists ticket_referrals (
  id bigint generated always as identity primary key,
  ticket_id bigint not null references tickets(id),
  from_entity_id text not null references entities(id),
  to_entity_id text not null references entities(id),
  note text not null,
  -- the audit actor ('user:12', 'system') and the name shown on the trace
  referred_by text not null,
  referred_by_name text not null,
  -- the complaint case that moved with the ticket, when there was one
  complaint_id bigint references complaints(id),
  -- the citizen reply the referring agent approved ("we hebben uw vraag doorgegeven aan …")
  reply_message_id bigint,
  referred_at timestamptz not null default now(),
  check (from_entity_id <> to_entity_id)
);
create index if not exists ticket_referrals_ticket_idx on ticket_referrals (ticket_id, referred_at, id);
create index if not exists ticket_referrals_from_idx on ticket_referrals (from_entity_id, referred_at desc, id desc);
create index if not exists ticket_referrals_to_idx on ticket_referrals (to_entity_id, referred_at desc, id desc);
-- markReplySent asks, for every reply it records, whether it is a referral's notice to the citizen
create index if not exists ticket_referrals_reply_idx on ticket_referrals (reply_message_id) where reply_message_id is not null;
