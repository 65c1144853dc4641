import type {
  Checkboxes,
  Datepicker,
  InputBlock,
  NumberInput,
  PlainTextOption as Option,
  PlainTextInput,
  StaticSelect,
  ExternalSelect,
  Timepicker,
  ModalView,
  KnownBlock,
  RadioButtons,
  MultiStaticSelect,
  UsersSelect,
} from '@slack/types';
import { LIMITS } from './limits';
import { truncate } from './escape';

/**
 * Modal conventions: every input block's block_id is the field's name and its element's action_id
 * is the same name, so state values and field errors are keyed alike.
 */

/** The parts of a submitted view's state that readFields reads (Bolt's ViewStateValue has more). */
interface SubmittedValue {
  value?: string | null;
  selected_date?: string | null;
  selected_time?: string | null;
  selected_date_time?: number | null;
  selected_conversation?: string | null;
  selected_channel?: string | null;
  selected_user?: string | null;
  selected_option?: { value?: string } | null;
  selected_users?: string[];
  selected_options?: { value?: string }[];
}

/** Submitted field values by name: the shape src/forms/form.ts calls RawValues. */
export type SubmittedFields = Record<string, string | string[] | undefined>;

function valueOf(v: SubmittedValue): string | string[] | undefined {
  if (v.selected_options) return v.selected_options.map((o) => o.value ?? '');
  if (v.selected_option) return v.selected_option.value ?? undefined;
  if (v.selected_date !== undefined) return v.selected_date ?? undefined;
  if (v.selected_time !== undefined) return v.selected_time ?? undefined;
  if (v.selected_date_time !== undefined) return v.selected_date_time === null ? undefined : String(v.selected_date_time);
  if (v.selected_user !== undefined) return v.selected_user ?? undefined;
  if (v.selected_users) return v.selected_users;
  if (v.selected_conversation !== undefined) return v.selected_conversation ?? undefined;
  if (v.selected_channel !== undefined) return v.selected_channel ?? undefined;
  return v.value ?? undefined;
}

/** Flattens view.state.values into { field: value } (strings; arrays for multi-selects and checkboxes). */
export function readFields(view: { state?: { values: Record<string, Record<string, SubmittedValue>> } }): SubmittedFields {
  const out: SubmittedFields = {};
  for (const [blockId, actions] of Object.entries(view.state?.values ?? {})) {
    const first = Object.values(actions)[0];
    if (first) out[blockId] = valueOf(first);
  }
  return out;
}

const plain = (text: string, max: number = LIMITS.inputLabel) => ({ type: 'plain_text' as const, text: truncate(text, max), emoji: true });

export function option(text: string, value: string): Option {
  return { text: plain(text, LIMITS.optionText), value: truncate(value, LIMITS.optionValue) };
}

export function input(
  name: string,
  label: string,
  element: PlainTextInput | NumberInput | StaticSelect | ExternalSelect | Datepicker | Timepicker | Checkboxes | RadioButtons | MultiStaticSelect | UsersSelect,
  options: { optional?: boolean; hint?: string; dispatchAction?: boolean } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: name,
    label: plain(label),
    element: { ...element, action_id: name },
    optional: options.optional ?? false,
    ...(options.hint ? { hint: plain(options.hint, LIMITS.inputHint) } : {}),
    ...(options.dispatchAction ? { dispatch_action: true } : {}),
  } as InputBlock;
}

export function textInput(initial?: string | null, options: { multiline?: boolean; maxLength?: number; minLength?: number; placeholder?: string } = {}): PlainTextInput {
  return {
    type: 'plain_text_input',
    action_id: '',
    ...(initial ? { initial_value: initial } : {}),
    ...(options.multiline ? { multiline: true } : {}),
    ...(options.maxLength ? { max_length: options.maxLength } : {}),
    ...(options.minLength ? { min_length: options.minLength } : {}),
    ...(options.placeholder ? { placeholder: plain(options.placeholder, 150) } : {}),
  };
}

/**
 * At most `max` options, with the chosen one always among them: a select shows at most 100
 * (docs.slack.dev/reference/block-kit/block-elements/select-menu-element) and its initial_option
 * must be one of its options, so a chosen value beyond the first `max` takes the last place.
 */
export function fitOptions(options: Option[], chosen: string | null | undefined, max: number = LIMITS.selectOptions): Option[] {
  const shown = options.slice(0, max);
  const pick = chosen === null || chosen === undefined ? undefined : options.find((o) => o.value === chosen);
  if (pick && !shown.includes(pick)) shown[shown.length - 1] = pick;
  return shown;
}

