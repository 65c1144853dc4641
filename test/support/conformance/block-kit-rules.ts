/**
 * What Slack accepts, as a validator for tests: every rule below comes from one of Slack's
 * reference pages, named in the comment (or the `doc` of the violation) next to it. The fake Web
 * API runs every payload the bot sends through it and answers `invalid_blocks` /
 * `invalid_arguments` as Slack would; the test helpers run the bot's own HTTP answers
 * (slash command replies, view_submission and block_suggestion acks) through it as well.
 *
 * The production code keeps its own `LIMITS` (to truncate what it renders); this file is the
 * oracle the tests hold it to, and is deliberately stricter and more complete than production needs.
 */

export type Surface = 'message' | 'modal' | 'home';

/**
 * Every rule name the validator can report. `Violation.rule` is typed by this list, so a rule
 * added below without a name here does not compile, and the validator's own tests
 * (test/conformance/validator.test.ts) fail for any name here that no test case makes fire.
 */
export const RULES = [
  // blocks and surfaces
  'blocks.type', 'blocks.max', 'block.object', 'block.type', 'block.surface',
  'block_id.type', 'block_id.empty', 'block_id.max', 'block_id.duplicate',
  'action_id.type', 'action_id.empty', 'action_id.max', 'action_id.duplicate',
  'callback_id.type', 'callback_id.empty', 'callback_id.max',
  'section.empty', 'section.fields.type', 'section.fields.max',
  'context.elements.required', 'context.elements.max',
  'actions.elements.required', 'actions.elements.max',
  'input.element.required', 'input.dispatch_file', 'image.alt_text', 'image.source',
  // text objects and markup
  'text.required', 'text.object', 'text.type', 'text.plain_only', 'text.emoji_on_mrkdwn', 'text.verbatim_on_plain', 'text.empty', 'text.max',
  'mrkdwn.unescaped',
  // composition objects
  'option.object', 'option.value.required', 'option.value.max', 'option.url.max',
  'group.options.required', 'group.options.max',
  'confirm.object', 'confirm.style',
  // elements
  'element.object', 'element.not_allowed',
  'button.value.max', 'button.url.max', 'button.style', 'button.label.max',
  'select.options_and_groups', 'select.options.required', 'select.options.type', 'select.options.max', 'select.options.empty',
  'select.groups.type', 'select.groups.max', 'select.initial_option',
  'multi_select.initial_options', 'multi_select.max_selected_items',
  'external_select.min_query_length',
  'checkboxes.options.required', 'checkboxes.options.max', 'checkboxes.initial',
  'radio_buttons.options.required', 'radio_buttons.options.max', 'radio_buttons.initial',
  'datepicker.initial_date', 'timepicker.initial_time', 'timepicker.timezone',
  'plain_text_input.min_length', 'plain_text_input.max_length', 'plain_text_input.range', 'plain_text_input.initial_value',
  'number_input.is_decimal_allowed', 'number_input.range', 'overflow.options',
  // views and messages
  'view.object', 'view.type', 'view.blocks.required', 'view.private_metadata.max', 'modal.submit.required',
  'message.text_or_blocks', 'message.text.type', 'message.text.fallback', 'message.text.max', 'message.response_type',
  // Web API arguments
  'argument.required', 'argument.unknown', 'argument.length', 'alt_txt.max',
  // the bot's own answers
  'response_action.body', 'response_action.errors.empty', 'response_action.errors.not_input', 'response_action.errors.message', 'response_action.view', 'response_action.unknown',
  'options.body', 'options.required', 'options.both', 'options.type', 'options.max', 'option_groups.type', 'option_groups.max',
] as const;

export type Rule = (typeof RULES)[number];

export interface Violation {
  /** JSON pointer into the payload, as Slack's `[json-pointer:…]` in response_metadata. */
  path: string;
  /** Short rule name, stable for tests ("section.text.max"); one of RULES. */
  rule: Rule;
  message: string;
  /** The reference page the rule comes from. */
  doc: string;
}

type Json = Record<string, any>;

const DOCS = 'https://docs.slack.dev/reference';
export const DOC = {
  blocks: `${DOCS}/block-kit/blocks`,
  section: `${DOCS}/block-kit/blocks/section-block`,
  header: `${DOCS}/block-kit/blocks/header-block`,
  context: `${DOCS}/block-kit/blocks/context-block`,
  actions: `${DOCS}/block-kit/blocks/actions-block`,
  divider: `${DOCS}/block-kit/blocks/divider-block`,
  input: `${DOCS}/block-kit/blocks/input-block`,
  image: `${DOCS}/block-kit/blocks/image-block`,
  text: `${DOCS}/block-kit/composition-objects/text-object`,
  option: `${DOCS}/block-kit/composition-objects/option-object`,
  optionGroup: `${DOCS}/block-kit/composition-objects/option-group-object`,
  confirm: `${DOCS}/block-kit/composition-objects/confirmation-dialog-object`,
  button: `${DOCS}/block-kit/block-elements/button-element`,
  checkboxes: `${DOCS}/block-kit/block-elements/checkboxes-element`,
  radio: `${DOCS}/block-kit/block-elements/radio-button-group-element`,
  datepicker: `${DOCS}/block-kit/block-elements/date-picker-element`,
  timepicker: `${DOCS}/block-kit/block-elements/time-picker-element`,
  select: `${DOCS}/block-kit/block-elements/select-menu-element`,
  multiSelect: `${DOCS}/block-kit/block-elements/multi-select-menu-element`,
  overflow: `${DOCS}/block-kit/block-elements/overflow-menu-element`,
  plainTextInput: `${DOCS}/block-kit/block-elements/plain-text-input-element`,
  numberInput: `${DOCS}/block-kit/block-elements/number-input-element`,
  imageElement: `${DOCS}/block-kit/block-elements/image-element`,
  modal: `${DOCS}/views/modal-views`,
  home: `${DOCS}/views/home-tab-views`,
  postMessage: `${DOCS}/methods/chat.postMessage`,
  postEphemeral: `${DOCS}/methods/chat.postEphemeral`,
  update: `${DOCS}/methods/chat.update`,
  viewsOpen: `${DOCS}/methods/views.open`,
  viewsUpdate: `${DOCS}/methods/views.update`,
  viewsPush: `${DOCS}/methods/views.push`,
  viewsPublish: `${DOCS}/methods/views.publish`,
  conversationsOpen: `${DOCS}/methods/conversations.open`,
  uploadUrl: `${DOCS}/methods/files.getUploadURLExternal`,
  completeUpload: `${DOCS}/methods/files.completeUploadExternal`,
  viewSubmission: `${DOCS}/interaction-payloads/view-interactions-payload`,
  blockSuggestion: `${DOCS}/interaction-payloads/block_suggestion-payload`,
  responseUrl: 'https://docs.slack.dev/interactivity/handling-user-interaction',
  slashCommand: 'https://docs.slack.dev/interactivity/implementing-slash-commands',
} as const;

