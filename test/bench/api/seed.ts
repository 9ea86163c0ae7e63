/**
 * The scale seed of `npm run bench:api`: entities, channels, users, contacts, tickets, messages, tags
 * and complaint cases in bulk SQL (generate_series, INSERT … SELECT) on a database the project's own
 * migrations built. The tables' secondary indexes and foreign keys are dropped for the load and put
 * back as the migrations defined them (whatever they are at the time), then the tables are vacuumed
 * and analyzed, so the planner sees what a long-running installation would have.
 */
import type pg from 'pg';
import { COUNTED, FIRST_NAMES, LAST_NAMES, OPENERS, REPLIES, SLOTS, TAGS, TEMPLATES, pool } from './texts.js';

export const ENTITY_COUNT = 60;
export const CHANNELS_PER_ENTITY = 3;
export const AGENTS_PER_ENTITY = 5;
const PLATFORMS = ['x', 'facebook', 'instagram'] as const;

export interface SeedSize {
  tickets: number;
  /** 1.5 messages per ticket: every ticket one citizen message, every second ticket a follow-up or a reply. */
  messages: number;
  contacts: number;
}

export function seedSize(tickets: number): SeedSize {
  return { tickets, messages: tickets + Math.floor(tickets / 2), contacts: Math.round(tickets * 0.7) };
}

export const entityId = (n: number) => `bench-${String(n).padStart(2, '0')}`;

const LOADED_TABLES = ['contacts', 'tickets', 'messages', 'ticket_tags', 'complaints'];

export interface SeedReport {
  size: SeedSize;
  seconds: Record<string, number>;
  /** Messages whose lower(text) matches each counted word or phrase (see texts.ts). */
  wordCounts: Record<string, number>;
  rows: Record<string, number>;
}

