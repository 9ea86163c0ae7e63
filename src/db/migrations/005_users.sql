-- Accounts and access: the people who log in (password or OpenID Connect), the entities they work for,
-- their browser sessions, failed logins (throttling per account) and OpenID Connect logins in flight.

create table users (
  id bigint generated always as identity primary key,
  email text not null unique check (email = lower(email)),
  name text not null,
  -- argon2id (PHC string); null for an account that only logs in through OpenID Connect
  password_hash text,
  oidc_issuer text,
  oidc_subject text,
  role text not null check (role in ('agent', 'coordinator', 'admin')),
  language text not null default 'nl' check (language in ('nl', 'en')),
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  last_login_at timestamptz,
  unique (oidc_issuer, oidc_subject),
  check ((oidc_issuer is null) = (oidc_subject is null))
);

create table user_entities (
  user_id bigint not null references users(id) on delete cascade,
  entity_id text not null references entities(id),
  primary key (user_id, entity_id)
);
create index user_entities_entity_idx on user_entities (entity_id);

create table sessions (
  -- sha256 (hex) of the random cookie token: the token itself is never stored
  id text primary key,
  user_id bigint not null references users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null,
  -- absolute end; the idle end is last_seen_at plus the idle lifetime
  expires_at timestamptz not null,
  last_seen_at timestamptz not null,
  ip text,
  user_agent text
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

create table login_failures (
  email text not null,
  at timestamptz not null,
  ip text
);
create index login_failures_email_idx on login_failures (email, at);

create table oidc_logins (
  -- sha256 (hex) of the random handle in the browser's short-lived cookie
  id text primary key,
  state text not null,
  nonce text not null,
  code_verifier text not null,
  created_at timestamptz not null
);
create index oidc_logins_created_idx on oidc_logins (created_at);