class Collector {
  readonly found: Violation[] = [];
  add(path: string, rule: Rule, message: string, doc: string): void {
    this.found.push({ path, rule, message, doc });
  }
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is { type: string; text: string } => isObject(v) && typeof v.text === 'string';

/** Counts characters as Slack does: by code point, so an emoji counts once. */
const length = (s: string): number => [...s].length;

// ---- composition objects ----------------------------------------------------------------------

/**
 * A text object: type plain_text or mrkdwn, text 1–3000 characters; `emoji` only on plain_text,
 * `verbatim` only on mrkdwn (DOC.text). `plainOnly` where the field's page demands plain_text.
 */
function checkText(c: Collector, value: unknown, path: string, options: { max: number; plainOnly?: boolean; doc: string; what: string; required?: boolean }): void {
  if (value === undefined) {
    if (options.required) c.add(path, 'text.required', `${options.what} ontbreekt`, options.doc);
    return;
  }
  if (!isText(value)) return c.add(path, 'text.object', `${options.what} is geen text object`, DOC.text);
  if (value.type !== 'plain_text' && value.type !== 'mrkdwn') c.add(`${path}/type`, 'text.type', `${options.what}: type ${String(value.type)}`, DOC.text);
  if (options.plainOnly && value.type !== 'plain_text') c.add(`${path}/type`, 'text.plain_only', `${options.what} moet plain_text zijn`, options.doc);
  if (value.type === 'mrkdwn' && 'emoji' in value) c.add(`${path}/emoji`, 'text.emoji_on_mrkdwn', `${options.what}: emoji kan alleen op plain_text`, DOC.text);
  if (value.type === 'plain_text' && 'verbatim' in value) c.add(`${path}/verbatim`, 'text.verbatim_on_plain', `${options.what}: verbatim kan alleen op mrkdwn`, DOC.text);
  if (value.type === 'mrkdwn') checkMarkup(c, value.text, `${path}/text`, options.what);
  const n = length(value.text);
  if (n < 1) c.add(`${path}/text`, 'text.empty', `${options.what} is leeg`, DOC.text);
  if (n > options.max) c.add(`${path}/text`, `text.max`, `${options.what}: ${n} tekens, maximaal ${options.max}`, options.doc);
}

/**
 * In mrkdwn Slack reads `<…>` as a link, mention or command; `&`, `<` and `>` meant as text must be
 * escaped as `&amp;`, `&lt;`, `&gt;` (docs.slack.dev/messaging/formatting-message-text#escaping).
 * A placeholder like `<gemeente>` would show as a link to nowhere, a typed `<!channel>` would notify.
 * Only the markup the bot means is allowed: user, channel and group mentions, the special
 * mentions, dates and links.
 */
const MARKUP = /^<(?:[@#][UWC][A-Z0-9]+(?:\|[^>]*)?|!(?:here|channel|everyone)(?:\|[^>]*)?|!date\^\d+\^[^>]*|!subteam\^[A-Z0-9]+(?:\|[^>]*)?|(?:https?|mailto|tel|slack):[^>]*)>$/;
const FORMATTING = 'https://docs.slack.dev/messaging/formatting-message-text';

function checkMarkup(c: Collector, text: string, path: string, what: string): void {
  for (const match of text.matchAll(/<[^<>]*>?/g)) {
    if (!MARKUP.test(match[0])) c.add(path, 'mrkdwn.unescaped', `${what}: "${match[0].slice(0, 40)}" wordt als link of opdracht gelezen; schrijf &lt; &gt;`, FORMATTING);
  }
}

function checkId(c: Collector, value: unknown, path: string, what: 'block_id' | 'action_id' | 'callback_id', doc: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string') return c.add(path, `${what}.type`, `${what} is geen string`, doc);
  // block_id, action_id and callback_id: "Maximum length for this field is 255 characters."
  if (value.length === 0) c.add(path, `${what}.empty`, `${what} is leeg`, doc);
  if (value.length > 255) c.add(path, `${what}.max`, `${what} ${value.length} tekens, maximaal 255`, doc);
}

/**
 * An option: text (plain_text in menus; mrkdwn allowed in checkboxes and radio buttons) at most 75
 * characters, value at most 150, description at most 75, url at most 3000 (DOC.option).
 */
function checkOption(c: Collector, option: unknown, path: string, plainOnly: boolean): void {
  if (!isObject(option)) return c.add(path, 'option.object', 'optie is geen object', DOC.option);
  checkText(c, option.text, `${path}/text`, { max: 75, plainOnly, doc: DOC.option, what: 'optietekst', required: true });
  if (typeof option.value !== 'string') c.add(`${path}/value`, 'option.value.required', 'optie zonder value', DOC.option);
  else if (option.value.length > 150) c.add(`${path}/value`, 'option.value.max', `optiewaarde ${option.value.length} tekens, maximaal 150`, DOC.option);
  if (option.description !== undefined) checkText(c, option.description, `${path}/description`, { max: 75, doc: DOC.option, what: 'optiebeschrijving' });
  if (typeof option.url === 'string' && option.url.length > 3000) c.add(`${path}/url`, 'option.url.max', 'optie-url langer dan 3000', DOC.option);
}

const sameOption = (a: Json, b: Json) => a?.value === b?.value && a?.text?.text === b?.text?.text && (a?.text?.type ?? 'plain_text') === (b?.text?.type ?? 'plain_text');

/** Options or option groups of a static menu: at most 100 of either, one of them required (DOC.select, DOC.optionGroup). */
function checkOptionList(c: Collector, element: Json, path: string, doc: string): Json[] {
  const all: Json[] = [];
  const hasOptions = element.options !== undefined;
  const hasGroups = element.option_groups !== undefined;
  if (hasOptions && hasGroups) c.add(path, 'select.options_and_groups', 'options én option_groups: kies één', doc);
  if (!hasOptions && !hasGroups) c.add(path, 'select.options.required', 'menu zonder options of option_groups', doc);
  if (hasOptions) {
    if (!Array.isArray(element.options)) c.add(`${path}/options`, 'select.options.type', 'options is geen lijst', doc);
    else {
      if (element.options.length > 100) c.add(`${path}/options`, 'select.options.max', `${element.options.length} opties, maximaal 100`, doc);
      if (element.options.length === 0) c.add(`${path}/options`, 'select.options.empty', 'menu zonder opties', doc);
      element.options.forEach((o: unknown, i: number) => checkOption(c, o, `${path}/options/${i}`, true));
      all.push(...element.options);
    }
  }
  if (hasGroups) {
    if (!Array.isArray(element.option_groups)) c.add(`${path}/option_groups`, 'select.groups.type', 'option_groups is geen lijst', DOC.optionGroup);
    else {
      if (element.option_groups.length > 100) c.add(`${path}/option_groups`, 'select.groups.max', `${element.option_groups.length} groepen, maximaal 100`, DOC.optionGroup);
      element.option_groups.forEach((g: Json, i: number) => {
        checkText(c, g?.label, `${path}/option_groups/${i}/label`, { max: 75, plainOnly: true, doc: DOC.optionGroup, what: 'groepslabel', required: true });
        if (!Array.isArray(g?.options)) return c.add(`${path}/option_groups/${i}/options`, 'group.options.required', 'groep zonder opties', DOC.optionGroup);
        if (g.options.length > 100) c.add(`${path}/option_groups/${i}/options`, 'group.options.max', `${g.options.length} opties in een groep, maximaal 100`, DOC.optionGroup);
        g.options.forEach((o: unknown, j: number) => checkOption(c, o, `${path}/option_groups/${i}/options/${j}`, true));
        all.push(...g.options);
      });
    }
  }
  return all;
}

/** A confirmation dialog: title ≤ 100 (plain_text), text ≤ 300, confirm and deny ≤ 30 (plain_text) (DOC.confirm). */
function checkConfirm(c: Collector, confirm: unknown, path: string): void {
  if (confirm === undefined) return;
  if (!isObject(confirm)) return c.add(path, 'confirm.object', 'confirm is geen object', DOC.confirm);
  checkText(c, confirm.title, `${path}/title`, { max: 100, plainOnly: true, doc: DOC.confirm, what: 'bevestigingstitel', required: true });
  checkText(c, confirm.text, `${path}/text`, { max: 300, doc: DOC.confirm, what: 'bevestigingstekst', required: true });
  checkText(c, confirm.confirm, `${path}/confirm`, { max: 30, plainOnly: true, doc: DOC.confirm, what: 'bevestigknop', required: true });
  checkText(c, confirm.deny, `${path}/deny`, { max: 30, plainOnly: true, doc: DOC.confirm, what: 'annuleerknop', required: true });
  if (confirm.style !== undefined && confirm.style !== 'primary' && confirm.style !== 'danger') c.add(`${path}/style`, 'confirm.style', `stijl ${confirm.style}`, DOC.confirm);
}

const placeholder = (c: Collector, element: Json, path: string, doc: string) =>
  // Every element's placeholder: "A plain_text only text object … Maximum length for the text in this field is 150 characters."
  checkText(c, element.placeholder, `${path}/placeholder`, { max: 150, plainOnly: true, doc, what: 'placeholder' });

/** A real calendar date in YYYY-MM-DD (DOC.datepicker: "This should be in the format YYYY-MM-DD"). */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** HH:mm, 00–23 and 00–59 with leading zeros (DOC.timepicker). */
export const isHourMinute = (value: string): boolean => /^([01]\d|2[0-3]):[0-5]\d$/.test(value);

// ---- elements ---------------------------------------------------------------------------------

/** Where an element type may appear, per the "Works with block types" of each element's page. */
const ELEMENTS_IN: Record<'section' | 'actions' | 'input', Set<string>> = {
  section: new Set(['button', 'checkboxes', 'datepicker', 'image', 'multi_static_select', 'multi_external_select', 'multi_users_select', 'multi_conversations_select', 'multi_channels_select', 'overflow', 'radio_buttons', 'static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select', 'timepicker', 'workflow_button']),
  actions: new Set(['button', 'checkboxes', 'datepicker', 'datetimepicker', 'multi_static_select', 'multi_external_select', 'multi_users_select', 'multi_conversations_select', 'multi_channels_select', 'overflow', 'radio_buttons', 'static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select', 'timepicker', 'workflow_button', 'rich_text_input']),
  input: new Set(['checkboxes', 'datepicker', 'datetimepicker', 'email_text_input', 'file_input', 'multi_static_select', 'multi_external_select', 'multi_users_select', 'multi_conversations_select', 'multi_channels_select', 'number_input', 'plain_text_input', 'radio_buttons', 'rich_text_input', 'static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select', 'timepicker', 'url_text_input']),
};

function checkElement(c: Collector, element: unknown, path: string, inBlock: 'section' | 'actions' | 'input', actionIds: Set<string>): void {
  if (!isObject(element)) return c.add(path, 'element.object', 'element is geen object', DOC.blocks);
  const type = String(element.type);
  if (!ELEMENTS_IN[inBlock].has(type)) c.add(`${path}/type`, 'element.not_allowed', `element ${type} past niet in een ${inBlock}-blok`, DOC[inBlock]);
  // action_id: "Should be unique among all other action_ids in the containing block. Maximum length 255."
  // The pages ask nothing more across a view or message: the same action_id in two blocks is
  // allowed (a listener then tells them apart by block_id), so only the block is checked.
  checkId(c, element.action_id, `${path}/action_id`, 'action_id', DOC.button);
  if (typeof element.action_id === 'string') {
    if (actionIds.has(element.action_id)) c.add(`${path}/action_id`, 'action_id.duplicate', `action_id "${element.action_id}" dubbel in dit blok`, DOC.actions);
    actionIds.add(element.action_id);
  }
  checkConfirm(c, element.confirm, `${path}/confirm`);
  // Every multi-select: "max_selected_items: Specifies the maximum number of items that can be
  // selected in the menu. Minimum number is 1." (multi-select-menu-element)
  if (typeof element.type === 'string' && element.type.startsWith('multi_') && element.max_selected_items !== undefined && !(Number.isInteger(element.max_selected_items) && element.max_selected_items >= 1)) {
    c.add(`${path}/max_selected_items`, 'multi_select.max_selected_items', 'max_selected_items moet minstens 1 zijn', DOC.multiSelect);
  }
  switch (type) {
    case 'button':
      checkText(c, element.text, `${path}/text`, { max: 75, plainOnly: true, doc: DOC.button, what: 'knoptekst', required: true });
      if (typeof element.value === 'string' && element.value.length > 2000) c.add(`${path}/value`, 'button.value.max', `knopwaarde ${element.value.length} tekens, maximaal 2000`, DOC.button);
      if (typeof element.url === 'string' && element.url.length > 3000) c.add(`${path}/url`, 'button.url.max', 'knop-url langer dan 3000', DOC.button);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') c.add(`${path}/style`, 'button.style', `stijl ${element.style}`, DOC.button);
      if (typeof element.accessibility_label === 'string' && length(element.accessibility_label) > 75) c.add(`${path}/accessibility_label`, 'button.label.max', 'accessibility_label langer dan 75', DOC.button);
      break;
    case 'static_select': {
      placeholder(c, element, path, DOC.select);
      const options = checkOptionList(c, element, path, DOC.select);
      // initial_option: "A single option that exactly matches one of the options within options or option_groups."
      if (element.initial_option !== undefined && !options.some((o) => sameOption(o, element.initial_option))) {
        c.add(`${path}/initial_option`, 'select.initial_option', 'initial_option staat niet (precies) tussen de opties', DOC.select);
      }
      break;
    }
    case 'multi_static_select': {
      placeholder(c, element, path, DOC.multiSelect);
      const options = checkOptionList(c, element, path, DOC.multiSelect);
      for (const [i, o] of ((element.initial_options as Json[] | undefined) ?? []).entries()) {
        if (!options.some((x) => sameOption(x, o))) c.add(`${path}/initial_options/${i}`, 'multi_select.initial_options', 'initial_options staat niet tussen de opties', DOC.multiSelect);
      }
      break;
    }
    case 'external_select':
    case 'multi_external_select':
      placeholder(c, element, path, DOC.select);
      if (element.initial_option !== undefined) checkOption(c, element.initial_option, `${path}/initial_option`, true);
      if (element.min_query_length !== undefined && !(Number.isInteger(element.min_query_length) && element.min_query_length >= 0)) {
        c.add(`${path}/min_query_length`, 'external_select.min_query_length', 'min_query_length moet een geheel getal ≥ 0 zijn', DOC.select);
      }
      break;
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
    case 'multi_users_select':
    case 'multi_conversations_select':
    case 'multi_channels_select':
      placeholder(c, element, path, DOC.select);
      break;
    case 'checkboxes':
    case 'radio_buttons': {
      const doc = type === 'checkboxes' ? DOC.checkboxes : DOC.radio;
      // "A maximum of 10 options are allowed."
      if (!Array.isArray(element.options) || element.options.length === 0) c.add(`${path}/options`, `${type}.options.required`, 'geen opties', doc);
      else {
        if (element.options.length > 10) c.add(`${path}/options`, `${type}.options.max`, `${element.options.length} opties, maximaal 10`, doc);
        element.options.forEach((o: unknown, i: number) => checkOption(c, o, `${path}/options/${i}`, false));
      }
      const initial = type === 'checkboxes' ? ((element.initial_options as Json[] | undefined) ?? []) : element.initial_option ? [element.initial_option] : [];
      for (const [i, o] of initial.entries()) {
        if (!((element.options as Json[] | undefined) ?? []).some((x) => sameOption(x, o))) c.add(`${path}/initial_options/${i}`, `${type}.initial`, 'beginwaarde staat niet (precies) tussen de opties', doc);
      }
      break;
    }
    case 'datepicker':
      placeholder(c, element, path, DOC.datepicker);
      if (element.initial_date !== undefined && !(typeof element.initial_date === 'string' && isIsoDate(element.initial_date))) {
        c.add(`${path}/initial_date`, 'datepicker.initial_date', `initial_date ${JSON.stringify(element.initial_date)} is geen YYYY-MM-DD`, DOC.datepicker);
      }
      break;
    case 'timepicker':
      placeholder(c, element, path, DOC.timepicker);
      if (element.initial_time !== undefined && !(typeof element.initial_time === 'string' && isHourMinute(element.initial_time))) {
        c.add(`${path}/initial_time`, 'timepicker.initial_time', `initial_time ${JSON.stringify(element.initial_time)} is geen HH:mm`, DOC.timepicker);
      }
      if (element.timezone !== undefined && !(typeof element.timezone === 'string' && isTimeZone(element.timezone))) c.add(`${path}/timezone`, 'timepicker.timezone', `onbekende tijdzone ${element.timezone}`, DOC.timepicker);
      break;
    case 'plain_text_input': {
      placeholder(c, element, path, DOC.plainTextInput);
      const { min_length: min, max_length: max } = element;
      // "min_length … between 0 and 3000, inclusive"; "max_length … between 1 and 3000, inclusive".
      if (min !== undefined && !(Number.isInteger(min) && min >= 0 && min <= 3000)) c.add(`${path}/min_length`, 'plain_text_input.min_length', `min_length ${min} buiten 0–3000`, DOC.plainTextInput);
      if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= 3000)) c.add(`${path}/max_length`, 'plain_text_input.max_length', `max_length ${max} buiten 1–3000`, DOC.plainTextInput);
      if (Number.isInteger(min) && Number.isInteger(max) && min > max) c.add(path, 'plain_text_input.range', `min_length ${min} > max_length ${max}`, DOC.plainTextInput);
      if (typeof element.initial_value === 'string' && Number.isInteger(max) && length(element.initial_value) > max) {
        c.add(`${path}/initial_value`, 'plain_text_input.initial_value', `initial_value langer dan max_length ${max}: de gebruiker kan het formulier zo niet opslaan`, DOC.plainTextInput);
      }
      break;
    }
    case 'number_input':
      placeholder(c, element, path, DOC.numberInput);
      if (typeof element.is_decimal_allowed !== 'boolean') c.add(`${path}/is_decimal_allowed`, 'number_input.is_decimal_allowed', 'is_decimal_allowed is verplicht', DOC.numberInput);
      else {
        // min_value "cannot be greater than max_value"; all three are numbers as strings, whole ones unless decimals are allowed.
        const number = (v: unknown) => (typeof v === 'string' && (element.is_decimal_allowed ? /^-?\d+(\.\d+)?$/ : /^-?\d+$/).test(v) ? Number(v) : Number.NaN);
        const given = (['min_value', 'max_value', 'initial_value'] as const).filter((k) => element[k] !== undefined);
        const bad = given.filter((k) => Number.isNaN(number(element[k])));
        const [min, max, initial] = [number(element.min_value), number(element.max_value), number(element.initial_value)];
        if (bad.length > 0) c.add(`${path}/${bad[0]}`, 'number_input.range', `${bad[0]} is geen getal als tekst`, DOC.numberInput);
        else if (min > max || initial < min || initial > max) c.add(path, 'number_input.range', 'min_value ≤ initial_value ≤ max_value', DOC.numberInput);
      }
      break;
    case 'overflow':
      // "An array of up to five option objects"; at least two.
      if (!Array.isArray(element.options) || element.options.length < 2 || element.options.length > 5) c.add(`${path}/options`, 'overflow.options', 'overflow heeft 2 tot 5 opties', DOC.overflow);
      else element.options.forEach((o: unknown, i: number) => checkOption(c, o, `${path}/options/${i}`, true));
      break;
    case 'image':
      if (typeof element.alt_text !== 'string' || element.alt_text.length === 0) c.add(`${path}/alt_text`, 'image.alt_text', 'afbeelding zonder alt_text', DOC.imageElement);
      if (!imageSourceOk(element)) c.add(path, 'image.source', 'afbeelding met precies één bron: image_url (≤ 3000) of slack_file (url of id)', DOC.imageElement);
      break;
    default:
      break;
  }
}

/** An image (block or element) names exactly one source: image_url (≤ 3000) or a slack_file with exactly one of url and id. */
function imageSourceOk(image: Json): boolean {
  const url = image.image_url;
  const file = image.slack_file as Json | undefined;
  if ((url === undefined) === (file === undefined)) return false;
  if (url !== undefined) return typeof url === 'string' && url.length > 0 && length(url) <= 3000;
  if (!file || typeof file !== 'object') return false;
  const byUrl = typeof file.url === 'string' && file.url.length > 0;
  const byId = typeof file.id === 'string' && file.id.length > 0;
  return byUrl !== byId;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// ---- blocks -----------------------------------------------------------------------------------

/**
 * Block types per surface (DOC.blocks, each block's "Available in surfaces"). Input blocks are in
 * messages too since 2021, with dispatch_action.
 */
const BLOCKS_ON: Record<Surface, Set<string>> = {
  message: new Set(['actions', 'context', 'divider', 'file', 'header', 'image', 'input', 'markdown', 'rich_text', 'section', 'video', 'table', 'context_actions']),
  modal: new Set(['actions', 'context', 'divider', 'header', 'image', 'input', 'rich_text', 'section', 'video']),
  home: new Set(['actions', 'context', 'divider', 'header', 'image', 'input', 'rich_text', 'section', 'video']),
};

/** "You can include up to 50 blocks in each message, and 100 blocks in modals or Home tabs." (DOC.blocks) */
export const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };

/** Validates a blocks array for a surface. */
export function checkBlocks(blocks: unknown, surface: Surface, base = '/blocks'): Violation[] {
  const c = new Collector();
  collectBlocks(c, blocks, surface, base);
  return c.found;
}

function collectBlocks(c: Collector, blocks: unknown, surface: Surface, base: string): void {
  if (blocks === undefined) return;
  if (!Array.isArray(blocks)) return c.add(base, 'blocks.type', 'blocks is geen lijst', DOC.blocks);
  if (blocks.length > MAX_BLOCKS[surface]) c.add(base, 'blocks.max', `${blocks.length} blokken, maximaal ${MAX_BLOCKS[surface]} in een ${surface}`, DOC.blocks);
  const blockIds = new Map<string, number>();
  blocks.forEach((block: unknown, index: number) => {
    const path = `${base}/${index}`;
    if (!isObject(block)) return c.add(path, 'block.object', 'blok is geen object', DOC.blocks);
    const type = String(block.type);
    // A known type on the wrong surface is block.surface; a type Slack does not know is block.type (below), once.
    if (BLOCKS_ON.message.has(type) && !BLOCKS_ON[surface].has(type)) c.add(`${path}/type`, 'block.surface', `bloktype ${type} kan niet in een ${surface}`, DOC.blocks);
    checkId(c, block.block_id, `${path}/block_id`, 'block_id', DOC.blocks);
    // "block_id should be unique for each message or view and each iteration of a message or view."
    if (typeof block.block_id === 'string') {
      const first = blockIds.get(block.block_id);
      if (first !== undefined) c.add(`${path}/block_id`, 'block_id.duplicate', `block_id "${block.block_id}" staat ook in blok ${first}`, DOC.input);
      else blockIds.set(block.block_id, index);
    }
    const actionIds = new Set<string>();
    switch (type) {
      case 'section': {
        // text: 1–3000 characters, "not required if a valid array of fields objects is provided instead"; fields ≤ 10 × ≤ 2000.
        checkText(c, block.text, `${path}/text`, { max: 3000, doc: DOC.section, what: 'sectietekst' });
        const fields = block.fields;
        if (fields !== undefined) {
          if (!Array.isArray(fields) || fields.length === 0) c.add(`${path}/fields`, 'section.fields.type', 'fields is geen lijst', DOC.section);
          else {
            if (fields.length > 10) c.add(`${path}/fields`, 'section.fields.max', `${fields.length} velden, maximaal 10`, DOC.section);
            fields.forEach((f: unknown, i: number) => checkText(c, f, `${path}/fields/${i}`, { max: 2000, doc: DOC.section, what: 'veld' }));
          }
        }
        if (block.text === undefined && fields === undefined) c.add(path, 'section.empty', 'sectie zonder text of fields', DOC.section);
        if (block.accessory !== undefined) checkElement(c, block.accessory, `${path}/accessory`, 'section', actionIds);
        break;
      }
      case 'header':
        // "The text for the block, in the form of a plain_text text object. Maximum length … 150 characters."
        checkText(c, block.text, `${path}/text`, { max: 150, plainOnly: true, doc: DOC.header, what: 'kop', required: true });
        break;
      case 'context': {
        // "An array of image elements and text objects. Maximum number of items is 10."
        const elements = block.elements;
        if (!Array.isArray(elements) || elements.length === 0) c.add(`${path}/elements`, 'context.elements.required', 'context zonder elementen', DOC.context);
        else {
          if (elements.length > 10) c.add(`${path}/elements`, 'context.elements.max', `${elements.length} elementen, maximaal 10`, DOC.context);
          elements.forEach((e: Json, i: number) => {
            if (e?.type === 'image') return checkElement(c, e, `${path}/elements/${i}`, 'section', actionIds);
            checkText(c, e, `${path}/elements/${i}`, { max: 3000, doc: DOC.context, what: 'contexttekst' });
          });
        }
        break;
      }
      case 'actions': {
        // "There is a maximum of 25 elements in each action block."
        const elements = block.elements;
        if (!Array.isArray(elements) || elements.length === 0) c.add(`${path}/elements`, 'actions.elements.required', 'actions zonder elementen', DOC.actions);
        else {
          if (elements.length > 25) c.add(`${path}/elements`, 'actions.elements.max', `${elements.length} elementen, maximaal 25`, DOC.actions);
          elements.forEach((e: unknown, i: number) => checkElement(c, e, `${path}/elements/${i}`, 'actions', actionIds));
        }
        break;
      }
      case 'input':
        // label: plain_text ≤ 2000, required; hint: plain_text ≤ 2000; element required.
        checkText(c, block.label, `${path}/label`, { max: 2000, plainOnly: true, doc: DOC.input, what: 'label', required: true });
        checkText(c, block.hint, `${path}/hint`, { max: 2000, plainOnly: true, doc: DOC.input, what: 'hint' });
        if (block.element === undefined) c.add(`${path}/element`, 'input.element.required', 'invoerblok zonder element', DOC.input);
        else checkElement(c, block.element, `${path}/element`, 'input', actionIds);
        if (block.dispatch_action && block.element?.type === 'file_input') c.add(`${path}/dispatch_action`, 'input.dispatch_file', 'dispatch_action kan niet met file_input', DOC.input);
        break;
      case 'image':
        // alt_text: required, "Maximum length for this field is 2000 characters" (characters as Slack counts them).
        if (typeof block.alt_text !== 'string' || block.alt_text.length === 0 || length(block.alt_text) > 2000) c.add(`${path}/alt_text`, 'image.alt_text', 'afbeelding zonder alt_text (≤ 2000)', DOC.image);
        // "You must provide either an image_url or slack_file"; image_url "Maximum length … 3000
        // characters"; a slack_file has its url or its id, "If both are provided then the payload will be
        // rejected" (composition-objects/slack-file-object).
        if (!imageSourceOk(block)) c.add(path, 'image.source', 'afbeelding met precies één bron: image_url (≤ 3000) of slack_file (url of id)', DOC.image);
        break;
      case 'divider':
        break;
      default:
        if (!BLOCKS_ON.message.has(type)) c.add(`${path}/type`, 'block.type', `onbekend bloktype ${type}`, DOC.blocks);
        break;
    }
  });
}

// ---- surfaces ---------------------------------------------------------------------------------

/** Input blocks of a view: the only block ids `response_action: 'errors'` may use. */
export function inputBlockIds(view: { blocks?: unknown }): string[] {
  return ((view.blocks as Json[] | undefined) ?? []).filter((b) => b?.type === 'input' && typeof b.block_id === 'string').map((b) => b.block_id as string);
}

/** A modal or Home tab view object. */
export function checkView(view: unknown, base = '/view'): Violation[] {
  const c = new Collector();
  collectView(c, view, base);
  return c.found;
}

function collectView(c: Collector, view: unknown, base: string): void {
  if (!isObject(view)) return c.add(base, 'view.object', 'view is geen object', DOC.modal);
  if (view.type === 'modal') {
    // title: required plain_text ≤ 24; close and submit plain_text ≤ 24; submit required with input blocks; blocks ≤ 100.
    checkText(c, view.title, `${base}/title`, { max: 24, plainOnly: true, doc: DOC.modal, what: 'modaltitel', required: true });
    checkText(c, view.close, `${base}/close`, { max: 24, plainOnly: true, doc: DOC.modal, what: 'sluitknop' });
    checkText(c, view.submit, `${base}/submit`, { max: 24, plainOnly: true, doc: DOC.modal, what: 'opslaanknop' });
    const hasInput = ((view.blocks as Json[] | undefined) ?? []).some((b) => b?.type === 'input');
    if (hasInput && view.submit === undefined) c.add(`${base}/submit`, 'modal.submit.required', 'modal met invoerblokken zonder submit', DOC.modal);
  } else if (view.type !== 'home') {
    return c.add(`${base}/type`, 'view.type', `view-type ${String(view.type)}`, DOC.modal);
  }
  const doc = view.type === 'modal' ? DOC.modal : DOC.home;
  if (!Array.isArray(view.blocks)) c.add(`${base}/blocks`, 'view.blocks.required', 'view zonder blocks', doc);
  // private_metadata ≤ 3000; callback_id ≤ 255.
  if (view.private_metadata !== undefined && (typeof view.private_metadata !== 'string' || view.private_metadata.length > 3000)) {
    c.add(`${base}/private_metadata`, 'view.private_metadata.max', 'private_metadata langer dan 3000 tekens', doc);
  }
  checkId(c, view.callback_id, `${base}/callback_id`, 'callback_id', doc);
  collectBlocks(c, view.blocks, view.type === 'modal' ? 'modal' : 'home', `${base}/blocks`);
}

/**
 * A message payload (chat.postMessage, chat.update, chat.postEphemeral, response_url, a slash
 * command's answer): `text` or `blocks` required; text is the notification and fallback and is
 * truncated past 40.000 characters (DOC.postMessage); blocks ≤ 50.
 */
export function checkMessage(payload: Json, doc: string = DOC.postMessage): Violation[] {
  const c = new Collector();
  const blocks = parseJson(payload.blocks);
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const text = payload.text;
  if ((text === undefined || text === '') && !hasBlocks && payload.attachments === undefined && !payload.delete_original) {
    c.add('/text', 'message.text_or_blocks', 'bericht zonder text of blocks', doc);
  }
  if (text !== undefined && typeof text !== 'string') c.add('/text', 'message.text.type', 'text is geen string', doc);
  // "we strongly encourage you to include text as a fallback": the notification and screen readers use it.
  if (hasBlocks && (typeof text !== 'string' || text.trim() === '')) c.add('/text', 'message.text.fallback', 'blocks zonder text: de melding en schermlezers hebben dan niets', doc);
  if (typeof text === 'string' && length(text) > 40_000) c.add('/text', 'message.text.max', `text ${length(text)} tekens; Slack kapt af na 40.000`, doc);
  if (payload.response_type !== undefined && payload.response_type !== 'ephemeral' && payload.response_type !== 'in_channel') {
    c.add('/response_type', 'message.response_type', `response_type ${payload.response_type}`, DOC.responseUrl);
  }
  collectBlocks(c, blocks, 'message', '/blocks');
  return c.found;
}

// ---- Web API arguments ------------------------------------------------------------------------

const REQUIRED: Record<string, { args: string[]; doc: string }> = {
  'chat.postMessage': { args: ['channel'], doc: DOC.postMessage },
  'chat.postEphemeral': { args: ['channel', 'user'], doc: DOC.postEphemeral },
  'chat.update': { args: ['channel', 'ts'], doc: DOC.update },
  'views.open': { args: ['trigger_id', 'view'], doc: DOC.viewsOpen },
  'views.push': { args: ['trigger_id', 'view'], doc: DOC.viewsPush },
  'views.update': { args: ['view'], doc: DOC.viewsUpdate },
  'views.publish': { args: ['user_id', 'view'], doc: DOC.viewsPublish },
  'files.getUploadURLExternal': { args: ['filename', 'length'], doc: DOC.uploadUrl },
  'files.completeUploadExternal': { args: ['files'], doc: DOC.completeUpload },
};

/** Arguments a method does not know but that look like a known one: Slack ignores them silently. */
const MISNAMED: Record<string, Record<string, string>> = {
  // The Node SDK's filesUploadV2 sends `alt_text`; the method documents `alt_txt`.
  'files.getUploadURLExternal': { alt_text: 'alt_txt' },
};

export interface MethodCheck {
  /** `invalid_arguments`: a required argument is missing or unusable. */
  arguments: Violation[];
  /** `invalid_blocks`: the blocks or the view break Block Kit's rules. */
  blocks: Violation[];
  /** Accepted by Slack but not what was meant (an argument Slack ignores). */
  ignored: Violation[];
}

const blank = (v: unknown) => v === undefined || v === null || v === '';

/** Everything the fake checks for one Web API call (or response_url post). */
export function checkMethod(method: string, body: Json): MethodCheck {
  const result: MethodCheck = { arguments: [], blocks: [], ignored: [] };
  const required = REQUIRED[method];
  if (required) {
    for (const arg of required.args) if (blank(body[arg])) result.arguments.push({ path: `/${arg}`, rule: 'argument.required', message: `${arg} ontbreekt`, doc: required.doc });
  }
  for (const [wrong, right] of Object.entries(MISNAMED[method] ?? {})) {
    if (wrong in body) result.ignored.push({ path: `/${wrong}`, rule: 'argument.unknown', message: `${wrong} is geen argument van ${method}; bedoeld is ${right}`, doc: required?.doc ?? DOC.uploadUrl });
  }
  switch (method) {
    case 'chat.postMessage':
    case 'chat.postEphemeral':
    case 'chat.update':
    case 'response_url': {
      const doc = method === 'chat.update' ? DOC.update : method === 'chat.postEphemeral' ? DOC.postEphemeral : method === 'response_url' ? DOC.responseUrl : DOC.postMessage;
      const found = checkMessage(body, doc);
      // A missing text and blocks is `no_text`/invalid_arguments; anything about blocks is invalid_blocks.
      for (const v of found) (v.path.startsWith('/blocks') ? result.blocks : result.arguments).push(v);
      break;
    }
    case 'views.update':
      if (blank(body.view_id) && blank(body.external_id)) result.arguments.push({ path: '/view_id', rule: 'argument.required', message: 'view_id of external_id ontbreekt', doc: DOC.viewsUpdate });
    // falls through
    case 'views.open':
    case 'views.push':
    case 'views.publish': {
      const view = parseJson(body.view);
      if (view === undefined) break;
      if (method === 'views.publish' && view?.type !== 'home') result.blocks.push({ path: '/view/type', rule: 'view.type', message: 'views.publish publiceert alleen type home', doc: DOC.viewsPublish });
      if (method !== 'views.publish' && view?.type !== 'modal') result.blocks.push({ path: '/view/type', rule: 'view.type', message: `${method} opent alleen type modal`, doc: DOC.modal });
      result.blocks.push(...checkView(view));
      break;
    }
    case 'files.getUploadURLExternal': {
      const size = Number(body.length);
      if (!blank(body.length) && !(Number.isInteger(size) && size > 0)) result.arguments.push({ path: '/length', rule: 'argument.length', message: 'length moet een positief aantal bytes zijn', doc: DOC.uploadUrl });
      if (typeof body.alt_txt === 'string' && body.alt_txt.length > 1000) result.arguments.push({ path: '/alt_txt', rule: 'alt_txt.max', message: 'alt_txt langer dan 1000 tekens (alt_txt_too_large)', doc: DOC.uploadUrl });
      break;
    }
    case 'conversations.open':
      if (blank(body.users) && blank(body.channel)) result.arguments.push({ path: '/users', rule: 'argument.required', message: 'users of channel ontbreekt', doc: DOC.conversationsOpen });
      break;
    default:
      break;
  }
  return result;
}

// ---- the bot's own answers --------------------------------------------------------------------

/**
 * The ack of a view_submission (DOC.viewSubmission): empty, `clear`, `errors` keyed **only** by
 * block_ids of input blocks of the submitted view, or `update`/`push` with a valid modal.
 */
export function checkViewSubmissionAnswer(answer: unknown, submitted: { blocks?: unknown }): Violation[] {
  const c = new Collector();
  if (answer === undefined || answer === null || answer === '') return [];
  if (!isObject(answer)) {
    c.add('', 'response_action.body', 'antwoord is geen JSON-object', DOC.viewSubmission);
    return c.found;
  }
  if (Object.keys(answer).length === 0) return [];
  switch (answer.response_action) {
    case 'errors': {
      const inputs = new Set(inputBlockIds(submitted));
      const errors = answer.errors;
      if (!isObject(errors) || Object.keys(errors).length === 0) {
        c.add('/errors', 'response_action.errors.empty', 'errors zonder velden: de gebruiker ziet niets', DOC.viewSubmission);
        break;
      }
      for (const [blockId, message] of Object.entries(errors)) {
        if (!inputs.has(blockId)) {
          c.add(`/errors/${blockId}`, 'response_action.errors.not_input', `fout onder "${blockId}", maar dat is geen invoerblok van dit formulier (invoerblokken: ${[...inputs].join(', ') || 'geen'})`, DOC.viewSubmission);
        }
        if (typeof message !== 'string' || message.trim() === '') c.add(`/errors/${blockId}`, 'response_action.errors.message', 'lege foutmelding', DOC.viewSubmission);
      }
      break;
    }
    case 'update':
    case 'push': {
      const view = answer.view;
      if (!isObject(view) || view.type !== 'modal') c.add('/view', 'response_action.view', `${answer.response_action} zonder geldige modal`, DOC.viewSubmission);
      else c.found.push(...checkView(view));
      break;
    }
    case 'clear':
      break;
    default:
      c.add('/response_action', 'response_action.unknown', `onbekende response_action ${String(answer.response_action)}`, DOC.viewSubmission);
  }
  return c.found;
}

/**
 * The answer to a block_suggestion (options load): `options` or `option_groups`, at most 100 of
 * either (DOC.blockSuggestion); each option's text plain_text ≤ 75, value ≤ 150 (DOC.option).
 */
export function checkOptionsAnswer(answer: unknown): Violation[] {
  const c = new Collector();
  if (!isObject(answer)) {
    c.add('', 'options.body', 'antwoord op block_suggestion is geen JSON-object', DOC.blockSuggestion);
    return c.found;
  }
  const options = answer.options;
  const groups = answer.option_groups;
  if (options === undefined && groups === undefined) c.add('', 'options.required', 'geen options of option_groups', DOC.blockSuggestion);
  if (options !== undefined && groups !== undefined) c.add('', 'options.both', 'options én option_groups', DOC.blockSuggestion);
  if (options !== undefined) {
    if (!Array.isArray(options)) c.add('/options', 'options.type', 'options is geen lijst', DOC.blockSuggestion);
    else {
      if (options.length > 100) c.add('/options', 'options.max', `${options.length} opties, maximaal 100`, DOC.blockSuggestion);
      options.forEach((o: unknown, i: number) => checkOption(c, o, `/options/${i}`, true));
    }
  }
  if (groups !== undefined) {
    if (!Array.isArray(groups)) c.add('/option_groups', 'option_groups.type', 'option_groups is geen lijst', DOC.blockSuggestion);
    else {
      if (groups.length > 100) c.add('/option_groups', 'option_groups.max', `${groups.length} groepen, maximaal 100`, DOC.blockSuggestion);
      groups.forEach((g: Json, i: number) => {
        checkText(c, g?.label, `/option_groups/${i}/label`, { max: 75, plainOnly: true, doc: DOC.optionGroup, what: 'groepslabel', required: true });
        if (!Array.isArray(g?.options)) return c.add(`/option_groups/${i}/options`, 'group.options.required', 'groep zonder opties', DOC.optionGroup);
        if (g.options.length > 100) c.add(`/option_groups/${i}/options`, 'group.options.max', 'meer dan 100 opties in een groep', DOC.optionGroup);
        g.options.forEach((o: unknown, j: number) => checkOption(c, o, `/option_groups/${i}/options/${j}`, true));
      });
    }
  }
  return c.found;
}

/** Slack's own wording in `response_metadata.messages`: "[ERROR] … [json-pointer:/blocks/0/text]". */
export function slackMessages(violations: Violation[]): string[] {
  return violations.map((v) => `[ERROR] ${v.message} (${v.rule}; ${v.doc}) [json-pointer:${v.path}]`);
}

/** One line per violation, for test failures. */
export function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.path}: ${v.message} [${v.rule}] ${v.doc}`).join('\n');
}

export function parseJson(value: unknown): any {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Everything Slack would refuse in a message (`{ text, blocks }`), a modal or a Home tab view:
 * the tests' `expect(blockKitViolations('modal', view)).toEqual([])`.
 */
export function blockKitViolations(surface: Surface, payload: Json): Violation[] {
  return surface === 'message' ? checkMessage(payload) : checkView({ type: surface, ...payload });
}
