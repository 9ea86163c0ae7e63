-- Agents' manual re-tagging: the classifier learns from these (inbox classify export-corrections).
create table classification_corrections (
  id bigint generated always as identity primary key,
  ticket_id bigint not null references tickets(id),
  from_category text not null,
  to_category text not null check (to_category in ('question', 'dissatisfaction', 'complaint', 'other')),
  actor text not null,
  reason text,
  created_at timestamptz not null default now()
);
create index classification_corrections_created_idx on classification_corrections (created_at);
