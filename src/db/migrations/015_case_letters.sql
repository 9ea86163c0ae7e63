-- Letters from the case (issue 13): what the procedure says to the citizen — the request for details,
-- the acknowledgement, the reasoned refusal, an interim message, the answer — is written from a
-- template, shown and edited by a person, and sent privately on the complaint's own channel, else by
-- e-mail, else as a PDF letter to print and post. Every letter is also a message of the ticket's
-- conversation (with its delivery state); the step it completes (`step`, a case action) is taken
-- only once the letter was sent (or, for a posted letter, once a person says it was posted).
create table if not exists case_letters (
  id bigint generated always as identity primary key,
  complaint_id bigint not null references complaints(id),
  kind text not null check (kind in ('request_details', 'acknowledgement', 'refusal', 'interim', 'answer')),
  step jsonb,
  language text not null check (language in ('nl', 'fr', 'en')),
  subject text not null,
  body text not null,
  route text not null check (route in ('channel', 'email', 'post')),
  recipient text,
  message_id bigint references messages(id),
  status text not null check (status in ('sending', 'to_post', 'sent', 'failed', 'cancelled')),
  error text,
  created_by text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index if not exists case_letters_complaint_idx on case_letters (complaint_id, id);
create index if not exists case_letters_message_idx on case_letters (message_id);
-- One letter on its way per case: a step cannot be sent twice at once.
create unique index if not exists case_letters_one_open on case_letters (complaint_id) where status in ('sending', 'to_post');

-- How a letter that is a message of the ticket went out when not on the channel itself.
alter table messages add column if not exists letter_route text check (letter_route in ('email', 'post'));

alter table outbox drop constraint if exists outbox_kind_check;
alter table outbox add constraint outbox_kind_check
  check (kind in ('coordinator_mail', 'coordinator_webhook', 'intake', 'reply', 'letter_mail'));
