-- Review stars (1–5) of a citizen's review or recommendation, as the platform gave them; null for
-- every other message. Attachments keep living in messages.attachments (JSON), now with the
-- reference a connector needs to fetch the file again (a media id, a message part).

alter table messages add column if not exists rating smallint check (rating between 1 and 5);
