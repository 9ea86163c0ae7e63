-- Administration in the app: entities and channels are either written from the configuration file at
-- start ('config') or created by an admin in the app ('app'); the start-up sync leaves 'app' rows alone.
-- A quarantined item is resolved by a retry that ingested it or by an admin who dismissed it.

alter table entities add column source text not null default 'config' check (source in ('config', 'app'));
alter table channels add column source text not null default 'config' check (source in ('config', 'app'));
alter table quarantine add column resolution text check (resolution in ('ingested', 'ignored', 'dismissed'));
create index quarantine_open_idx on quarantine (channel_id, last_seen_at desc) where resolved_at is null;
