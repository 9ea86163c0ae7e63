-- Issue 15, health that reaches people. An outage is the time a channel is unhealthy: it opens when a
-- poll (or a reply) fails, is refused for its token or rate limited, and closes at the next successful
-- poll, in the same statement that writes the channel's status (src/channels/sql.ts). The alert and
-- recovery mails to the entity's admins are claimed through alert_mailed_at / recovery_mailed_at, so
-- several workers and restarts send each at most once.
create table if not exists channel_outages (
  id bigint generated always as identity primary key,
  channel_id text not null references channels(id) on delete cascade,
  started_at timestamptz not null default now(),
  ended_at timestamptz,
  -- the latest cause while it lasts: the token was refused, the platform or network failed, rate limited
  reason text not null check (reason in ('auth_expired', 'failed', 'rate_limited')),
  -- the last failure within the outage: what is ingested after it came back through catch-up
  last_failed_at timestamptz not null default now(),
  alert_mailed_at timestamptz,
  recovery_mailed_at timestamptz,
  check (ended_at is null or ended_at >= started_at)
);
-- at most one open outage per channel
create unique index if not exists channel_outages_open_idx on channel_outages (channel_id) where ended_at is null;
create index if not exists channel_outages_channel_idx on channel_outages (channel_id, started_at desc);
-- recoveries still to be told
create index if not exists channel_outages_recovery_idx on channel_outages (ended_at)
  where alert_mailed_at is not null and recovery_mailed_at is null and ended_at is not null;
-- what an outage missed: a channel's messages by the time they were written
create index if not exists messages_channel_sent_idx on messages (channel_id, sent_at);
