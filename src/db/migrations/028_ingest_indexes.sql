-- Issue 16, ingest closer to the limit: every new ticket wrote an entry in each of its ~15 indexes.
-- Three of them serve no query that a later index does not serve as well (every ticket list, count,
-- report and SLA query leaves merged tickets out):
-- tickets_updated_idx (updated_at desc): tickets_live_updated_idx (updated_at desc, id desc) where merged_into_id is null.
-- tickets_queue_idx (entity_id, status, updated_at desc): tickets_entity_updated_idx and tickets_status_updated_idx (migration 022).
-- tickets_due_idx (entity_id, resolution_due_at) of open tickets: tickets_open_sla_idx holds the same
-- tickets by entity with both due dates (migration 022), read from the index alone.
drop index if exists tickets_updated_idx;
drop index if exists tickets_queue_idx;
drop index if exists tickets_due_idx;