export function staticSelect(options: Option[], initial?: string | null, placeholder = 'Kies…'): StaticSelect {
  const shown = fitOptions(options, initial);
  const initialOption = shown.find((o) => o.value === initial);
  return {
    type: 'static_select',
    action_id: '',
    placeholder: plain(placeholder, 150),
    options: shown,
    ...(initialOption ? { initial_option: initialOption } : {}),
  };
}

export function externalSelect(placeholder: string, minQueryLength = 0, initial?: Option): ExternalSelect {
  return {
    type: 'external_select',
    action_id: '',
    placeholder: plain(placeholder, 150),
    min_query_length: minQueryLength,
    ...(initial ? { initial_option: initial } : {}),
  };
}

export function datePicker(initial?: string | null): Datepicker {
  return { type: 'datepicker', action_id: '', ...(initial ? { initial_date: initial } : {}) };
}

export function timePicker(initial?: string | null): Timepicker {
  return { type: 'timepicker', action_id: '', ...(initial ? { initial_time: initial } : {}), timezone: 'Europe/Amsterdam' } as Timepicker;
}

export function checkboxes(options: Option[], initial: string[] = []): Checkboxes {
  const initialOptions = options.filter((o) => initial.includes(o.value ?? ''));
  return { type: 'checkboxes', action_id: '', options, ...(initialOptions.length ? { initial_options: initialOptions } : {}) };
}

/** Radio buttons: at most 10 options (docs.slack.dev/reference/block-kit/block-elements/radio-button-group-element). */
export function radioButtons(options: Option[], initial?: string | null): RadioButtons {
  const initialOption = options.find((o) => o.value === initial);
  return { type: 'radio_buttons', action_id: '', options: options.slice(0, 10), ...(initialOption ? { initial_option: initialOption } : {}) };
}

/** A multi-select of at most 100 options, the chosen ones always among them. */
export function multiStaticSelect(options: Option[], initial: string[] = [], placeholder = 'Kies…'): MultiStaticSelect {
  const shown = options.slice(0, LIMITS.selectOptions);
  const missing = options.filter((o) => initial.includes(o.value ?? '') && !shown.includes(o));
  if (missing.length > 0) shown.splice(shown.length - missing.length, missing.length, ...missing);
  const initialOptions = shown.filter((o) => initial.includes(o.value ?? ''));
  return {
    type: 'multi_static_select',
    action_id: '',
    placeholder: plain(placeholder, 150),
    options: shown,
    ...(initialOptions.length > 0 ? { initial_options: initialOptions } : {}),
  };
}

export function usersSelect(initial?: string | null, placeholder = 'Kies iemand'): UsersSelect {
  return { type: 'users_select', action_id: '', placeholder: plain(placeholder, 150), ...(initial ? { initial_user: initial } : {}) };
}

export function modal(callbackId: string, title: string, blocks: KnownBlock[], options: { submit?: string; close?: string; privateMetadata?: string } = {}): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, LIMITS.modalTitle),
    ...(options.submit !== undefined ? { submit: plain(options.submit, LIMITS.modalButton) } : { submit: plain('Opslaan', LIMITS.modalButton) }),
    close: plain(options.close ?? 'Annuleren', LIMITS.modalButton),
    blocks,
    ...(options.privateMetadata ? { private_metadata: options.privateMetadata } : {}),
  };
}

/**
 * The block to put an error about the whole form under. `response_action: 'errors'` may only name
 * input blocks of the submitted view (docs.slack.dev/reference/interaction-payloads/view-interactions-payload);
 * Slack refuses anything else and the person sees a generic failure instead of the reason. Sections
 * get block ids Slack generates, so "the first block with an id" is not an input.
 */
export function firstInputBlockId(view: { blocks?: unknown[]; state?: { values?: Record<string, unknown> } }): string | undefined {
  const blocks = (view.blocks ?? []) as { type?: string; block_id?: string }[];
  return blocks.find((b) => b.type === 'input' && b.block_id)?.block_id ?? Object.keys(view.state?.values ?? {})[0];
}

/** A modal that only says something, with a close button (no submit: it has no input). */
export function noticeView(callbackId: string, title: string, mrkdwn: string): ModalView {
  const view = modal(callbackId, title, [{ type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn, LIMITS.sectionText) } }], { close: 'Sluiten' });
  delete (view as { submit?: unknown }).submit;
  return view;
}
