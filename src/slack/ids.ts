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

// access (roles, audit)

// noodknop

// roster (duty periods, shifts)

// digest
