import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { context, section } from '../blockkit/blocks';
import {
  checkboxes,
  datePicker,
  externalSelect,
  fitOptions,
  input,
  modal,
  multiStaticSelect,
  option,
  radioButtons,
  readFields,
  staticSelect,
  textInput,
  timePicker,
  usersSelect,
} from '../blockkit/modal';
import { LIMITS } from '../blockkit/limits';
import { truncate } from '../blockkit/escape';
import { isField, type Field, type FieldErrors, type FormDefinition, type RawValues } from '../forms/form';

/**
 * A form definition as a Slack modal, and a submitted modal back as the form's raw values.
 * Every input block's block_id is the field's name (with `:<version>` when the form shows a
 * redrawn state), its element's action_id the same; the definition's meta and the channel the
 * form was opened in travel in private_metadata.
 */

/** Where the form was opened: confirmations go there (privately). */
export interface FormWhere {
  channel?: string;
}

/**
 * Slack keeps what a person typed in an input whose block_id did not change when a view is
 * updated ("Preserving input entry", docs.slack.dev/reference/views/modal-views): a redrawn state with other values gets
 * other block ids. The field that caused the redraw keeps its id.
 */
function blockIdOf(form: FormDefinition, field: Field): string {
  return form.version && !field.redraws ? `${field.name}:${form.version}` : field.name;
}

function element(field: Field) {
  const initial = field.initial ?? undefined;
  const one = Array.isArray(initial) ? initial[0] : initial;
  const many = Array.isArray(initial) ? initial : initial ? [initial] : [];
  const choices = (list: { label: string; value: string }[]) => list.map((c) => option(c.label, c.value));
  switch (field.kind) {
    case 'text':
      return textInput(one, { multiline: field.multiline, maxLength: field.maxLength, minLength: field.minLength, placeholder: field.placeholder });
    case 'number':
      // plain_text_input rather than number_input: what a person types ("1.200", "12,5") reaches
      // the one number parser and gets a Dutch error next to the field.
      return textInput(one, { maxLength: 12, placeholder: field.placeholder });
    case 'select': {
      // At most 100 options show: the chosen one and those that must always be there keep their place.
      const kept = field.alwaysShown ?? [];
      const rest = field.options.filter((o) => !kept.includes(o.value));
      const pinned = field.options.filter((o) => kept.includes(o.value));
      const shown = [...fitOptions(choices(rest), one, LIMITS.selectOptions - pinned.length), ...choices(pinned)];
      return staticSelect(shown, one, field.placeholder);
    }
    case 'radio':
      return radioButtons(choices(field.options), one);
    case 'checkboxes':
      return checkboxes(choices(field.options.slice(0, 10)), many);
    case 'multiselect':
      return multiStaticSelect(choices(field.options), many, field.placeholder);
    case 'date':
      return datePicker(one);
    case 'time':
      return timePicker(one);
    case 'user':
      return usersSelect(one, field.placeholder);
    case 'search': {
      const chosen = one ? field.resolve(one) : undefined;
      return externalSelect(field.placeholder ?? 'Zoek…', field.minQueryLength ?? 0, chosen && option(truncate(chosen.label, LIMITS.optionText), chosen.value));
    }
  }
}

function inputBlock(form: FormDefinition, field: Field): InputBlock {
  return input(blockIdOf(form, field), field.label, element(field), { optional: field.optional, hint: field.hint, dispatchAction: field.redraws });
}

/** The modal of a form definition. A form without fields is a notice: only a close button. */
export function formModal(form: FormDefinition, where: FormWhere = {}): ModalView {
  const blocks: KnownBlock[] = form.items.map((item) => (isField(item) ? inputBlock(form, item) : item.small ? context(item.text) : section(item.text)));
  const meta = { ...(form.meta ?? {}), ...(where.channel ? { channel: where.channel } : {}) };
  const privateMetadata = Object.keys(meta).length > 0 ? JSON.stringify(meta) : undefined;
  const view = modal(form.id, form.title, blocks, { submit: form.submit, close: form.close, privateMetadata });
  if (!form.items.some(isField)) delete (view as { submit?: unknown }).submit;
  return view;
}

/** What a form carries back in private_metadata, read defensively: anything but an object is no meta. */
export function decodeMeta(raw: string | undefined): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw || '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

interface SubmittedView {
  blocks?: unknown[];
  private_metadata?: string;
  state?: { values: Record<string, Record<string, any>> };
}

/** A submitted modal: the raw values by field name (block id suffixes removed), its meta and channel. */
export function readSubmission(view: SubmittedView): { raw: RawValues; meta: Record<string, unknown>; channel?: string } {
  const raw: RawValues = {};
  for (const [blockId, value] of Object.entries(readFields(view as Parameters<typeof readFields>[0]))) raw[blockId.split(':')[0]!] = value;
  const meta = decodeMeta(view.private_metadata);
  return { raw, meta, channel: typeof meta.channel === 'string' ? meta.channel : undefined };
}

/**
 * Field errors keyed by the submitted view's input block ids: `response_action: 'errors'` may
 * only name input blocks of that view (docs.slack.dev/reference/interaction-payloads/view-interactions-payload),
 * so an error about a field the view does not have goes under its first input block. Undefined
 * when the view has no input block at all.
 */
export function errorsForView(errors: FieldErrors, view: SubmittedView): Record<string, string> | undefined {
  // The view's own input blocks; only a view sent without its blocks is read from its state.
  const blocks = (view.blocks ?? []) as { type?: string; block_id?: string }[];
  const blockIds = blocks.length > 0 ? blocks.filter((b) => b.type === 'input' && b.block_id).map((b) => b.block_id!) : Object.keys(view.state?.values ?? {});
  const first = blockIds[0];
  if (!first) return undefined;
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const blockId = blockIds.find((id) => id === field || id.startsWith(`${field}:`)) ?? first;
    out[blockId] = out[blockId] ? `${out[blockId]} ${message}` : message;
  }
  return out;
}
