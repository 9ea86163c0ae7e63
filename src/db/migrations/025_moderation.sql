-- Issue 17: moderation on the platform (hide or unhide a comment, hold, reject or publish a YouTube
-- comment, delete a LinkedIn comment), asked by an agent or by the entity's policy for a flag the
-- classifier set. One row per request, newest last; the message's state on the platform is that of
-- its newest request that was carried out. The platform call goes through the outbox ('moderation').

create table if not exists moderation_actions (
  id bigint generated always as identity primary key,
  message_id bigint not null references messages(id),
  ticket_id bigint not null,
  entity_id text not null,
  action text not null check (action in ('hide', 'unhide', 'hold', 'reject', 'publish', 'delete')),
  -- 'user:<id>' for an agent, 'policy' for the entity's automatic moderation
  actor text not null,
  -- the classifier's flag the policy acted on (or the agent named); null when none
  flag text,
  status text not null default 'queued' check (status in ('queued', 'done', 'failed', 'superseded')),
  -- the state on the platform once done: hidden, visible, held, rejected, deleted
  state text,
  error text,
  requested_at timestamptz not null default now(),
  done_at timestamptz
);
create index if not exists moderation_actions_message_idx on moderation_actions (message_id, id desc);
create index if not exists moderation_actions_ticket_idx on moderation_actions (ticket_id);
-- The policy acts once per message and flag set: a re-ingested message asks nothing again.
create unique index if not exists moderation_actions_policy_once on moderation_actions (message_id) where actor = 'policy';

alter table outbox drop constraint if exists outbox_kind_check;
alter table outbox add constraint outbox_kind_check
  check (kind in ('coordinator_mail', 'coordinator_webhook', 'intake', 'reply', 'letter_mail', 'signal_mail', 'moderation'));
