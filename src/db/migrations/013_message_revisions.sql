-- Edited and removed messages (issue 12): what the platform shows about a citizen's message later.
--
-- edited_at: when the author last edited it, as the platform says; the message holds the newest version.
-- deleted_at: when the author (or the platform) removed it; the text stays, it is part of the record.
-- revisions: the versions an edit replaced, oldest first, each `{ text, rating?, attachments?, from }`
-- where `from` is when that version was written (its sent_at, or the edit that made it).
alter table messages add column if not exists edited_at timestamptz;
alter table messages add column if not exists deleted_at timestamptz;
alter table messages add column if not exists revisions jsonb not null default '[]';
