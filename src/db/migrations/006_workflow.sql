-- Ticket workflow: assignment, merging, SLA due dates, tags, internal notes, canned responses,
-- saved views, SLA policies with business hours, and full-text search over message texts.

alter table tickets add column assignee_id bigint references users(id) on delete set null;
alter table tickets add column merged_into_id bigint references tickets(id);
alter table tickets add column first_response_due_at timestamptz;
alter table tickets add column resolution_due_at timestamptz;
create index tickets_assignee_idx on tickets (assignee_id, updated_at desc) where assignee_id is not null;
-- the "overdue" filter and the "due" sort only look at tickets still being worked on
create index tickets_due_idx on tickets (entity_id, resolution_due_at) where status not in ('resolved', 'closed');

-- 'simple' (no stemming, lower-cased) fits a mix of Dutch, French and English texts; an expression index
-- keeps ingest to one extra index entry per message instead of a stored tsvector column.
create index messages_fts_idx on messages using gin (to_tsvector('simple', text));

create table ticket_tags (
  ticket_id bigint not null references tickets(id),
  -- the ticket's entity, so tag counts per entity need no join
  entity_id text not null,
  tag text not null check (tag = lower(tag) and length(tag) between 1 and 40),
  created_at timestamptz not null default now(),
  primary key (ticket_id, tag)
);
create index ticket_tags_entity_idx on ticket_tags (entity_id, tag);

create table ticket_notes (
  id bigint generated always as identity primary key,
  ticket_id bigint not null references tickets(id),
  -- null for the machine token, or an account deleted since
  author_id bigint references users(id) on delete set null,
  author_name text not null,
  text text not null,
  created_at timestamptz not null default now()
);
create index ticket_notes_ticket_idx on ticket_notes (ticket_id, created_at);

create table canned_responses (
  id bigint generated always as identity primary key,
  entity_id text not null references entities(id),
  lang text not null check (lang in ('nl', 'fr', 'en')),
  title text not null,
  body text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index canned_responses_entity_idx on canned_responses (entity_id, lang, title);

create table saved_views (
  id bigint generated always as identity primary key,
  user_id bigint not null references users(id) on delete cascade,
  -- a shared view is shown to everyone of this entity
  entity_id text references entities(id),
  name text not null,
  filter jsonb not null default '{}',
  shared boolean not null default false,
  created_at timestamptz not null default now(),
  check (not shared or entity_id is not null)
);
create index saved_views_user_idx on saved_views (user_id);
create index saved_views_shared_idx on saved_views (entity_id) where shared;

-- Targets in business minutes per entity and priority; a priority without a row uses the built-in default.
create table sla_policies (
  entity_id text not null references entities(id),
  priority text not null check (priority in ('low', 'medium', 'high', 'urgent')),
  first_response_minutes integer not null check (first_response_minutes > 0),
  resolution_minutes integer not null check (resolution_minutes > 0),
  primary key (entity_id, priority)
);

-- Business hours in the entity's time zone (entities.time_zone); none = Mon–Fri 09:00–17:00.
-- Kept apart from entities.settings, which the configuration file rewrites on every start.
create table sla_calendars (
  entity_id text primary key references entities(id),
  -- [{ "day": 1..7 (ISO, 1 = Monday), "start": "HH:MM", "end": "HH:MM" }]
  business_hours jsonb not null,
  -- ["YYYY-MM-DD", ...] local dates without business hours
  holidays jsonb not null default '[]',
  updated_at timestamptz not null default now()
);

-- Round-robin auto-assignment: who got a new ticket last, per entity.
create table assignment_turns (
  entity_id text not null references entities(id),
  user_id bigint not null references users(id) on delete cascade,
  last_assigned_at timestamptz not null,
  primary key (entity_id, user_id)
);
