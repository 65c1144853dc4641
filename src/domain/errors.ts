/**
 * Errors that a caller must tell apart carry a code, as bolt-js's `ErrorCode` / `CodedError` do:
 * the caller switches on `code`, never on the message (which is for people) or on the class of
 * some module. Only what a caller really tells apart gets a code; an outcome a caller expects
 * (a conflict, a duplicate name) stays a status in the function's return type. Slack Web API
 * failures are classified where the Web API is spoken to (src/webapi), not here.
 */
export type ErrorCode =
  /** The database has applied a migration whose file this version lacks (a downgrade, a deleted file). */
  | 'migration_missing'
  /** An applied migration's file was changed afterwards: its checksum is not the one recorded. */
  | 'migration_edited'
  /** A migration file sits before the last applied one but was never applied (added with a lower number). */
  | 'migration_out_of_order'
  /** storeOnce: the write decided to store nothing; thrown to roll back its transaction, claim included. */
  | 'nothing_stored';

/** The codes with which the bot refuses to start (exit code 2): the database and the code disagree. */
export const START_REFUSALS = ['migration_missing', 'migration_edited', 'migration_out_of_order'] as const satisfies readonly ErrorCode[];

export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  /** What the thrower hands the catcher besides the code (e.g. the result of a write that stored nothing). */
  readonly detail: unknown;

  constructor(
    readonly code: C,
    message: string,
    options: { cause?: unknown; detail?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.detail = options.detail;
  }
}

/** True when `error` is an AppError with one of `codes` (any code when none are given). */
export function isAppError<C extends ErrorCode>(error: unknown, ...codes: readonly C[]): error is AppError<C> {
  return error instanceof AppError && (codes.length === 0 || codes.includes(error.code as C));
}
