-- The list pages' filters read along an index in the list's own order
-- (#19: index-bound, never a scan; test_plans checks every filter's plan
-- on SQLite, which plans without statistics as a new network does). Each
-- filter of one value leads an index that goes on in the list's order,
-- so a page of it is read in order and LIMIT stops the walk, where
-- before every row the filter matched was sorted first, or every row of
-- the table read.
--
-- /needs: urgency first, then the oldest (need_listed's order, 035).
CREATE INDEX need_status_listed ON need (status, urgency DESC, created_at, id);
CREATE INDEX need_zone_listed ON need (zone_id, urgency DESC, created_at, id);
CREATE INDEX need_category_listed ON need (category, urgency DESC, created_at,
	id);
CREATE INDEX need_person_listed ON need (person_id, urgency DESC, created_at,
	id);
-- /offers: the newest first.
CREATE INDEX offer_listed ON offer (created_at, id);
CREATE INDEX offer_status_listed ON offer (status, created_at, id);
CREATE INDEX offer_zone_listed ON offer (zone_id, created_at, id);
CREATE INDEX offer_category_listed ON offer (category, created_at, id);
CREATE INDEX offer_person_listed ON offer (person_id, created_at, id);
-- /people of a zone, by name.
CREATE INDEX person_zone_listed ON person (zone_id, name, id);
-- /conversations: the newest first.
CREATE INDEX conversation_target_listed ON conversation (target_id, at, id);
CREATE INDEX conversation_zone_listed ON conversation (zone_id, at, id);
CREATE INDEX conversation_need_listed ON conversation (need_id, at, id);
-- /admin/audit and /sms: the newest first.
CREATE INDEX audit_user_listed ON audit (user_id, id);
CREATE INDEX audit_action_listed ON audit (action, id);
CREATE INDEX sms_message_direction ON sms_message (direction, id);
CREATE INDEX sms_message_status ON sms_message (status, id);
-- /stock/moves of one kind, and the campaigns against one target: the
-- newest first.
CREATE INDEX stock_move_kind ON stock_move (kind, id);
CREATE INDEX campaign_target ON campaign (target_id, id);
-- A campaign's actions count their people (action_person_one covers only
-- the rows with a person): every action read every row of the table.
CREATE INDEX action_person_action ON action_person (action_id);
-- The week's sessions (/sessions, /roster), in their order.
CREATE INDEX program_session_week ON program_session (day, starts_at, id);
-- /figures counts the grievances of a period.
CREATE INDEX grievance_created ON grievance (created_at);
-- The pages of one ask, one person and one fund list its calls, its
-- trainings and its reimbursements, the newest first.
CREATE INDEX need_call_listed ON need_call (need_id, called_at, id);
CREATE INDEX training_completion_listed ON training_completion (person_id,
	on_date, id);
CREATE INDEX fund_reimbursement_listed ON fund_reimbursement (fund_id, id);
