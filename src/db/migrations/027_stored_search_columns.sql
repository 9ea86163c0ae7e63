-- Issue 16: search at a million tickets. A message's tsvector and its folded text are stored (generated
-- columns, recomputed by PostgreSQL whenever the text or language changes, an erased text included), so
-- that neither the index's recheck nor a walk of the queue newest first recomputes them per row: a common
-- word's search reads a few hundred tickets instead of stemming a third of all messages.
-- Both columns in one statement: one rewrite of the table.
alter table messages
  add column search_vector tsvector generated always as (case when lang = 'fr' then to_tsvector('inbox_fr'::regconfig, text) when lang = 'en' then to_tsvector('inbox_en'::regconfig, text) else to_tsvector('inbox_nl'::regconfig, text) end) stored,
  add column search_text text generated always as (inbox_fold(text)) stored;

drop index if exists messages_search_idx;
drop index if exists messages_fold_trgm_idx;
create index messages_search_vector_idx on messages using gin (search_vector);
do $$ begin if exists (select 1 from pg_extension where extname = 'pg_trgm') then execute 'create index messages_search_text_trgm_idx on messages using gin (search_text gin_trgm_ops)'; end if; end $$;
