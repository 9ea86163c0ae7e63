-- Issue 14, honest about its certainty. A ticket's category is its conversation's: the weightiest
-- category among the citizen's messages, with the confidence and signals of the message that carries
-- it (src/tickets/conversation-category.ts). Below the entity's `check_below` (or as a possible
-- complaint) the classifier's decision goes to a person: `to_check`, until an agent confirms the
-- category or re-tags the ticket.
alter table entities add column if not exists check_below real not null default 0.6 check (check_below >= 0 and check_below <= 1);
alter table tickets add column if not exists to_check boolean not null default false;
create index if not exists tickets_to_check_idx on tickets (entity_id, updated_at desc) where to_check;

-- Tickets tagged before this: the confidence and signals of the message that carries the category
-- (the most certain citizen message of that category, the earliest of equals), so they agree with it.
update tickets t
   set category_confidence = lead.category_confidence, signals = lead.signals, flags = lead.flags
  from (select distinct on (m.ticket_id) m.ticket_id, m.category_confidence, m.signals, m.flags
          from messages m join tickets tt on tt.id = m.ticket_id
         where m.direction = 'inbound' and m.category = tt.category and tt.category_source = 'auto'
         order by m.ticket_id, m.category_confidence desc nulls last, m.sent_at, m.id) lead
 where t.id = lead.ticket_id;

-- Open tickets the classifier was unsure of.
update tickets t
   set to_check = true
  from entities e
 where e.id = t.entity_id and t.category_source = 'auto' and t.merged_into_id is null
   and t.status not in ('resolved', 'closed')
   and (t.category_confidence < e.check_below
        or t.signals ? 'possible complaint: below the entity threshold, an agent decides');
