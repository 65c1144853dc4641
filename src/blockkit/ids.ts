/**
 * Every action_id, callback_id and block_id the bot uses, in one place: a handler and the view that
 * renders its trigger cannot drift apart. Grouped by feature.
 */

export const COMMAND = '/opvang';

// stand
export const STAND_SHARE = 'stand_share';
/** "Stand bekijken" under a threshold alert: the stand, privately. */
export const STAND_OPEN = 'stand_open';

// home
export const HOME_REFRESH = 'home_refresh';

// capacity (locations, national figures, targets, taakstelling, import/export)
export const LOCATION_UPDATE_VIEW = 'capacity_location_update';
export const LOCATION_CREATE_VIEW = 'capacity_location_create';
export const NATIONAL_VIEW = 'capacity_national';
export const TARGET_VIEW = 'capacity_target';
export const QUOTA_VIEW = 'capacity_quota';
/** The location picker in the update form: block_id = action_id, also the options-load search. */
export const LOCATION_PICKER = 'capacity_location';
/** The target picker in the targets form ("new" or an existing target). */
export const TARGET_PICKER = 'capacity_target_pick';
export const HOME_LOCATION_UPDATE = 'capacity_home_update';
export const HOME_LOCATION_CREATE = 'capacity_home_create';
export const HOME_NATIONAL = 'capacity_home_national';
export const IMPORT_VALID_ONLY = 'capacity_import_valid_only';
/** /opvang drempels: the region's alert thresholds. */
export const THRESHOLDS_VIEW = 'capacity_thresholds';

// access (roles, audit)

// noodknop
export const NOODKNOP_REQUEST_VIEW = 'noodknop_request';
export const NOODKNOP_HOME_OPEN = 'noodknop_home_open';
export const NOODKNOP_OFFER_OPEN = 'noodknop_offer_open';
export const NOODKNOP_OFFER_VIEW = 'noodknop_offer';
export const NOODKNOP_OFFER_EDIT = 'noodknop_offer_edit';
export const NOODKNOP_OFFER_WITHDRAW = 'noodknop_offer_withdraw';
export const NOODKNOP_PLACE_OPEN = 'noodknop_place_open';
export const NOODKNOP_PLACE_VIEW = 'noodknop_place';
export const NOODKNOP_CANCEL_OPEN = 'noodknop_cancel_open';
export const NOODKNOP_CANCEL_VIEW = 'noodknop_cancel';
/** After a partial placement: a new noodknop for those still without a place (the request form, prefilled). */
export const NOODKNOP_FOLLOW_UP_OPEN = 'noodknop_follow_up_open';
/** After a partial placement: those still without a place need no new noodknop (requester or admin). */
export const NOODKNOP_LEFTOVER_DISMISS = 'noodknop_leftover_dismiss';

// roster (duty periods, shifts)
export const ROSTER_PERIOD_ADD = 'roster_period_add';
export const ROSTER_PERIOD_EDIT = 'roster_period_edit';
export const ROSTER_PERIOD_MODAL = 'roster_period_modal';
export const ROSTER_IMPORT_OPEN = 'roster_import_open';
export const ROSTER_IMPORT_MODAL = 'roster_import_modal';
export const SHIFT_ADD_OPEN = 'shift_add_open';
export const SHIFT_MODAL = 'shift_modal';
export const SHIFT_PATTERN_OPEN = 'shift_pattern_open';
export const SHIFT_PATTERN_MODAL = 'shift_pattern_modal';
export const SHIFT_CLAIM = 'shift_claim';
export const SHIFT_HAND_BACK = 'shift_hand_back';
/** "Dienst nemen" in "Nu actie nodig": the open shifts of the coming days, privately, with their buttons. */
export const SHIFT_LIST_OPEN = 'shift_list_open';
export const STAY_OUTFLOW_OPEN = 'stay_outflow_open';
export const STAY_OUTFLOW_MODAL = 'stay_outflow_modal';

// digest

// overdue (figures that ask for themselves)
/** "Klopt nog": the figures are confirmed unchanged. */
export const OVERDUE_CONFIRM = 'overdue_confirm';
/** "Bijwerken": the update form, prefilled. */
export const OVERDUE_UPDATE = 'overdue_update';
/** "Niet mijn locatie": the admins hear it privately. */
export const OVERDUE_NOT_MINE = 'overdue_not_mine';

/**
 * An action_id "should be unique among all other action_ids in the containing block"
 * (docs.slack.dev/reference/block-kit/block-elements/button-element): buttons of one kind that
 * share a block (a claim button per open shift) carry `<base>:<n>`, and the listener matches the
 * base with `actionIdPattern(base)` (the plain base too, for buttons posted before the suffix).
 */
export function uniqueActionId(base: string, n: string | number): string {
  return `${base}:${n}`;
}

export function actionIdPattern(base: string): RegExp {
  return new RegExp(`^${base}(?::[^:]+)?$`);
}
