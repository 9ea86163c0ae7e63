-- The complaint procedure (Bestuursdecreet art. II.75-II.87) on the complaint record: the case
-- state lives in complaints.status; these columns hold what the coordinator decides.
alter table complaints add column intake jsonb not null default '{}';
alter table complaints add column handler text;
alter table complaints add column involved_staff jsonb not null default '[]';
alter table complaints add column decline_ground text;
alter table complaints add column decline_motivation text;
alter table complaints add column outcome text;
alter table complaints add column resolution text;
alter table complaints add column ombuds_norms jsonb not null default '[]';
alter table complaints add column theme text;
alter table complaints add column source text not null default 'social';
alter table complaints add column acknowledged_at timestamptz;
alter table complaints add column declined_at timestamptz;
alter table complaints add column decided_at timestamptz;
alter table complaints add column answered_at timestamptz;
alter table complaints add column closed_at timestamptz;
alter table complaints add column escalated_at timestamptz;
alter table complaints add column escalation_reason text;
create index complaints_entity_status_idx on complaints (entity_id, status);
create index complaints_received_idx on complaints (entity_id, received_at);
