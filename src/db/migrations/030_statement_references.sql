-- The references ingest writes most (messages → tickets; tickets → contacts, channels; complaints →
-- tickets, entities) are checked once per inserting statement instead of once per row. A foreign key checks
-- each new row on its own: a query and a lock on the referenced row, a third of the cost of storing
-- a message. These triggers check all of a statement's rows in one query (each parent once), with the same guarantees:
-- a row that names a missing parent is refused with SQLSTATE 23503 (foreign_key_violation), and so is
-- removing, truncating or renaming a parent that rows still name. Removing a parent first locks
-- the referencing tables in SHARE mode: a writer in flight that named it commits first and is seen by
-- the check (the race a foreign key's row lock closes). That holds at READ COMMITTED, the level the
-- application uses (a later snapshot sees the writer). Parents are never removed in operation.
-- Each function stays on one line: migrations are split into statements at a line-ending semicolon.

alter table messages drop constraint messages_ticket_id_fkey;
alter table tickets drop constraint tickets_contact_id_fkey, drop constraint tickets_channel_id_fkey;
alter table complaints drop constraint complaints_ticket_id_fkey, drop constraint complaints_entity_id_fkey;

create function messages_check_references() returns trigger language plpgsql as $f$ begin if exists (select 1 from new_rows n where not exists (select 1 from tickets t where t.id = n.ticket_id)) then raise foreign_key_violation using message = 'messages.ticket_id names a ticket that does not exist'; end if; return null; end $f$;
create trigger messages_references_insert after insert on messages referencing new table as new_rows for each statement execute function messages_check_references();

create function tickets_check_references() returns trigger language plpgsql as $f$ begin if exists (select 1 from (select distinct contact_id from new_rows) n where not exists (select 1 from contacts c where c.id = n.contact_id)) then raise foreign_key_violation using message = 'tickets.contact_id names a contact that does not exist'; end if; if exists (select 1 from (select distinct channel_id from new_rows) n where not exists (select 1 from channels c where c.id = n.channel_id)) then raise foreign_key_violation using message = 'tickets.channel_id names a channel that does not exist'; end if; return null; end $f$;
create trigger tickets_references_insert after insert on tickets referencing new table as new_rows for each statement execute function tickets_check_references();

create function complaints_check_references() returns trigger language plpgsql as $f$ begin if exists (select 1 from new_rows n where not exists (select 1 from tickets t where t.id = n.ticket_id)) then raise foreign_key_violation using message = 'complaints.ticket_id names a ticket that does not exist'; end if; if exists (select 1 from (select distinct entity_id from new_rows) n where not exists (select 1 from entities e where e.id = n.entity_id)) then raise foreign_key_violation using message = 'complaints.entity_id names an entity that does not exist'; end if; return null; end $f$;
create trigger complaints_references_insert after insert on complaints referencing new table as new_rows for each statement execute function complaints_check_references();

-- An update checks only a reference it changes, row by row: updates that move rows are few (a merge,
-- a referral), and the many others (statuses, deliveries) pay nothing beyond the trigger's condition.
create function check_changed_references() returns trigger language plpgsql as $f$ begin if tg_table_name = 'messages' then if not exists (select 1 from tickets t where t.id = new.ticket_id) then raise foreign_key_violation using message = 'messages.ticket_id names a ticket that does not exist'; end if; elsif tg_table_name = 'tickets' then if not exists (select 1 from contacts c where c.id = new.contact_id) then raise foreign_key_violation using message = 'tickets.contact_id names a contact that does not exist'; end if; if not exists (select 1 from channels c where c.id = new.channel_id) then raise foreign_key_violation using message = 'tickets.channel_id names a channel that does not exist'; end if; else if not exists (select 1 from tickets t where t.id = new.ticket_id) then raise foreign_key_violation using message = 'complaints.ticket_id names a ticket that does not exist'; end if; if not exists (select 1 from entities e where e.id = new.entity_id) then raise foreign_key_violation using message = 'complaints.entity_id names an entity that does not exist'; end if; end if; return null; end $f$;
create trigger messages_references_update after update of ticket_id on messages for each row when (old.ticket_id is distinct from new.ticket_id) execute function check_changed_references();
create trigger tickets_references_update after update of contact_id, channel_id on tickets for each row when (old.contact_id is distinct from new.contact_id or old.channel_id is distinct from new.channel_id) execute function check_changed_references();
create trigger complaints_references_update after update of ticket_id, entity_id on complaints for each row when (old.ticket_id is distinct from new.ticket_id or old.entity_id is distinct from new.entity_id) execute function check_changed_references();

-- The parents' side: a removed (or truncated) parent may not leave rows that name it.
create function tickets_check_referenced() returns trigger language plpgsql as $f$ begin lock table messages, complaints in share mode; if exists (select 1 from old_rows o where exists (select 1 from messages m where m.ticket_id = o.id) or exists (select 1 from complaints c where c.ticket_id = o.id)) then raise foreign_key_violation using message = 'a removed ticket is still named by messages or complaints'; end if; return null; end $f$;
create trigger tickets_referenced_delete after delete on tickets referencing old table as old_rows for each statement execute function tickets_check_referenced();

create function contacts_check_referenced() returns trigger language plpgsql as $f$ begin lock table tickets in share mode; if exists (select 1 from old_rows o where exists (select 1 from tickets t where t.contact_id = o.id)) then raise foreign_key_violation using message = 'a removed contact is still named by tickets'; end if; return null; end $f$;
create trigger contacts_referenced_delete after delete on contacts referencing old table as old_rows for each statement execute function contacts_check_referenced();

create function channels_check_referenced() returns trigger language plpgsql as $f$ begin lock table tickets in share mode; if exists (select 1 from old_rows o where exists (select 1 from tickets t where t.channel_id = o.id)) then raise foreign_key_violation using message = 'a removed channel is still named by tickets'; end if; return null; end $f$;
create trigger channels_referenced_delete after delete on channels referencing old table as old_rows for each statement execute function channels_check_referenced();

create function entities_check_referenced() returns trigger language plpgsql as $f$ begin lock table complaints in share mode; if exists (select 1 from old_rows o where exists (select 1 from complaints c where c.entity_id = o.id)) then raise foreign_key_violation using message = 'a removed entity is still named by complaints'; end if; return null; end $f$;
create trigger entities_referenced_delete after delete on entities referencing old table as old_rows for each statement execute function entities_check_referenced();

-- A named parent keeps its key (an identity can still be set to its default). Locked like a removal.
create function refuse_referenced_key_change() returns trigger language plpgsql as $f$ declare named boolean; begin if tg_table_name = 'tickets' then lock table messages, complaints in share mode; named := exists (select 1 from messages m where m.ticket_id = old.id) or exists (select 1 from complaints c where c.ticket_id = old.id); elsif tg_table_name = 'contacts' then lock table tickets in share mode; named := exists (select 1 from tickets t where t.contact_id = old.id); elsif tg_table_name = 'channels' then lock table tickets in share mode; named := exists (select 1 from tickets t where t.channel_id = old.id); else lock table complaints in share mode; named := exists (select 1 from complaints c where c.entity_id = old.id); end if; if named then raise foreign_key_violation using message = format('the key of a %s row that other rows name does not change', tg_table_name); end if; return new; end $f$;
create trigger tickets_referenced_key before update of id on tickets for each row when (old.id is distinct from new.id) execute function refuse_referenced_key_change();
create trigger contacts_referenced_key before update of id on contacts for each row when (old.id is distinct from new.id) execute function refuse_referenced_key_change();
create trigger channels_referenced_key before update of id on channels for each row when (old.id is distinct from new.id) execute function refuse_referenced_key_change();
create trigger entities_referenced_key before update of id on entities for each row when (old.id is distinct from new.id) execute function refuse_referenced_key_change();

-- A parent is truncated only with (or after) the tables whose rows name it.
create function refuse_referenced_truncate() returns trigger language plpgsql as $f$ begin if (tg_table_name = 'tickets' and (exists (select 1 from messages) or exists (select 1 from complaints))) or (tg_table_name = 'contacts' and exists (select 1 from tickets)) or (tg_table_name = 'channels' and exists (select 1 from tickets)) or (tg_table_name = 'entities' and exists (select 1 from complaints)) then raise foreign_key_violation using message = format('%s is truncated while rows of other tables name it', tg_table_name); end if; return null; end $f$;
create trigger tickets_referenced_truncate after truncate on tickets for each statement execute function refuse_referenced_truncate();
create trigger contacts_referenced_truncate after truncate on contacts for each statement execute function refuse_referenced_truncate();
create trigger channels_referenced_truncate after truncate on channels for each statement execute function refuse_referenced_truncate();
create trigger entities_referenced_truncate after truncate on entities for each statement execute function refuse_referenced_truncate();
