/**
 * Every action_id, callback_id and block_id the bot uses, in one place: a handler and the view that
 * renders its trigger cannot drift apart. Grouped by feature.
 */

export const COMMAND = '/opvang';

// stand
export const STAND_SHARE = 'stand_share';

// home
export const HOME_REFRESH = 'home_refresh';
export const HOME_OPEN_COMMAND = 'home_open_command';

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

// access (roles, audit)

// noodknop

// roster (duty periods, shifts)

// digest
