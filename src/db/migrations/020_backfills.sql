-- Issue 15, backfill on demand: reading a channel's history inside a window, through the same ingest
-- as polling. The row is the truth: its cursor and counters advance in each batch's ingest
-- transaction, so a stop at any moment resumes where it was; the channel's poll cursor is not touched.
create table if not exists backfills (
  id bigint generated always as identity primary key,
  channel_id text not null references channels(id) on delete cascade,
  since timestamptz not null,
  until timestamptz not null check (until > since),
  status text not null default 'running' check (status in ('running', 'paused', 'done', 'failed', 'cancelled')),
  cursor jsonb,
  pages integer not null default 0,
  fetched integer not null default 0,
  inserted integer not null default 0,
  duplicates integer not null default 0,
  -- The oldest message time a batch reached: progress towards `since`.
  oldest_at timestamptz,
  -- Why it paused or failed (a refused token, a rate limit until, a platform error); no citizen text.
  error text,
  -- A rate-limited backfill is not run again before this.
  wait_until timestamptz,
  requested_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);

-- One unfinished backfill per channel: a second request resumes or waits, it does not run beside it.
create unique index if not exists backfills_one_open_per_channel on backfills (channel_id) where status in ('running', 'paused');
create index if not exists backfills_channel_idx on backfills (channel_id, created_at desc);
