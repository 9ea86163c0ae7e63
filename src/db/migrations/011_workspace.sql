-- The agent's workspace (issue 12): snoozing a ticket, what each person has read, who is on a ticket.
--
-- Snooze: hidden from the queue until `snoozed_until` passes (no job: a passed time simply no longer
-- counts) or, with `snoozed_until_reply`, until the citizen writes again; ingest clears both when a
-- citizen message joins the ticket.
alter table tickets add column snoozed_until timestamptz;
alter table tickets add column snoozed_until_reply boolean not null default false;

-- Read state per person: the newest citizen message (by id, the order messages were stored in) that
-- the person had when they last opened the ticket. A later citizen message makes it unread again.
create table ticket_reads (
  ticket_id bigint not null references tickets(id) on delete cascade,
  user_id bigint not null references users(id) on delete cascade,
  last_read_message_id bigint not null default 0,
  read_at timestamptz not null,
  primary key (user_id, ticket_id)
);

-- Presence: who has a ticket open (and whether they type), refreshed by a heartbeat every few seconds;
-- a row not refreshed for 30 seconds no longer counts.
create table ticket_presence (
  ticket_id bigint not null references tickets(id) on delete cascade,
  user_id bigint not null references users(id) on delete cascade,
  state text not null check (state in ('viewing', 'typing')),
  seen_at timestamptz not null,
  primary key (ticket_id, user_id)
);
