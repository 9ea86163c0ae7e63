-- Issue 17, topic spikes: signals to the competent service when a topic rises well above its usual
-- volume. The key phrases of inbound messages are kept only as hashes (a citizen's words are personal
-- data), only for the recent days detection compares with, and are filled by a job after ingest, not
-- in the ingest transaction. A signal is one episode of one topic of one entity.
-- No key and no foreign key: a message is indexed once (the batch and the progress row move in one
-- transaction), the rows hold no text, and they are pruned after the longest baseline; each index or
-- check would cost every one of some 25 rows per message.
create table if not exists message_topics (
  message_id bigint not null,
  entity_id text not null,
  -- a 53-bit hash of the key phrase (src/signals/key-phrases.ts)
  topic bigint not null,
  sent_at timestamptz not null
);
create index if not exists message_topics_count_idx on message_topics (entity_id, topic, sent_at);
create index if not exists message_topics_window_idx on message_topics (entity_id, sent_at);

-- How far the job has read the messages table (one row).
create table if not exists message_topics_progress (
  id integer primary key check (id = 1),
  last_message_id bigint not null default 0,
  updated_at timestamptz not null default now()
);
insert into message_topics_progress (id) values (1) on conflict (id) do nothing;

create table if not exists topic_signals (
  id bigint generated always as identity primary key,
  entity_id text not null references entities(id) on delete cascade,
  topic bigint not null,
  -- the key phrase as shown (the most frequent form), and phrases merged into it
  phrase text not null,
  related jsonb not null default '[]',
  window_start timestamptz not null,
  window_end timestamptz not null,
  -- the explanation: messages in the window, the baseline count over baseline_days, the expected
  -- count in a window of this length, their ratio and the Poisson tail probability
  message_count integer not null,
  baseline_count integer not null,
  baseline_days integer not null,
  expected real not null,
  ratio real not null,
  p_value double precision not null,
  message_ids jsonb not null default '[]',
  status text not null default 'open' check (status in ('open', 'acknowledged', 'dismissed')),
  handled_by text,
  handled_at timestamptz,
  -- when the topic's rate fell back: the episode is over
  ended_at timestamptz,
  created_at timestamptz not null default now()
);
-- one open episode per topic and entity: running detection twice raises nothing new
create unique index if not exists topic_signals_one_episode on topic_signals (entity_id, topic) where ended_at is null;
create index if not exists topic_signals_entity_idx on topic_signals (entity_id, created_at desc);

alter table outbox drop constraint if exists outbox_kind_check;
alter table outbox add constraint outbox_kind_check
  check (kind in ('coordinator_mail', 'coordinator_webhook', 'intake', 'reply', 'letter_mail', 'signal_mail'));
