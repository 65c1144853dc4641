import { z, type ZodError } from 'zod';
import { parseWholeNumber } from './numbers';

/**
 * What a submitted form holds, field by field: strings, arrays for multi-selects and checkboxes.
 * Forms are validated by pure zod schemas over these values; errors are keyed by field name
 * (which is also the input block's id, so Slack can show them next to the field).
 */
export type FormValues = Record<string, string | string[] | undefined>;

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** Zod issues → { field: message }, the first message per field. */
export function fieldErrors(error: ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

/** Validates form values; `errors` is keyed by field name. */
export function validate<T>(schema: z.ZodType<T, unknown>, fields: FormValues): Validated<T> {
  const result = schema.safeParse(fields);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: fieldErrors(result.error) };
}

export interface WholeNumberField {
  /** The message when left empty; without it the field is optional and empty is null. */
  required?: string;
  /** A sign is allowed (carry-over). */
  signed?: boolean;
  /** The field's own rule on the value (a minimum, a maximum), as a Dutch message or undefined. */
  check?: (value: number) => string | undefined;
}

/** A form field holding a whole number, read by the one number parser (domain/numbers.ts). */
export function wholeNumberField(options: WholeNumberField = {}) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): number | null => {
      if (raw === undefined || raw.trim() === '') {
        if (options.required) ctx.addIssue({ code: 'custom', message: options.required });
        return null;
      }
      const parsed = parseWholeNumber(raw, { signed: options.signed });
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.reason });
        return null;
      }
      const problem = options.check?.(parsed.value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
      return parsed.value;
    });
}
