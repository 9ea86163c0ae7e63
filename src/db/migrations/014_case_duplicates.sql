-- Likely duplicate complaints (issue 13): a complaint the same contact sent to the same entity within
-- the week before, with an (almost) identical text. The case is kept (nothing is lost) but marked,
-- and the coordinator is not mailed for it; the coordinator decides.
alter table complaints add column if not exists possible_duplicate_of bigint references complaints(id);
