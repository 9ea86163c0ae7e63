-- At most once towards citizens: a reply is 'sending' from just before the platform call until the
-- outcome is stored, so a worker that finds it 'sending' knows an earlier attempt may have posted it
-- and asks the platform before sending again. 'uncertain': the platform cannot tell; an agent decides.

alter table messages drop constraint if exists messages_delivery_status_check;
alter table messages add constraint messages_delivery_status_check
  check (delivery_status in ('queued', 'sending', 'sent', 'failed', 'uncertain'));
alter table messages add column send_started_at timestamptz;
