-- Issue 16: a partially placed request (10 of 12 geplaatst) stays under "Nu actie nodig" until
-- the people left over are taken care of: a new noodknop for them (follow_up_of names the request
-- it continues; at most one per request) or someone who may close the request says none is
-- needed (leftover_dismissed_at/_by). Both nullable: every request stored before has neither.
ALTER TABLE noodknop_requests ADD COLUMN follow_up_of INTEGER REFERENCES noodknop_requests(id);
ALTER TABLE noodknop_requests ADD COLUMN leftover_dismissed_at TEXT;
ALTER TABLE noodknop_requests ADD COLUMN leftover_dismissed_by TEXT;
CREATE UNIQUE INDEX noodknop_requests_follow_up ON noodknop_requests (follow_up_of) WHERE follow_up_of IS NOT NULL;
-- "Nu actie nodig" reads the placed requests of the last day.
CREATE INDEX noodknop_requests_by_closed ON noodknop_requests (state, closed_at);
