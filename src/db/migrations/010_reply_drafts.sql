-- A human decides what the institution says: a message the system prepares (the intake DM, the
-- public invitation after a complaint is routed) is a 'draft' until a person approves it, unless the
-- entity opted in to automatic sending. Who queued an outbound message decides whether its sending
-- counts as the ticket's first response: only a person's does.

alter table messages drop constraint if exists messages_delivery_status_check;
alter table messages add constraint messages_delivery_status_check
  check (delivery_status in ('draft', 'queued', 'sending', 'sent', 'failed', 'uncertain'));

alter table messages add column sent_by text check (sent_by in ('person', 'system'));
update messages set sent_by = case when raw->>'author' = 'system' then 'system' else 'person' end where direction = 'outbound';
