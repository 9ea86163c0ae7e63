-- Issue 16, the dashboard from indexed aggregates: per entity and local day (entities.time_zone) of a
-- ticket's creation, the tickets by channel and category, and histograms of first-response and
-- resolution times. PostgreSQL keeps them current itself: statement-level triggers with transition
-- tables on tickets turn a batch (INSERT, COPY, UPDATE, DELETE) into one grouped upsert per table.
-- A ticket merged into another counts nowhere (it is counted in the one it went into), as before.
-- The read side is src/reports/sql.ts (loadDashboard) and src/reports/time-histogram.ts.
-- Statements are split on a semicolon at a line's end: inside the DO blocks and functions below a
-- semicolon is always followed by more text on its line.

-- Exact counts. Rows whose count fell back to 0 (a merge, a move) stay; readers skip them.
create table ticket_day_counts (
  entity_id text not null,
  day date not null,
  channel_id text not null,
  category text not null,
  tickets integer not null,
  primary key (entity_id, day, channel_id, category) include (tickets)
);

-- Seconds from a ticket's creation to a moment (null when the moment is null).
create function ticket_rollup_seconds(from_at timestamptz, to_at timestamptz) returns bigint language sql immutable parallel safe as $f$ select round(extract(epoch from to_at - from_at))::bigint $f$;

-- Bucket b of a time of m minutes: 1.2^b <= 1 + m < 1.2^(b+1), the last one (71, from 289 days) open.
-- The same constants are in src/reports/time-histogram.ts.
create function ticket_rollup_bucket(seconds bigint) returns integer language sql immutable parallel safe as $f$ select least(71, floor(ln(1 + greatest(seconds, 0) / 60.0::float8) / ln(1.2::float8)))::integer $f$;

-- A list over both times (0 = first response, 1 = resolution) and the 72 buckets: format(template,
-- time name, bucket, time number). The histogram columns are generated from it.
create function ticket_rollup_columns(template text) returns text language sql immutable as $f$ select string_agg(format(template, k.name, b, k.i), ', ' order by k.i, b) from (values (0, 'response'), (1, 'resolution')) k(i, name) cross join generate_series(0, 71) b $f$;

