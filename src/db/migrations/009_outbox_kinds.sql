-- Every effect that follows a commit is an outbox kind of its own, retried until done: the
-- coordinator's mail, the entity's complaint webhook, the intake of a routed complaint, and replies.
-- 'route' rows (mail or webhook, told apart by payload.delivery) become the first two.

alter table outbox drop constraint if exists outbox_kind_check;
update outbox set kind = case when payload->>'delivery' = 'webhook' then 'coordinator_webhook' else 'coordinator_mail' end where kind = 'route';
alter table outbox add constraint outbox_kind_check
  check (kind in ('coordinator_mail', 'coordinator_webhook', 'intake', 'reply'));
