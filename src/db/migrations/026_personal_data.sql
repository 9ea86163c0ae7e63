-- Issue 17, personal data (GDPR): a citizen's data can be exported, erased, and is kept only as long
-- as the entity's retention settings (entities.settings.retention) allow.
--
-- An erased message keeps its row (ticket, direction, kind, category, dates: what reports count) and
-- its external id (so a re-poll does not bring the text back); its text is '' and erased_at says why.
alter table messages add column if not exists erased_at timestamptz;

-- The contact row becomes a tombstone once nothing of it remains in any entity: name 'gewist',
-- handle null, erased_at set. Its platform user id stays, so a later message of the same account
-- does not make a second contact.
alter table contacts add column if not exists erased_at timestamptz;

-- One line per erasure of a contact in one entity: who asked it, when, and how much was erased
-- (counts only, never the erased text).
create table if not exists contact_erasures (
  id bigint generated always as identity primary key,
  contact_id bigint not null references contacts(id),
  entity_id text not null references entities(id),
  erased_at timestamptz not null default now(),
  actor text not null,
  counts jsonb not null default '{}'
);
create index if not exists contact_erasures_contact_idx on contact_erasures (contact_id, entity_id);
