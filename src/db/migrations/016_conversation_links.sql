-- One story per case (issue 13): a private reply to a public post opens a private conversation on
-- the platform (an X DM, a Messenger thread after a private reply to a Facebook comment, an Instagram
-- DM). The citizen's answers there arrive under that conversation's own key; this link sends them
-- to the ticket the reply was sent from, as long as the conversation has no open ticket of its own.
-- channel_id is the channel the conversation's messages arrive on (Messenger for a Facebook Page).
create table if not exists conversation_links (
  channel_id text not null references channels(id) on delete cascade,
  conversation_key text not null,
  ticket_id bigint not null references tickets(id) on delete cascade,
  linked_at timestamptz not null default now(),
  primary key (channel_id, conversation_key)
);
create index if not exists conversation_links_ticket_idx on conversation_links (ticket_id);