/** Seeds a migrated, empty database; `log` gets a line per step. */
export async function seedDatabase(client: pg.Client, size: SeedSize, log: (line: string) => void): Promise<SeedReport> {
  const seconds: Record<string, number> = {};
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const started = performance.now();
    await client.query(sql, params);
    seconds[name] = +((performance.now() - started) / 1000).toFixed(2);
    log(`  ${name}: ${seconds[name]} s`);
  };
  await client.query("set maintenance_work_mem = '1GB'");
  await client.query('set max_parallel_maintenance_workers = 2');
  await client.query('set synchronous_commit = off');
  await client.query('select setseed(0.16)');

  const foreignKeys = await dropForeignKeys(client);
  const indexes = await dropIndexes(client);

  await step('entities', `insert into entities (id, name, coordinator_name, coordinator_email, time_zone)
    select 'bench-' || lpad(e::text, 2, '0'), 'Entiteit ' || lpad(e::text, 2, '0'), 'Klachtencoördinator ' || e, 'klachten-' || e || '@bench.test', 'Europe/Brussels'
      from generate_series(1, ${ENTITY_COUNT}) e`);
  await step('channels', `insert into channels (id, entity_id, platform, name, account, status)
    select 'bench-' || lpad(e::text, 2, '0') || '-' || p.platform, 'bench-' || lpad(e::text, 2, '0'), p.platform, p.platform || ' ' || e,
           jsonb_build_object('userId', e || '-' || p.platform), 'ok'
      from generate_series(1, ${ENTITY_COUNT}) e cross join unnest($1::text[]) as p(platform)`, [PLATFORMS]);
  await step('users', `insert into users (id, email, name, role) overriding system value
    select u, 'agent-' || u || '@bench.test', ($1::text[])[1 + u % array_length($1::text[], 1)] || ' ' || ($2::text[])[1 + (u / 7) % array_length($2::text[], 1)], 'agent'
      from generate_series(1, ${ENTITY_COUNT * AGENTS_PER_ENTITY}) u`, [FIRST_NAMES, LAST_NAMES]);
  await step('user_entities', `insert into user_entities (user_id, entity_id)
    select u, 'bench-' || lpad((1 + (u - 1) / ${AGENTS_PER_ENTITY})::text, 2, '0') from generate_series(1, ${ENTITY_COUNT * AGENTS_PER_ENTITY}) u`);

  // Contact c is on platform (c - 1) % 3, so a ticket on that platform can point at it.
  await step('contacts', `insert into contacts (id, platform, platform_user_id, handle, name, created_at, updated_at) overriding system value
    select c, ($1::text[])[1 + (c - 1) % 3], 'pu' || c,
           lower(translate(f, 'éçè ', 'ece')) || '_' || (c % 100000), f || ' ' || l, now() - interval '400 days' + c * interval '30 seconds', now()
      from (select c, ($2::text[])[1 + floor(random() * array_length($2::text[], 1))::int] as f,
                   ($3::text[])[1 + floor(random() * array_length($3::text[], 1))::int] as l
              from generate_series(1, ${size.contacts}) c) s`, [PLATFORMS, FIRST_NAMES, LAST_NAMES]);

  // Tickets arrive evenly over the past year, ids in arrival order; recent ones are still being
  // worked, older ones mostly resolved or closed.
  const perPlatform = Math.floor(size.contacts / 3);
  await step('tickets', `insert into tickets (id, number, entity_id, channel_id, contact_id, conversation_key, category, category_confidence,
      lang, status, priority, message_count, last_message_at, created_at, updated_at, first_response_at, resolved_at, closed_at,
      assignee_id, first_response_due_at, resolution_due_at, snoozed_until, to_check) overriding system value
    select g, g, ent, ent || '-' || ($1::text[])[1 + p], 3 * floor(r_contact * ${perPlatform})::int8 + p + 1, 'bench-conv-' || g,
           case when r_cat < 0.45 then 'question' when r_cat < 0.70 then 'dissatisfaction' when r_cat < 0.80 then 'complaint' else 'other' end,
           0.5 + r_cat / 2,
           case when r_lang < 0.7 then 'nl' when r_lang < 0.9 then 'fr' else 'en' end,
           status, case when r_prio < 0.05 then 'urgent' when r_prio < 0.2 then 'high' when r_prio < 0.9 then 'medium' else 'low' end,
           case when g % 2 = 0 then 2 else 1 end, updated, created, updated,
           case when status <> 'new' and r_resp < 0.9 then created + r_resp * interval '2 days' end,
           case when status in ('resolved', 'closed') then updated end,
           case when status = 'closed' then updated end,
           case when status <> 'new' and r_assign < 0.8 then (e - 1) * ${AGENTS_PER_ENTITY} + 1 + floor(r_assign * 100)::int % ${AGENTS_PER_ENTITY} end,
           created + interval '1 day', created + interval '5 days',
           case when status in ('open', 'pending') and r_prio > 0.99 then now() + interval '2 days' end,
           r_cat > 0.96
      from (select g, e, 'bench-' || lpad(e::text, 2, '0') as ent, g % 3 as p, created, r_contact, r_cat, r_lang, r_prio, r_resp, r_assign,
                   least(now(), created + power(r_upd, 3) * interval '20 days') as updated,
                   case when created > now() - interval '14 days'
                        then case when r_status < 0.3 then 'new' when r_status < 0.6 then 'open' when r_status < 0.8 then 'pending' when r_status < 0.95 then 'resolved' else 'closed' end
                        else case when r_status < 0.02 then 'new' when r_status < 0.07 then 'open' when r_status < 0.10 then 'pending' when r_status < 0.5 then 'resolved' else 'closed' end
                   end as status
              from (select g, 1 + floor(random() * ${ENTITY_COUNT})::int as e,
                           now() - (${size.tickets} - g)::float8 / ${size.tickets} * interval '365 days' - random() * interval '10 minutes' as created,
                           random() as r_contact, random() as r_cat, random() as r_lang, random() as r_prio, random() as r_resp,
                           random() as r_assign, random() as r_upd, random() as r_status
                      from generate_series(1, ${size.tickets}) g) a) b`, [PLATFORMS]);

  const fill = (lang: string) => `replace(replace(replace(replace(replace(replace(replace(
      (case ${lang} when 'fr' then $3::text[] when 'en' then $4::text[] else $2::text[] end)[1 + floor(random() * (case ${lang} when 'fr' then $6::int when 'en' then $7::int else $5::int end))::int],
      '{line}', (1 + floor(random() * 160))::text),
      '{stop}', ($8::text[])[1 + floor(random() * array_length($8::text[], 1))::int]),
      '{town}', ($9::text[])[1 + floor(random() * array_length($9::text[], 1))::int]),
      '{street}', ($10::text[])[1 + floor(random() * array_length($10::text[], 1))::int]),
      '{month}', ($11::text[])[1 + floor(random() * array_length($11::text[], 1))::int]),
      '{num}', (100000 + floor(random() * 900000))::text),
      '{time}', (6 + floor(random() * 4))::text || 'u' || lpad(floor(random() * 60)::text, 2, '0'))`;
  const opener = (lang: string) => `(case ${lang} when 'fr' then $12::text[] when 'en' then $13::text[] else $14::text[] end)[1 + floor(random() * 6)::int]`;
  const textParams = [
    null,
    TEMPLATES.nl, TEMPLATES.fr, TEMPLATES.en, TEMPLATES.nl.length, TEMPLATES.fr.length, TEMPLATES.en.length,
    SLOTS.stop, SLOTS.town, SLOTS.street, SLOTS.month,
    padTo(OPENERS.fr, 6), padTo(OPENERS.en, 6), padTo(OPENERS.nl, 6),
  ];
  const kind = `case when ch.platform = 'x' then 'post' else 'comment' end`;
  await step('messages (first)', `insert into messages (id, ticket_id, channel_id, external_id, direction, kind, visibility, conversation_key,
      contact_id, text, lang, category, category_confidence, sent_at, created_at) overriding system value
    select t.id, t.id, t.channel_id, 'b' || t.id, 'inbound', case when t.id % 7 = 0 then 'dm' else ${kind} end,
           case when t.id % 7 = 0 then 'private' else 'public' end, t.conversation_key, t.contact_id,
           coalesce(${opener('t.lang')}, '') || ${fill('t.lang')}, t.lang, t.category, t.category_confidence, t.created_at, t.created_at
      from tickets t join channels ch on ch.id = t.channel_id where $1::int is null`, textParams);
  // Every second ticket has a second message: a citizen's follow-up (id % 4 = 0) or an agent's reply.
  await step('messages (second)', `insert into messages (id, ticket_id, channel_id, external_id, direction, kind, visibility, conversation_key,
      contact_id, text, lang, category, sent_at, created_at, sent_by, delivery_status) overriding system value
    select ${size.tickets} + t.id / 2, t.id, t.channel_id, 'b2-' || t.id, case when t.id % 4 = 0 then 'inbound' else 'outbound' end,
           case when t.id % 7 = 0 then 'dm' when t.id % 4 = 0 then ${kind} else 'reply' end,
           case when t.id % 7 = 0 then 'private' else 'public' end, t.conversation_key,
           case when t.id % 4 = 0 then t.contact_id end,
           case when t.id % 4 = 0 then coalesce(${opener('t.lang')}, '') || ${fill('t.lang')}
                else (case t.lang when 'fr' then $15::text[] when 'en' then $16::text[] else $17::text[] end)[1 + floor(random() * 3)::int] end,
           t.lang, case when t.id % 4 = 0 then t.category end,
           t.created_at + (t.updated_at - t.created_at) / 2, t.created_at + (t.updated_at - t.created_at) / 2,
           case when t.id % 4 = 2 then 'person' end, case when t.id % 4 = 2 then 'sent' end
      from tickets t join channels ch on ch.id = t.channel_id where t.id % 2 = 0 and $1::int is null`,
  [...textParams, padTo(REPLIES.fr, 3), padTo(REPLIES.en, 3), padTo(REPLIES.nl, 3)]);

  const tagPool = pool(TAGS);
  await step('ticket_tags', `insert into ticket_tags (ticket_id, entity_id, tag, created_at)
    select id, entity_id, ($1::text[])[1 + floor(random() * $2::int)::int], updated_at from tickets where random() < 0.35
    union all
    select id, entity_id, ($1::text[])[1 + floor(random() * $2::int)::int], updated_at from tickets where random() < 0.08
    on conflict do nothing`, [tagPool, tagPool.length]);

  // Complaint cases of the complaint tickets: recent ones in their legal terms (10 days to
  // acknowledge, 45 to answer), older ones mostly answered or closed, a few late.
  await step('complaints', `insert into complaints (ticket_id, entity_id, status, received_at, acknowledged_at, answered_at, closed_at, created_at, updated_at)
    select id, entity_id, status, created_at,
           case when status not in ('received', 'intake_incomplete', 'admissibility_check') then created_at + interval '3 days' end,
           case when status in ('answered', 'closed') then created_at + interval '30 days' end,
           case when status = 'closed' then created_at + interval '40 days' end, created_at, updated_at
      from (select t.id, t.entity_id, t.created_at, t.updated_at, case
              when t.created_at > now() - interval '10 days' then (array['received', 'admissibility_check', 'acknowledged'])[1 + floor(random() * 3)::int]
              when t.created_at > now() - interval '45 days' then (array['acknowledged', 'in_investigation', 'answered', 'closed'])[1 + floor(random() * 4)::int]
              when random() < 0.05 then (array['in_investigation', 'acknowledged', 'received'])[1 + floor(random() * 3)::int]
              else (array['answered', 'closed', 'closed', 'declined', 'withdrawn'])[1 + floor(random() * 5)::int] end as status
            from tickets t where t.category = 'complaint') s`);

  for (const seq of [['tickets', 'id'], ['messages', 'id'], ['contacts', 'id'], ['users', 'id'], ['complaints', 'id']] as const) {
    await client.query(`select setval(pg_get_serial_sequence('${seq[0]}', '${seq[1]}'), (select coalesce(max(${seq[1]}), 0) + 1 from ${seq[0]}), false)`);
  }
  await client.query(`select setval('ticket_number_seq', (select max(number) + 1 from tickets), false)`);

  const started = performance.now();
  for (const index of indexes) {
    const t0 = performance.now();
    await client.query(index.def);
    log(`  index ${index.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  seconds.indexes = +((performance.now() - started) / 1000).toFixed(2);
  const fkStarted = performance.now();
  for (const fk of foreignKeys) await client.query(`alter table ${fk.table} add constraint ${fk.name} ${fk.def}`);
  seconds.foreignKeys = +((performance.now() - fkStarted) / 1000).toFixed(2);
  log(`  foreign keys: ${seconds.foreignKeys} s`);
  await step('vacuum analyze', `vacuum (analyze) ${[...LOADED_TABLES, 'entities', 'channels', 'users', 'user_entities'].join(', ')}`);

  return { size, seconds, wordCounts: await countWords(client), rows: await countRows(client) };
}

function padTo(items: string[], length: number): string[] {
  return Array.from({ length }, (_, i) => items[i % items.length]!);
}

/** Foreign keys from or to the loaded tables: dropped for the load, re-added (and so validated) after. */
async function dropForeignKeys(client: pg.Client): Promise<Array<{ table: string; name: string; def: string }>> {
  const { rows } = await client.query<{ table: string; name: string; def: string }>(
    `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
       from pg_constraint
      where contype = 'f' and (conrelid::regclass::text = any($1) or confrelid::regclass::text = any($1))`,
    [LOADED_TABLES],
  );
  for (const fk of rows) await client.query(`alter table ${fk.table} drop constraint ${fk.name}`);
  return rows;
}

/** Indexes of the loaded tables that back no constraint, with their definitions. */
async function dropIndexes(client: pg.Client): Promise<Array<{ name: string; def: string }>> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i join pg_class c on c.oid = i.indrelid
      where c.relname = any($1) and c.relnamespace = 'public'::regnamespace
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
    [LOADED_TABLES],
  );
  for (const index of rows) await client.query(`drop index ${index.name}`);
  return rows;
}

async function countWords(client: pg.Client): Promise<Record<string, number>> {
  const names = Object.keys(COUNTED);
  const columns = names.map((_, i) => `count(*) filter (where lower(text) ~ $${i + 1})::int as c${i}`);
  const { rows } = await client.query<Record<string, number>>(`select ${columns.join(', ')} from messages`, Object.values(COUNTED));
  return Object.fromEntries(names.map((name, i) => [name, rows[0]![`c${i}`]!]));
}

async function countRows(client: pg.Client): Promise<Record<string, number>> {
  const tables = [...LOADED_TABLES, 'entities', 'channels', 'users'];
  const { rows } = await client.query<Record<string, number>>(`select ${tables.map((t) => `(select count(*)::int from ${t}) as ${t}`).join(', ')}`);
  return rows[0]!;
}
