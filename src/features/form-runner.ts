import { textMessage } from '../blockkit/message';
import type { RawValues } from '../forms/form';
import { validateForm } from '../forms/validate';
import { requireRole } from './access/require-role';
import type { ActionResult, CommandReply, FeatureForm, FormContext, FormOutcome, SubmitContext } from './feature';

/**
 * The one way a form is opened and submitted, from Slack and from the console alike: the role is
 * read at the moment of the act, the definition is built from what is stored now, every field is
 * validated against it, and only then does the feature's submit store anything.
 */

/** A submission's outcome, or a refusal because the person does not (or no longer) hold the role. */
export type Submission = FormOutcome | { kind: 'refused'; text: string };

/** Opens `form` for a command: the form, or the Dutch refusal. */
export function openForm<M>(form: FeatureForm<M>, ctx: FormContext, meta: Partial<M> = {}): CommandReply {
  const refusal = requireRole(ctx.deps, ctx.userId, form.role, form.id);
  if (refusal) return { kind: 'message', message: textMessage(refusal) };
  return { kind: 'form', form: form.build(ctx, meta) };
}

/** Opens `form` for a button: the form, or the refusal said privately. */
export function openFormFromAction<M>(form: FeatureForm<M>, ctx: FormContext, meta: Partial<M> = {}): ActionResult {
  const reply = openForm(form, ctx, meta);
  return reply.kind === 'form' ? reply : { kind: 'tell', message: reply.message };
}

/** Role, validation against the form as built now, then the feature's submit. */
export function submitForm<M>(form: FeatureForm<M>, raw: RawValues, ctx: SubmitContext<M>): Submission {
  const refusal = requireRole(ctx.deps, ctx.userId, form.role, form.id);
  if (refusal) return { kind: 'refused', text: refusal };
  const checked = validateForm(form.build(ctx, ctx.meta), raw);
  if (!checked.ok) return { kind: 'errors', errors: checked.errors };
  return form.submit(checked.values, ctx);
}