-- Per entity and day, for each time and bucket: how many tickets, and the sum of their seconds (a
-- bucket's mean; exact when the bucket holds one ticket). One row per entity-day keeps the
-- dashboard's read at 60 × 30 rows; a row per bucket would hold about as many rows as tickets.
do $do$ begin execute format('create table ticket_day_times (entity_id text not null, day date not null, %s, primary key (entity_id, day))', ticket_rollup_columns('%1$s_count_%2$s integer not null default 0, %1$s_seconds_%2$s bigint not null default 0')); end $do$;

-- ticket_rollup_apply(changes): the statement that adds the signed rows of `changes` (entity_id,
-- created_at, channel_id, category, first_response_at, resolved_at, closed_at, sign) to both tables,
-- in key order so that concurrent batches lock rollup rows in the same order.
create function ticket_rollup_statement(changes text) returns text language sql immutable as $f$ select format($q$with source as (%1$s), changes as materialized (select s.entity_id, (s.created_at at time zone coalesce(e.time_zone, 'Europe/Brussels'))::date as day, s.channel_id, s.category, s.sign, ticket_rollup_seconds(s.created_at, s.first_response_at) as response_seconds, ticket_rollup_seconds(s.created_at, coalesce(s.resolved_at, s.closed_at)) as resolution_seconds from source s left join entities e on e.id = s.entity_id), counted as (insert into ticket_day_counts as r (entity_id, day, channel_id, category, tickets) select entity_id, day, channel_id, category, sum(sign) from changes group by 1, 2, 3, 4 having sum(sign) <> 0 order by 1, 2, 3, 4 on conflict (entity_id, day, channel_id, category) do update set tickets = r.tickets + excluded.tickets returning 1), timed as (select entity_id, day, 0 as k, ticket_rollup_bucket(response_seconds) as b, sign as n, sign * response_seconds as s from changes where response_seconds is not null union all select entity_id, day, 1, ticket_rollup_bucket(resolution_seconds), sign, sign * resolution_seconds from changes where resolution_seconds is not null), netted as (select entity_id, day, k, b, sum(n) as n, sum(s) as s from timed group by 1, 2, 3, 4 having sum(n) <> 0 or sum(s) <> 0) insert into ticket_day_times as r (entity_id, day, %2$s) select entity_id, day, %3$s from netted group by 1, 2 order by 1, 2 on conflict (entity_id, day) do update set %4$s$q$, changes, ticket_rollup_columns('%1$s_count_%2$s, %1$s_seconds_%2$s'), ticket_rollup_columns('coalesce(sum(n) filter (where k = %3$s and b = %2$s), 0), coalesce(sum(s) filter (where k = %3$s and b = %2$s), 0)'), ticket_rollup_columns('%1$s_count_%2$s = r.%1$s_count_%2$s + excluded.%1$s_count_%2$s, %1$s_seconds_%2$s = r.%1$s_seconds_%2$s + excluded.%1$s_seconds_%2$s')) $f$;

-- The trigger function. An UPDATE that changes none of the columns the rollup reads (status,
-- updated_at, assignee: most updates) leaves after one join of the two transition tables.
do $do$ declare cols text := 'entity_id, created_at, channel_id, category, first_response_at, resolved_at, closed_at'; relevant text := '(o.entity_id, o.created_at, o.channel_id, o.category, o.first_response_at, o.resolved_at, o.closed_at, o.merged_into_id) is distinct from (n.entity_id, n.created_at, n.channel_id, n.category, n.first_response_at, n.resolved_at, n.closed_at, n.merged_into_id)'; begin execute format($b$create function ticket_rollup_trigger() returns trigger language plpgsql as $t$ begin if tg_op = 'INSERT' then %1$s; elsif tg_op = 'DELETE' then %2$s; else if not exists (select 1 from new_rows n join old_rows o on o.id = n.id where %3$s) then return null; end if; %4$s; end if; return null; end $t$$b$, ticket_rollup_statement(format('select %s, 1 as sign from new_rows where merged_into_id is null', cols)), ticket_rollup_statement(format('select %s, -1 as sign from old_rows where merged_into_id is null', cols)), relevant, ticket_rollup_statement(format('select n.%1$s, 1 as sign from new_rows n join old_rows o on o.id = n.id where n.merged_into_id is null and %2$s union all select o.%3$s, -1 from old_rows o join new_rows n on n.id = o.id where o.merged_into_id is null and %2$s', replace(cols, ', ', ', n.'), relevant, replace(cols, ', ', ', o.')))); end $do$;

-- Recounts the given entities from their tickets (the backfill; an entity whose time zone changed).
do $do$ begin execute format($b$create function ticket_rollup_rebuild(entity_ids text[]) returns void language plpgsql as $t$ begin delete from ticket_day_counts where entity_id = any(entity_ids); delete from ticket_day_times where entity_id = any(entity_ids); %s; end $t$$b$, ticket_rollup_statement('select entity_id, created_at, channel_id, category, first_response_at, resolved_at, closed_at, 1 as sign from tickets where merged_into_id is null and entity_id = any(entity_ids)')); end $do$;

-- Transition tables cannot go with a column list (update of ...), so the update trigger sees every
-- UPDATE statement and leaves early when no column it reads changed.
create trigger tickets_rollup_insert after insert on tickets referencing new table as new_rows for each statement execute function ticket_rollup_trigger();
create trigger tickets_rollup_update after update on tickets referencing old table as old_rows new table as new_rows for each statement execute function ticket_rollup_trigger();
create trigger tickets_rollup_delete after delete on tickets referencing old table as old_rows for each statement execute function ticket_rollup_trigger();

create function ticket_rollup_truncate() returns trigger language plpgsql as $t$ begin truncate ticket_day_counts, ticket_day_times; return null; end $t$;
create trigger tickets_rollup_truncate after truncate on tickets for each statement execute function ticket_rollup_truncate();

-- A ticket's local day follows its entity's time zone: a new entity or a new time zone recounts it.
create function ticket_rollup_entity() returns trigger language plpgsql as $t$ begin perform ticket_rollup_rebuild(array[new.id]); return null; end $t$;
create trigger entities_rollup_insert after insert on entities for each row execute function ticket_rollup_entity();
create trigger entities_rollup_time_zone after update of time_zone on entities for each row when (old.time_zone is distinct from new.time_zone) execute function ticket_rollup_entity();

-- The backfill.
select ticket_rollup_rebuild(array(select distinct entity_id from tickets));

-- The dashboard's open complaint cases by legal term, read from the index alone (the finished ones,
-- most cases after a while, are not in it). The state list is the one in src/reports/sql.ts.
create index complaints_open_terms_idx on complaints (entity_id) include (status, received_at, acknowledged_at, declined_at, answered_at)
  where status not in ('closed', 'withdrawn', 'declined');
