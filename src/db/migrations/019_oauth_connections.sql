-- Issue 15, "connect, don't paste": an admin's OAuth authorization in progress. A row is made when
-- the admin starts (state and PKCE verifier, bound to their session, valid 10 minutes), gets the
-- platform's tokens at the callback (sealed with the channel secret box, bound to the row id), and
-- is deleted once an account is attached as a channel. Tokens are never stored in clear.
create table if not exists oauth_connections (
  id text primary key,
  -- sha256 (hex) of the state parameter: single use, cleared at the callback
  state_hash text unique,
  -- the session that started it (sessions.id): only that browser may complete it
  session_id text not null,
  user_email text not null,
  entity_id text not null references entities(id) on delete cascade,
  platform text not null,
  -- reconnecting this channel; null = a new channel
  channel_id text references channels(id) on delete cascade,
  base_url text,
  redirect_uri text not null,
  -- sealed {codeVerifier} before the callback, {accessToken, refreshToken?, expiresAt?} after
  secret_encrypted text,
  status text not null default 'started' check (status in ('started', 'authorized')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index if not exists oauth_connections_expires_idx on oauth_connections (expires_at);

-- A channel of the entities file whose credentials are managed in the app (credentialsManagedInApp):
-- the file never overwrites its stored credentials, and admins may renew them through the API.
alter table channels add column if not exists credentials_managed_in_app boolean not null default false;
