-- Written for PostgreSQL 15 (servers) and runs unchanged on PGlite (PostgreSQL 18).

create table entities (
  id text primary key,
  name text not null,
  coordinator_name text,
  coordinator_email text,
  complaint_threshold real not null default 0.5,
  time_zone text not null default 'Europe/Brussels',
  settings jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table channels (
  id text primary key,
  entity_id text not null references entities(id),
  platform text not null,
  name text,
  account jsonb not null default '{}',
  base_url text,
  credentials_encrypted text,
  poll_interval_seconds integer not null default 60 check (poll_interval_seconds > 0),
  enabled boolean not null default true,
  cursor jsonb,
  status text not null default 'idle'
    check (status in ('idle', 'ok', 'error', 'rate_limited', 'auth_expired', 'disabled')),
  last_polled_at timestamptz,
  last_success_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  rate_limited_until timestamptz,
  auth_failures integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table contacts (
  id bigint generated always as identity primary key,
  platform text not null,
  platform_user_id text not null,
  handle text,
  name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (platform, platform_user_id)
);

create sequence ticket_number_seq start with 1001;

-- Some foreign keys are left out on the two hot tables where the column is fixed by another one
-- (a ticket's entity is its channel's; a message's channel and contact are its ticket's):
-- checking them per row costs ingest throughput and protects nothing ingest can get wrong.
create table tickets (
  id bigint generated always as identity primary key,
  number bigint not null unique default nextval('ticket_number_seq'),
  entity_id text not null,
  channel_id text not null references channels(id),
  contact_id bigint not null references contacts(id),
  conversation_key text not null,
  category text not null check (category in ('question', 'dissatisfaction', 'complaint', 'other')),
  category_confidence real,
  category_source text not null default 'auto' check (category_source in ('auto', 'manual')),
  signals jsonb not null default '[]',
  flags jsonb not null default '[]',
  lang text,
  status text not null default 'new' check (status in ('new', 'open', 'pending', 'resolved', 'closed')),
  priority text not null default 'medium' check (priority in ('low', 'medium', 'high', 'urgent')),
  message_count integer not null default 0,
  last_message_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  first_response_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz
);
create index tickets_thread_idx on tickets (channel_id, conversation_key, id desc);
create index tickets_queue_idx on tickets (entity_id, status, updated_at desc);
create index tickets_updated_idx on tickets (updated_at desc);

create table messages (
  id bigint generated always as identity primary key,
  ticket_id bigint not null references tickets(id),
  channel_id text not null,
  -- null for an outbound reply until the platform has accepted it
  external_id text,
  direction text not null check (direction in ('inbound', 'outbound')),
  kind text not null,
  visibility text check (visibility in ('public', 'private')),
  conversation_key text not null,
  parent_external_id text,
  contact_id bigint,
  text text not null,
  lang text,
  category text,
  category_confidence real,
  signals jsonb not null default '[]',
  flags jsonb not null default '[]',
  attachments jsonb not null default '[]',
  permalink text,
  raw jsonb,
  delivery_status text check (delivery_status in ('queued', 'sent', 'failed')),
  delivery_error text,
  sent_at timestamptz not null,
  created_at timestamptz not null default now(),
  unique (channel_id, external_id)
);
create index messages_ticket_idx on messages (ticket_id, sent_at, id);

create table complaints (
  id bigint generated always as identity primary key,
  ticket_id bigint not null unique references tickets(id),
  entity_id text not null references entities(id),
  status text not null default 'received',
  received_at timestamptz not null default now(),
  notified_at timestamptz,
  withdrawn_at timestamptz,
  withdrawn_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table outbox (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('route', 'reply')),
  idempotency_key text not null unique,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'processing', 'done', 'failed')),
  attempts integer not null default 0,
  last_error text,
  available_at timestamptz not null default now(),
  locked_until timestamptz,
  dispatched_at timestamptz,
  created_at timestamptz not null default now(),
  done_at timestamptz
);
create index outbox_open_idx on outbox (status, available_at) where status in ('pending', 'processing');

create table quarantine (
  id bigint generated always as identity primary key,
  channel_id text not null references channels(id),
  item_type text not null,
  external_id text,
  reason text not null,
  raw jsonb,
  seen_count integer not null default 1,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  resolved_at timestamptz
);
-- the same malformed item polled again is counted, not stored twice
create unique index quarantine_item_idx on quarantine (channel_id, item_type, external_id);

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  subject_type text not null,
  subject_id text not null,
  details jsonb not null default '{}'
);
create index audit_subject_idx on audit_log (subject_type, subject_id, at);
