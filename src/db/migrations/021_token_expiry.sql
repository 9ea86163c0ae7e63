-- Issue 15, tokens that keep living (src/channels/token-lifecycle.ts). What the workers know of a
-- channel's token, beside its sealed credentials: when it expires and whether it is refreshed by itself
-- (for GET /api/channels), when its expiry was last read from the platform (Meta's /debug_token, at
-- most once a day) and for which sealed credentials (md5 of the ciphertext: any new credentials,
-- however written, make the check due again), and for which expiry the admins were warned, claimed
-- by a conditional update so several workers and restarts send the warning once per expiry.
alter table channels add column if not exists token_expires_at timestamptz;
alter table channels add column if not exists token_refreshes boolean not null default false;
alter table channels add column if not exists token_checked_at timestamptz;
alter table channels add column if not exists token_checked_of text;
alter table channels add column if not exists token_warned_for timestamptz;
