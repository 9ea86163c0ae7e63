-- Webhook deliveries, stored raw and durably before the platform gets its 200.
create table webhook_events (
  id bigint generated always as identity primary key,
  channel_id text not null references channels(id),
  body_sha256 text not null,
  body text not null,
  status text not null default 'pending' check (status in ('pending', 'processed', 'failed')),
  attempts integer not null default 0,
  error text,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  -- a replayed delivery (same bytes) is stored once
  unique (channel_id, body_sha256)
);
create index webhook_events_pending_idx on webhook_events (received_at) where status = 'pending';
