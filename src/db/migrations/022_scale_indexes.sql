-- Issue 16: the queue, its counts, search and the dashboard at a million tickets.
-- Statements are split on a semicolon at a line's end, so each DO block stays on its line(s) with
-- inner semicolons followed by more text.

-- Accent folding and substring (trigram) matching. A server without the contrib modules, or a PGlite
-- that did not load them, still migrates: search then folds case only and matches substrings without an index.
do $$ begin create extension if not exists unaccent; exception when others then raise notice 'unaccent is not available: %', sqlerrm; end $$;
do $$ begin create extension if not exists pg_trgm; exception when others then raise notice 'pg_trgm is not available: %', sqlerrm; end $$;

-- inbox_fold(text): lower case without accents, the form substring search compares ("passé" = "passe").
-- Immutable so that it can be indexed; the unaccent dictionary is named with its schema.
do $$ declare schema_name text; begin select n.nspname into schema_name from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent'; if schema_name is null then execute 'create or replace function inbox_fold(text) returns text language sql immutable strict parallel safe as $f$ select lower($1) $f$'; else execute format('create or replace function inbox_fold(text) returns text language sql immutable strict parallel safe as $f$ select lower(%I.unaccent(%L::regdictionary, $1)) $f$', schema_name, schema_name || '.unaccent'); end if; end $$;

-- One text search configuration per language a message can be in: the language's snowball stemmer
-- (and stop words) after folding accents.
create text search configuration inbox_nl (copy = dutch);
create text search configuration inbox_fr (copy = french);
create text search configuration inbox_en (copy = english);
do $$ declare dict text; begin select format('%I.unaccent', n.nspname) into dict from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent'; if dict is not null then execute format('alter text search configuration inbox_nl alter mapping for hword, hword_part, word with %s, dutch_stem', dict); execute format('alter text search configuration inbox_fr alter mapping for hword, hword_part, word with %s, french_stem', dict); execute format('alter text search configuration inbox_en alter mapping for hword, hword_part, word with %s, english_stem', dict); end if; end $$;

-- Message text: an expression index in the message's own language (no stored column, so ingest
-- writes one index entry per message as before). The same expression is in src/tickets/sql.ts.
drop index if exists messages_fts_idx;
create index messages_search_idx on messages using gin ((case when lang = 'fr' then to_tsvector('inbox_fr'::regconfig, text) when lang = 'en' then to_tsvector('inbox_en'::regconfig, text) else to_tsvector('inbox_nl'::regconfig, text) end));

-- Substrings of compound words ("premie" in "renovatiepremie") and exact phrases, in messages and in a
-- contact's handle and name.
do $$ begin if exists (select 1 from pg_extension where extname = 'pg_trgm') then execute 'create index messages_fold_trgm_idx on messages using gin (inbox_fold(text) gin_trgm_ops)'; execute $i$create index contacts_fold_trgm_idx on contacts using gin (inbox_fold(coalesce(handle, '') || ' ' || coalesce(name, '')) gin_trgm_ops)$i$; end if; end $$;

-- The queue: every list leaves merged tickets out and reads newest first, for one entity or for all.
create index tickets_live_updated_idx on tickets (updated_at desc, id desc) where merged_into_id is null;
create index tickets_entity_updated_idx on tickets (entity_id, updated_at desc, id desc) where merged_into_id is null;
create index tickets_category_updated_idx on tickets (category, updated_at desc, id desc) where merged_into_id is null;
create index tickets_entity_category_idx on tickets (entity_id, category, updated_at desc, id desc) where merged_into_id is null;
create index tickets_status_updated_idx on tickets (status, updated_at desc, id desc) where merged_into_id is null;
create index ticket_tags_tag_idx on ticket_tags (tag, ticket_id);

-- The dashboard's window by creation date, read from the index alone.
create index tickets_entity_created_idx on tickets (entity_id, created_at)
  include (channel_id, category, first_response_at, resolved_at, closed_at) where merged_into_id is null;

-- A contact's other tickets on the ticket view.
create index tickets_contact_idx on tickets (contact_id, entity_id, created_at desc, id desc) where merged_into_id is null;

-- The dashboard's open tickets and their SLA state, read from the index alone.
create index tickets_open_sla_idx on tickets (entity_id) include (first_response_at, first_response_due_at, resolution_due_at)
  where merged_into_id is null and status not in ('resolved', 'closed');
