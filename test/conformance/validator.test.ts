import { describe, expect, it } from 'vitest';
import {
  checkBlocks,
  checkMessage,
  checkMethod,
  checkOptionsAnswer,
  checkView,
  checkViewSubmissionAnswer,
  RULES,
  type Rule,
  type Violation,
} from '../support/conformance/block-kit-rules';

/** The validator's own tests: each rule fires on a bad payload and stays quiet on a good one. */

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const option = (text: string, value: string) => ({ text: plain(text), value });
const button = (actionId: string, extra: Record<string, unknown> = {}) => ({ type: 'button', text: plain('Klik'), action_id: actionId, ...extra });
const section = (text = 'Hallo', extra: Record<string, unknown> = {}) => ({ type: 'section', text: mrkdwn(text), ...extra });
const input = (blockId: string, element: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'input', block_id: blockId, label: plain('Label'), element: { action_id: blockId, ...element }, ...extra });
const textInput = (extra: Record<string, unknown> = {}) => ({ type: 'plain_text_input', ...extra });
const select = (extra: Record<string, unknown> = {}) => ({ type: 'static_select', placeholder: plain('Kies'), options: [option('Een', '1'), option('Twee', '2')], ...extra });
const modal = (blocks: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'modal', callback_id: 'cb', title: plain('Titel'), submit: plain('Opslaan'), close: plain('Sluiten'), blocks, ...extra });

const rules = (violations: Violation[]) => [...new Set(violations.map((v) => v.rule))];

/** A rich but valid payload per surface: the validator must stay quiet on each. */
const goodBlocks = [
  { type: 'header', text: plain('Kop') },
  section('*vet* <@U123> <@U123|jan> <#C1> <!here> <!date^1653465600^{date_short}|25 mei> <https://x.nl|link> `/opvang stand &lt;gemeente&gt;` Wonen &amp; Zorg', { accessory: button('a1', { value: 'v', style: 'primary', confirm: { title: plain('Zeker?'), text: mrkdwn('Echt'), confirm: plain('Ja'), deny: plain('Nee') } }) }),
  { type: 'section', fields: [mrkdwn('a'), mrkdwn('b')] },
  { type: 'divider' },
  { type: 'context', elements: [mrkdwn('klein'), { type: 'image', image_url: 'https://x/y.png', alt_text: 'plaatje' }] },
  { type: 'actions', block_id: 'acts', elements: [button('b1'), button('b2', { style: 'danger' }), select({ action_id: 's1', initial_option: option('Twee', '2') })] },
];

describe('the Block Kit validator stays quiet on valid payloads', () => {
  it('a message, a modal with every input kind, a Home tab and Web API calls', () => {
    expect(checkMessage({ text: 'fallback', blocks: goodBlocks })).toEqual([]);
    const form = modal([
      section('Uitleg'),
      input('name', textInput({ max_length: 100, min_length: 1, initial_value: 'x', placeholder: plain('bijv.') })),
      input('stage', select({ initial_option: option('Een', '1') })),
      input('picker', { type: 'external_select', placeholder: plain('Zoek'), min_query_length: 0, initial_option: option('Ergens', '7') }, { dispatch_action: true }),
      input('when', { type: 'datepicker', initial_date: '2024-02-29' }),
      input('time', { type: 'timepicker', initial_time: '23:59', timezone: 'Europe/Amsterdam' }),
      input('boxes', { type: 'checkboxes', options: [option('a', 'a'), option('b', 'b')], initial_options: [option('b', 'b')] }, { optional: true, hint: plain('Tip') }),
      input('regions', { type: 'multi_static_select', placeholder: plain('Kies'), options: [option('a', 'a')], initial_options: [option('a', 'a')] }),
      input('person', { type: 'users_select', placeholder: plain('Wie') }),
    ], { private_metadata: '{"id":1}' });
    expect(checkView(form)).toEqual([]);
    expect(checkView({ type: 'home', blocks: goodBlocks })).toEqual([]);
    expect(checkMethod('chat.postMessage', { channel: 'C1', text: 'x', blocks: JSON.stringify(goodBlocks) })).toEqual({ arguments: [], blocks: [], ignored: [] });
    expect(checkMethod('views.open', { trigger_id: 't', view: JSON.stringify(form) })).toEqual({ arguments: [], blocks: [], ignored: [] });
    expect(checkMethod('views.update', { view_id: 'V1', view: form })).toEqual({ arguments: [], blocks: [], ignored: [] });
    expect(checkMethod('views.publish', { user_id: 'U1', view: { type: 'home', blocks: [] } })).toEqual({ arguments: [], blocks: [], ignored: [] });
    expect(checkMethod('files.getUploadURLExternal', { filename: 'a.png', length: '12', alt_txt: 'grafiek' })).toEqual({ arguments: [], blocks: [], ignored: [] });
    expect(checkMethod('conversations.open', { users: 'U1' })).toEqual({ arguments: [], blocks: [], ignored: [] });
  });

  it('answers to view submissions and options loads', () => {
    const submitted = modal([section('x'), input('name', textInput()), input('stage', select())]);
    expect(checkViewSubmissionAnswer(undefined, submitted)).toEqual([]);
    expect(checkViewSubmissionAnswer({}, submitted)).toEqual([]);
    expect(checkViewSubmissionAnswer({ response_action: 'errors', errors: { name: 'Vul een naam in.', stage: 'Kies.' } }, submitted)).toEqual([]);
    expect(checkViewSubmissionAnswer({ response_action: 'update', view: modal([section('Klaar')], { submit: undefined }) }, submitted)).toEqual([]);
    expect(checkViewSubmissionAnswer({ response_action: 'clear' }, submitted)).toEqual([]);
    expect(checkOptionsAnswer({ options: Array.from({ length: 100 }, (_, i) => option(`Locatie ${i}`, String(i))) })).toEqual([]);
    expect(checkOptionsAnswer({ option_groups: [{ label: plain('Zwolle'), options: [option('a', '1')] }] })).toEqual([]);
    expect(checkOptionsAnswer({ options: [] })).toEqual([]);
  });
});

/** [rule, payload kind, bad payload]: each must produce exactly that rule (among possibly others). */
type Case = [rule: Rule, check: () => Violation[]];
const msg = (blocks: unknown[], text = 'fallback') => () => checkMessage({ text, blocks });
const view = (v: unknown) => () => checkView(v);
const long = (n: number) => 'x'.repeat(n);

const cases: Case[] = [
  // surfaces and counts (docs.slack.dev/reference/block-kit/blocks)
  ['blocks.max', msg(Array.from({ length: 51 }, () => ({ type: 'divider' })))],
  ['blocks.max', view(modal(Array.from({ length: 101 }, () => ({ type: 'divider' }))))],
  ['blocks.max', view({ type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) })],
  ['block.surface', view(modal([{ type: 'file', external_id: 'x', source: 'remote' }]))],
  ['block.type', msg([{ type: 'carousel' }])],
  ['block_id.max', msg([section('x', { block_id: long(256) })])],
  ['block_id.duplicate', msg([section('a', { block_id: 'same' }), section('b', { block_id: 'same' })])],
  ['block_id.duplicate', view(modal([input('places', textInput()), input('places', textInput())]))],
  ['action_id.duplicate', msg([{ type: 'actions', elements: [button('claim'), button('claim')] }])],
  ['action_id.max', msg([{ type: 'actions', elements: [button(long(256))] }])],
  // section
  ['text.max', msg([section(long(3001))])],
  ['section.fields.max', msg([{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('a')) }])],
  ['text.max', msg([{ type: 'section', fields: [mrkdwn(long(2001))] }])],
  ['section.empty', msg([{ type: 'section' }])],
  ['text.empty', msg([section('')])],
  ['element.not_allowed', msg([section('x', { accessory: textInput({ action_id: 'p' }) })])],
  // header, context, actions
  ['text.plain_only', msg([{ type: 'header', text: mrkdwn('kop') }])],
  ['text.max', msg([{ type: 'header', text: plain(long(151)) }])],
  ['context.elements.max', msg([{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('a')) }])],
  ['context.elements.required', msg([{ type: 'context', elements: [] }])],
  ['actions.elements.max', msg([{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`b${i}`)) }])],
  // text objects (docs.slack.dev/reference/block-kit/composition-objects/text-object)
  ['text.emoji_on_mrkdwn', msg([section('x', { text: { type: 'mrkdwn', text: 'x', emoji: true } })])],
  ['text.type', msg([section('x', { text: { type: 'markdown', text: 'x' } })])],
  // escaping (docs.slack.dev/messaging/formatting-message-text#escaping)
  ['mrkdwn.unescaped', msg([section('`/opvang stand <gemeente>`')])],
  ['mrkdwn.unescaped', msg([{ type: 'context', elements: [mrkdwn('Wonen <& Zorg')] }])],
  ['mrkdwn.unescaped', msg([section('<!channel2>')])],
  // button, confirm
  ['text.plain_only', msg([{ type: 'actions', elements: [button('b', { text: mrkdwn('klik') })] }])],
  ['text.max', msg([{ type: 'actions', elements: [button('b', { text: plain(long(76)) })] }])],
  ['button.value.max', msg([{ type: 'actions', elements: [button('b', { value: long(2001) })] }])],
  ['button.url.max', msg([{ type: 'actions', elements: [button('b', { url: `https://${long(3000)}` })] }])],
  ['button.style', msg([{ type: 'actions', elements: [button('b', { style: 'green' })] }])],
  ['text.max', msg([{ type: 'actions', elements: [button('b', { confirm: { title: plain(long(101)), text: plain('x'), confirm: plain('j'), deny: plain('n') } })] }])],
  ['text.required', msg([{ type: 'actions', elements: [button('b', { confirm: { title: plain('t'), text: plain('x'), confirm: plain('j') } })] }])],
  // options and selects (option object, select menu element)
  ['text.max', msg([{ type: 'actions', elements: [select({ action_id: 's', options: [option(long(76), '1')] })] }])],
  ['option.value.max', msg([{ type: 'actions', elements: [select({ action_id: 's', options: [option('a', long(151))] })] }])],
  ['select.options.max', msg([{ type: 'actions', elements: [select({ action_id: 's', options: Array.from({ length: 101 }, (_, i) => option(`o${i}`, String(i))) })] }])],
  ['select.options.required', msg([{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', placeholder: plain('p') }] }])],
  ['select.options_and_groups', msg([{ type: 'actions', elements: [select({ action_id: 's', option_groups: [{ label: plain('g'), options: [option('a', 'a')] }] })] }])],
  ['select.groups.max', msg([{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', option_groups: Array.from({ length: 101 }, () => ({ label: plain('g'), options: [option('a', 'a')] })) }] }])],
  ['select.initial_option', view(modal([input('stage', select({ initial_option: option('Drie', '3') }))]))],
  ['select.initial_option', view(modal([input('stage', select({ initial_option: option('Een (oud)', '1') }))]))],
  ['multi_select.initial_options', view(modal([input('r', { type: 'multi_static_select', options: [option('a', 'a')], initial_options: [option('b', 'b')] })]))],
  ['text.max', msg([{ type: 'actions', elements: [select({ action_id: 's', placeholder: plain(long(151)) })] }])],
  ['checkboxes.options.max', view(modal([input('c', { type: 'checkboxes', options: Array.from({ length: 11 }, (_, i) => option(`o${i}`, String(i))) })]))],
  ['checkboxes.initial', view(modal([input('c', { type: 'checkboxes', options: [option('a', 'a')], initial_options: [option('z', 'z')] })]))],
  ['overflow.options', msg([{ type: 'actions', elements: [{ type: 'overflow', action_id: 'o', options: [option('a', 'a')] }] }])],
  // pickers
  ['datepicker.initial_date', view(modal([input('d', { type: 'datepicker', initial_date: '25-05-2022' })]))],
  ['datepicker.initial_date', view(modal([input('d', { type: 'datepicker', initial_date: '2022-02-30' })]))],
  ['timepicker.initial_time', view(modal([input('t', { type: 'timepicker', initial_time: '9:00' })]))],
  ['timepicker.initial_time', view(modal([input('t', { type: 'timepicker', initial_time: '24:00' })]))],
  ['timepicker.timezone', view(modal([input('t', { type: 'timepicker', timezone: 'Mars/Olympus' })]))],
  // plain_text_input
  ['plain_text_input.max_length', view(modal([input('n', textInput({ max_length: 3001 }))]))],
  ['plain_text_input.max_length', view(modal([input('n', textInput({ max_length: 0 }))]))],
  ['plain_text_input.min_length', view(modal([input('n', textInput({ min_length: -1 }))]))],
  ['plain_text_input.range', view(modal([input('n', textInput({ min_length: 10, max_length: 5 }))]))],
  ['plain_text_input.initial_value', view(modal([input('n', textInput({ max_length: 3, initial_value: 'vier' }))]))],
  // input block
  ['text.plain_only', view(modal([{ ...input('n', textInput()), label: mrkdwn('label') }]))],
  ['text.max', view(modal([{ ...input('n', textInput()), label: plain(long(2001)) }]))],
  ['text.max', view(modal([input('n', textInput(), { hint: plain(long(2001)) })]))],
  ['input.element.required', view(modal([{ type: 'input', block_id: 'n', label: plain('x') }]))],
  ['element.not_allowed', view(modal([input('n', { type: 'button', text: plain('x') })]))],
  // modal and Home views (docs.slack.dev/reference/views/modal-views, …/home-tab-views)
  ['text.required', view({ type: 'modal', blocks: [] })],
  ['text.max', view(modal([], { title: plain('Een titel van meer dan 24 tekens') }))],
  ['text.plain_only', view(modal([], { title: mrkdwn('Titel') }))],
  ['text.max', view(modal([], { submit: plain('Een knop van meer dan 24 tekens') }))],
  ['text.max', view(modal([], { close: plain('Een knop van meer dan 24 tekens') }))],
  ['modal.submit.required', view(modal([input('n', textInput())], { submit: undefined }))],
  ['view.private_metadata.max', view(modal([], { private_metadata: long(3001) }))],
  ['view.private_metadata.max', view({ type: 'home', blocks: [], private_metadata: long(3001) })],
  ['callback_id.max', view(modal([], { callback_id: long(256) }))],
  ['view.type', view({ type: 'dialog', blocks: [] })],
  // messages (docs.slack.dev/reference/methods/chat.postMessage)
  ['message.text_or_blocks', () => checkMessage({})],
  ['message.text.fallback', () => checkMessage({ blocks: [section('x')] })],
  ['message.text.max', () => checkMessage({ text: long(40_001) })],
  ['message.response_type', () => checkMessage({ text: 'x', response_type: 'public' })],
];

describe('each rule fires on a bad payload', () => {
  it.each(cases.map(([rule, check], i) => [i, rule, check] as const))('case %i: %s', (_i, rule, check) => {
    expect(rules(check())).toContain(rule);
  });

  it('every violation names its rule, a JSON pointer and the docs page it comes from', () => {
    for (const [, check] of cases) {
      for (const v of check()) {
        expect(v.path).toMatch(/^(\/|$)/);
        expect(v.doc).toMatch(/^https:\/\/docs\.slack\.dev\//);
      }
    }
  });
});

/**
 * Every rule as [rule, bad, good]: the bad payload makes exactly that rule fire and nothing else;
 * the good one, as near to it as can be, makes none fire. `cases` above holds more bad variants.
 */
type Pair = [rule: Rule, bad: () => Violation[], good: () => Violation[]];
const actions = (...elements: unknown[]) => msg([{ type: 'actions', elements }]);
const form = (...blocks: unknown[]) => view(modal(blocks));
const grouped = (groups: unknown) => ({ type: 'static_select', action_id: 's', placeholder: plain('Kies'), option_groups: groups });
const group = (label: string, n = 1) => ({ label: plain(label), options: Array.from({ length: n }, (_, i) => option(`${label}${i}`, `${label}${i}`)) });
const options = (n: number) => Array.from({ length: n }, (_, i) => option(`o${i}`, String(i)));
const dialog = (extra: Record<string, unknown> = {}) => ({ title: plain('Zeker?'), text: plain('Echt?'), confirm: plain('Ja'), deny: plain('Nee'), ...extra });
/** Every violation of a Web API call, whichever error Slack would answer with. */
const api = (method: string, body: Record<string, unknown>) => () => {
  const found = checkMethod(method, body);
  return [...found.arguments, ...found.blocks, ...found.ignored];
};
const submittedForm = modal([section('Noodknop #1', { block_id: 'intro' }), input('used_1', textInput())]);
const answer = (a: unknown) => () => checkViewSubmissionAnswer(a, submittedForm);
const load = (a: unknown) => () => checkOptionsAnswer(a);

const pairs: Pair[] = [
  // surfaces and counts (docs.slack.dev/reference/block-kit/blocks)
  ['blocks.max', msg(Array.from({ length: 51 }, () => ({ type: 'divider' }))), msg(Array.from({ length: 50 }, () => ({ type: 'divider' })))],
  ['blocks.max', view({ type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }), view({ type: 'home', blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })) })],
  ['block.surface', form({ type: 'file', external_id: 'x', source: 'remote' }), msg([{ type: 'file', external_id: 'x', source: 'remote' }])],
  ['block.type', msg([{ type: 'carousel' }]), msg([{ type: 'divider' }])],
  ['block_id.duplicate', msg([section('a', { block_id: 'same' }), section('b', { block_id: 'same' })]), msg([section('a', { block_id: 'same' }), section('b', { block_id: 'other' })])],
  // section, header, context, actions, input blocks
  ['text.max', msg([section(long(3001))]), msg([section(long(3000))])],
  ['text.max', msg([{ type: 'header', text: plain(long(151)) }]), msg([{ type: 'header', text: plain(long(150)) }])],
  ['section.fields.max', msg([{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('a')) }]), msg([{ type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn('a')) }])],
  ['section.empty', msg([{ type: 'section' }]), msg([section('x')])],
  ['text.empty', msg([section('')]), msg([section('x')])],
  ['element.not_allowed', msg([section('x', { accessory: textInput({ action_id: 'p' }) })]), msg([section('x', { accessory: button('p') })])],
  ['text.plain_only', msg([{ type: 'header', text: mrkdwn('kop') }]), msg([{ type: 'header', text: plain('kop') }])],
  ['context.elements.max', msg([{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('a')) }]), msg([{ type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('a')) }])],
  ['context.elements.required', msg([{ type: 'context', elements: [] }]), msg([{ type: 'context', elements: [mrkdwn('a')] }])],
  ['actions.elements.max', actions(...Array.from({ length: 26 }, (_, i) => button(`b${i}`))), actions(...Array.from({ length: 25 }, (_, i) => button(`b${i}`)))],
  ['input.element.required', form({ type: 'input', block_id: 'n', label: plain('x') }), form(input('n', textInput()))],
  // text objects and escaping (…/text-object; docs.slack.dev/messaging/formatting-message-text#escaping)
  ['text.emoji_on_mrkdwn', msg([section('x', { text: { type: 'mrkdwn', text: 'x', emoji: true } })]), msg([section('x', { text: { type: 'plain_text', text: 'x', emoji: true } })])],
  ['text.type', msg([section('x', { text: { type: 'markdown', text: 'x' } })]), msg([section('x', { text: { type: 'mrkdwn', text: 'x' } })])],
  ['mrkdwn.unescaped', msg([section('`/opvang stand <gemeente>`')]), msg([section('`/opvang stand &lt;gemeente&gt;`')])],
  ['mrkdwn.unescaped', msg([section('<!channel2>')]), msg([section('<!channel>')])],
  // button and confirmation dialog
  ['button.value.max', actions(button('b', { value: long(2001) })), actions(button('b', { value: long(2000) }))],
  ['button.url.max', actions(button('b', { url: `https://${long(2993)}` })), actions(button('b', { url: `https://${long(2992)}` }))],
  ['button.style', actions(button('b', { style: 'green' })), actions(button('b', { style: 'primary' }))],
  ['text.required', actions(button('b', { confirm: { title: plain('t'), text: plain('x'), confirm: plain('j') } })), actions(button('b', { confirm: { title: plain('t'), text: plain('x'), confirm: plain('j'), deny: plain('n') } }))],
  // options and menus
  ['option.value.max', actions(select({ action_id: 's', options: [option('a', long(151))] })), actions(select({ action_id: 's', options: [option('a', long(150))] }))],
  ['select.options.max', actions(select({ action_id: 's', options: options(101) })), actions(select({ action_id: 's', options: options(100) }))],
  ['select.options.required', actions({ type: 'static_select', action_id: 's', placeholder: plain('p') }), actions({ type: 'static_select', action_id: 's', placeholder: plain('p'), options: options(1) })],
  ['select.options_and_groups', actions(select({ action_id: 's', option_groups: [group('g')] })), actions(select({ action_id: 's' }))],
  ['select.groups.max', actions(grouped(Array.from({ length: 101 }, (_, i) => group(`g${i}`)))), actions(grouped(Array.from({ length: 100 }, (_, i) => group(`g${i}`))))],
  ['select.initial_option', form(input('stage', select({ initial_option: option('Drie', '3') }))), form(input('stage', select({ initial_option: option('Een', '1') })))],
  ['multi_select.initial_options', form(input('r', { type: 'multi_static_select', options: options(2), initial_options: [option('o9', '9')] })), form(input('r', { type: 'multi_static_select', options: options(2), initial_options: [option('o1', '1')] }))],
  ['checkboxes.initial', form(input('c', { type: 'checkboxes', options: options(2), initial_options: [option('z', 'z')] })), form(input('c', { type: 'checkboxes', options: options(2), initial_options: [option('o0', '0')] }))],
  ['overflow.options', actions({ type: 'overflow', action_id: 'o', options: options(1) }), actions({ type: 'overflow', action_id: 'o', options: options(2) })],
  ['overflow.options', actions({ type: 'overflow', action_id: 'o', options: options(6) }), actions({ type: 'overflow', action_id: 'o', options: options(5) })],
  // pickers and text input
  ['datepicker.initial_date', form(input('d', { type: 'datepicker', initial_date: '2022-02-30' })), form(input('d', { type: 'datepicker', initial_date: '2022-02-28' }))],
  ['timepicker.initial_time', form(input('t', { type: 'timepicker', initial_time: '24:00' })), form(input('t', { type: 'timepicker', initial_time: '23:59' }))],
  ['timepicker.timezone', form(input('t', { type: 'timepicker', timezone: 'Mars/Olympus' })), form(input('t', { type: 'timepicker', timezone: 'Europe/Amsterdam' }))],
  ['plain_text_input.max_length', form(input('n', textInput({ max_length: 3001 }))), form(input('n', textInput({ max_length: 3000 })))],
  ['plain_text_input.min_length', form(input('n', textInput({ min_length: -1 }))), form(input('n', textInput({ min_length: 0 })))],
  ['plain_text_input.range', form(input('n', textInput({ min_length: 10, max_length: 5 }))), form(input('n', textInput({ min_length: 5, max_length: 10 })))],
  ['plain_text_input.initial_value', form(input('n', textInput({ max_length: 3, initial_value: 'vier' }))), form(input('n', textInput({ max_length: 3, initial_value: 'vie' })))],
  // modals and messages
  ['modal.submit.required', view(modal([input('n', textInput())], { submit: undefined })), view(modal([input('n', textInput())]))],
  ['view.private_metadata.max', view(modal([], { private_metadata: long(3001) })), view(modal([], { private_metadata: long(3000) }))],
  ['view.type', view({ type: 'dialog', blocks: [] }), view({ type: 'home', blocks: [] })],
  ['message.text_or_blocks', () => checkMessage({}), () => checkMessage({ text: 'x' })],
  ['message.text.fallback', () => checkMessage({ blocks: [section('x')] }), () => checkMessage({ text: 'x', blocks: [section('x')] })],
  ['message.text.max', () => checkMessage({ text: long(40_001) }), () => checkMessage({ text: long(40_000) })],
  ['message.response_type', () => checkMessage({ text: 'x', response_type: 'public' }), () => checkMessage({ text: 'x', response_type: 'in_channel' })],
  // blocks and ids (docs.slack.dev/reference/block-kit/blocks; block_id, action_id, callback_id ≤ 255)
  ['blocks.type', () => checkBlocks('divider', 'message'), () => checkBlocks([], 'message')],
  ['block.object', msg([null]), msg([{ type: 'divider' }])],
  ['block_id.type', msg([section('x', { block_id: 7 })]), msg([section('x', { block_id: '7' })])],
  ['block_id.empty', msg([section('x', { block_id: '' })]), msg([section('x', { block_id: 'b' })])],
  ['block_id.max', msg([section('x', { block_id: long(256) })]), msg([section('x', { block_id: long(255) })])],
  ['action_id.type', actions(button(7 as unknown as string)), actions(button('7'))],
  ['action_id.empty', actions(button('')), actions(button('a'))],
  ['action_id.max', actions(button(long(256))), actions(button(long(255)))],
  ['action_id.duplicate', actions(button('claim'), button('claim')), msg([{ type: 'actions', elements: [button('claim')] }, { type: 'actions', elements: [button('claim')] }])],
  ['callback_id.type', view(modal([], { callback_id: 7 })), view(modal([], { callback_id: '7' }))],
  ['callback_id.empty', view(modal([], { callback_id: '' })), view(modal([], { callback_id: 'cb' }))],
  ['callback_id.max', view(modal([], { callback_id: long(256) })), view(modal([], { callback_id: long(255) }))],
  // section, actions, input and image blocks
  ['section.fields.type', msg([{ type: 'section', fields: [] }]), msg([{ type: 'section', fields: [mrkdwn('a')] }])],
  ['actions.elements.required', msg([{ type: 'actions', elements: [] }]), actions(button('a'))],
  // input block: "dispatch_action … is incompatible with the file_input block element"
  ['input.dispatch_file', form(input('f', { type: 'file_input' }, { dispatch_action: true })), form(input('f', { type: 'file_input' }))],
  // image block: alt_text required, ≤ 2000 characters; image element: alt_text required
  ['image.alt_text', msg([{ type: 'image', image_url: 'https://x.nl/y.png', alt_text: '' }]), msg([{ type: 'image', image_url: 'https://x.nl/y.png', alt_text: 'grafiek' }])],
  ['image.source', msg([{ type: 'image', alt_text: 'grafiek' }]), msg([{ type: 'image', slack_file: { id: 'F0CHART1' }, alt_text: 'grafiek' }])],
  ['image.source', msg([{ type: 'image', image_url: 'https://x.nl/y.png', slack_file: { id: 'F0CHART1' }, alt_text: 'grafiek' }]), msg([{ type: 'image', image_url: 'https://x.nl/y.png', alt_text: 'grafiek' }])],
  ['image.source', msg([{ type: 'image', slack_file: { id: 'F0CHART1', url: 'https://files.slack.com/x.png' }, alt_text: 'grafiek' }]), msg([{ type: 'image', slack_file: { url: 'https://files.slack.com/x.png' }, alt_text: 'grafiek' }])],
  ['image.source', msg([{ type: 'image', image_url: `https://x.nl/${long(2990)}`, alt_text: 'grafiek' }]), msg([{ type: 'image', image_url: `https://x.nl/${long(2980)}`, alt_text: 'grafiek' }])],
  ['image.source', msg([{ type: 'context', elements: [{ type: 'image', alt_text: 'logo' }] }]), msg([{ type: 'context', elements: [{ type: 'image', slack_file: { id: 'F0LOGO1' }, alt_text: 'logo' }] }])],
  ['image.alt_text', msg([{ type: 'image', image_url: 'https://x.nl/y.png', alt_text: long(2001) }]), msg([{ type: 'image', image_url: 'https://x.nl/y.png', alt_text: long(2000) }])],
  // "Maximum length … 2000 characters": counted as Slack counts characters (code points), so 2000 emoji fit.
  ['image.alt_text', msg([{ type: 'image', image_url: 'https://x.nl/y.png' }]), msg([{ type: 'image', image_url: 'https://x.nl/y.png', alt_text: '😀'.repeat(2000) }])],
  ['image.alt_text', msg([{ type: 'context', elements: [{ type: 'image', image_url: 'https://x.nl/y.png' }] }]), msg([{ type: 'context', elements: [{ type: 'image', image_url: 'https://x.nl/y.png', alt_text: 'logo' }] }])],
  // text objects (docs.slack.dev/reference/block-kit/composition-objects/text-object)
  ['text.object', msg([section('x', { text: 'Hallo' })]), msg([section('Hallo')])],
  ['text.verbatim_on_plain', msg([{ type: 'header', text: { type: 'plain_text', text: 'Kop', verbatim: true } }]), msg([{ type: 'header', text: { type: 'plain_text', text: 'Kop', emoji: true } }, section('x', { text: { type: 'mrkdwn', text: 'x', verbatim: true } })])],
  // option, option group and confirmation dialog objects
  ['option.object', actions(select({ action_id: 's', options: ['Een'] })), actions(select({ action_id: 's', options: [option('Een', '1')] }))],
  ['option.value.required', actions(select({ action_id: 's', options: [{ text: plain('Een') }] })), actions(select({ action_id: 's', options: [{ text: plain('Een'), value: '1' }] }))],
  ['option.url.max', actions({ type: 'overflow', action_id: 'o', options: [{ ...option('a', 'a'), url: `https://${long(2993)}` }, option('b', 'b')] }), actions({ type: 'overflow', action_id: 'o', options: [{ ...option('a', 'a'), url: `https://${long(2992)}` }, option('b', 'b')] })],
  ['group.options.required', actions(grouped([{ label: plain('g') }])), actions(grouped([group('g')]))],
  ['group.options.max', actions(grouped([group('g', 101)])), actions(grouped([group('g', 100)]))],
  ['confirm.object', actions(button('b', { confirm: 'Zeker?' })), actions(button('b', { confirm: dialog() }))],
  ['confirm.style', actions(button('b', { confirm: dialog({ style: 'green' }) })), actions(button('b', { confirm: dialog({ style: 'danger' }) }))],
  // elements
  ['element.object', actions('knop'), actions(button('knop'))],
  ['button.label.max', actions(button('b', { accessibility_label: long(76) })), actions(button('b', { accessibility_label: long(75) }))],
  ['button.label.max', actions(button('b', { accessibility_label: '😀'.repeat(76) })), actions(button('b', { accessibility_label: '😀'.repeat(75) }))],
  ['select.options.type', actions(select({ action_id: 's', options: 'Een' })), actions(select({ action_id: 's', options: [option('Een', '1')] }))],
  ['select.options.empty', actions(select({ action_id: 's', options: [] })), actions(select({ action_id: 's', options: [option('Een', '1')] }))],
  ['select.groups.type', actions(grouped('g')), actions(grouped([group('g')]))],
  ['multi_select.max_selected_items', form(input('r', { type: 'multi_static_select', options: options(3), max_selected_items: 0 })), form(input('r', { type: 'multi_static_select', options: options(3), max_selected_items: 1 }))],
  ['external_select.min_query_length', form(input('p', { type: 'external_select', min_query_length: -1 })), form(input('p', { type: 'external_select', min_query_length: 0 }))],
  ['checkboxes.options.required', form(input('c', { type: 'checkboxes', options: [] })), form(input('c', { type: 'checkboxes', options: options(1) }))],
  ['checkboxes.options.max', form(input('c', { type: 'checkboxes', options: options(11) })), form(input('c', { type: 'checkboxes', options: options(10) }))],
  ['radio_buttons.options.required', form(input('r', { type: 'radio_buttons' })), form(input('r', { type: 'radio_buttons', options: options(1) }))],
  ['radio_buttons.options.max', form(input('r', { type: 'radio_buttons', options: options(11) })), form(input('r', { type: 'radio_buttons', options: options(10) }))],
  ['radio_buttons.initial', form(input('r', { type: 'radio_buttons', options: options(2), initial_option: option('o9', '9') })), form(input('r', { type: 'radio_buttons', options: options(2), initial_option: option('o1', '1') }))],
  // number input: "is_decimal_allowed … Required"
  ['number_input.is_decimal_allowed', form(input('n', { type: 'number_input' })), form(input('n', { type: 'number_input', is_decimal_allowed: false }))],
  ['number_input.range', form(input('n', { type: 'number_input', is_decimal_allowed: false, min_value: '10', max_value: '5' })), form(input('n', { type: 'number_input', is_decimal_allowed: false, min_value: '5', max_value: '10' }))],
  ['number_input.range', form(input('n', { type: 'number_input', is_decimal_allowed: false, min_value: '0', initial_value: '-1' })), form(input('n', { type: 'number_input', is_decimal_allowed: false, min_value: '0', initial_value: '0' }))],
  ['number_input.range', form(input('n', { type: 'number_input', is_decimal_allowed: false, initial_value: '2,5' })), form(input('n', { type: 'number_input', is_decimal_allowed: true, initial_value: '2.5' }))],
  ['multi_select.max_selected_items', form(input('u', { type: 'multi_users_select', placeholder: plain('Kies'), max_selected_items: 0 })), form(input('u', { type: 'multi_users_select', placeholder: plain('Kies'), max_selected_items: 2 }))],
  // views and messages
  ['view.object', () => checkView('modal'), view(modal([]))],
  ['view.blocks.required', view({ type: 'home' }), view({ type: 'home', blocks: [] })],
  ['message.text.type', () => checkMessage({ text: 42 }), () => checkMessage({ text: '42' })],
  // Web API arguments (each method's page)
  ['argument.required', api('chat.postMessage', { text: 'x' }), api('chat.postMessage', { channel: 'C1', text: 'x' })],
  ['argument.required', api('views.update', { view: modal([]) }), api('views.update', { external_id: 'e1', view: modal([]) })],
  ['argument.required', api('conversations.open', {}), api('conversations.open', { channel: 'D1' })],
  ['argument.unknown', api('files.getUploadURLExternal', { filename: 'a.png', length: 3, alt_text: 'grafiek' }), api('files.getUploadURLExternal', { filename: 'a.png', length: 3, alt_txt: 'grafiek' })],
  ['argument.length', api('files.getUploadURLExternal', { filename: 'a.png', length: 0 }), api('files.getUploadURLExternal', { filename: 'a.png', length: 1 })],
  ['alt_txt.max', api('files.getUploadURLExternal', { filename: 'a.png', length: 3, alt_txt: long(1001) }), api('files.getUploadURLExternal', { filename: 'a.png', length: 3, alt_txt: long(1000) })],
  ['view.type', api('views.publish', { user_id: 'U1', view: modal([]) }), api('views.publish', { user_id: 'U1', view: { type: 'home', blocks: [] } })],
  // the bot's answer to a view_submission (docs.slack.dev/reference/interaction-payloads/view-interactions-payload)
  ['response_action.body', answer('errors'), answer({ response_action: 'clear' })],
  ['response_action.errors.empty', answer({ response_action: 'errors', errors: {} }), answer({ response_action: 'errors', errors: { used_1: 'Vul dit in.' } })],
  ['response_action.errors.not_input', answer({ response_action: 'errors', errors: { intro: 'Mag niet.' } }), answer({ response_action: 'errors', errors: { used_1: 'Mag niet.' } })],
  ['response_action.errors.message', answer({ response_action: 'errors', errors: { used_1: ' ' } }), answer({ response_action: 'errors', errors: { used_1: 'Vul dit in.' } })],
  ['response_action.view', answer({ response_action: 'update' }), answer({ response_action: 'update', view: modal([section('Klaar')]) })],
  ['response_action.unknown', answer({ response_action: 'close' }), answer({ response_action: 'clear' })],
  // the bot's answer to a block_suggestion (docs.slack.dev/reference/interaction-payloads/block_suggestion-payload)
  ['options.body', load('x'), load({ options: [] })],
  ['options.required', load({}), load({ options: [] })],
  ['options.both', load({ options: options(1), option_groups: [group('g')] }), load({ options: options(1) })],
  ['options.type', load({ options: 'o' }), load({ options: options(1) })],
  ['options.max', load({ options: options(101) }), load({ options: options(100) })],
  ['option_groups.type', load({ option_groups: 'g' }), load({ option_groups: [group('g')] })],
  ['option_groups.max', load({ option_groups: Array.from({ length: 101 }, (_, i) => group(`g${i}`)) }), load({ option_groups: Array.from({ length: 100 }, (_, i) => group(`g${i}`)) })],
  ['group.options.required', load({ option_groups: [{ label: plain('g') }] }), load({ option_groups: [group('g')] })],
  ['group.options.max', load({ option_groups: [group('g', 101)] }), load({ option_groups: [group('g', 100)] })],
];

describe('each rule fires on exactly its bad payload and stays quiet on the nearest good one', () => {
  it.each(pairs.map(([rule, bad, good], i) => [i, rule, bad, good] as const))('pair %i: %s', (_i, rule, bad, good) => {
    expect(rules(bad())).toEqual([rule]);
    expect(good()).toEqual([]);
  });

  it('every violation of a pair names a JSON pointer and the docs page it comes from', () => {
    for (const [, bad] of pairs) {
      for (const v of bad()) {
        expect(v.path).toMatch(/^(\/|$)/);
        expect(v.doc).toMatch(/^https:\/\/docs\.slack\.dev\//);
      }
    }
  });
});

describe('the validator’s own tests are complete', () => {
  it('every rule the validator can report has a pair: a bad payload that fires only it, and a good one', () => {
    const paired = new Set<Rule>(pairs.map(([rule]) => rule));
    expect(RULES.filter((rule) => !paired.has(rule))).toEqual([]);
  });
});

describe('Web API arguments', () => {
  it.each([
    ['chat.postMessage', { text: 'x' }, 'channel'],
    ['chat.postEphemeral', { channel: 'C1', text: 'x' }, 'user'],
    ['chat.update', { channel: 'C1', text: 'x' }, 'ts'],
    ['views.open', { view: modal([]) }, 'trigger_id'],
    ['views.push', { trigger_id: 't' }, 'view'],
    ['views.update', { view: modal([]) }, 'view_id'],
    ['views.publish', { view: { type: 'home', blocks: [] } }, 'user_id'],
    ['files.getUploadURLExternal', { length: 3 }, 'filename'],
    ['files.getUploadURLExternal', { filename: 'a.csv' }, 'length'],
    ['files.completeUploadExternal', { channel_id: 'C1' }, 'files'],
    ['conversations.open', {}, 'users'],
  ] as const)('%s without %s: invalid_arguments', (method, body, missing) => {
    const found = checkMethod(method, body as Record<string, unknown>);
    expect(found.arguments.map((v) => v.path)).toContain(`/${missing}`);
  });

  it('text and blocks both missing is invalid_arguments; bad blocks are invalid_blocks', () => {
    expect(checkMethod('chat.postMessage', { channel: 'C1' }).arguments.map((v) => v.rule)).toContain('message.text_or_blocks');
    const bad = checkMethod('chat.postMessage', { channel: 'C1', text: 'x', blocks: JSON.stringify([section(long(3001))]) });
    expect(bad.arguments).toEqual([]);
    expect(rules(bad.blocks)).toEqual(['text.max']);
  });

  it('views.open takes only modals and views.publish only Home tabs', () => {
    expect(rules(checkMethod('views.open', { trigger_id: 't', view: { type: 'home', blocks: [] } }).blocks)).toContain('view.type');
    expect(rules(checkMethod('views.publish', { user_id: 'U1', view: modal([]) }).blocks)).toContain('view.type');
  });

  it('flags alt_text on files.getUploadURLExternal (Slack ignores it; the argument is alt_txt) and alt_txt over 1000', () => {
    expect(rules(checkMethod('files.getUploadURLExternal', { filename: 'a.png', length: 3, alt_text: 'grafiek' }).ignored)).toEqual(['argument.unknown']);
    expect(rules(checkMethod('files.getUploadURLExternal', { filename: 'a.png', length: 3, alt_txt: long(1001) }).arguments)).toEqual(['alt_txt.max']);
    expect(rules(checkMethod('files.getUploadURLExternal', { filename: 'a.png', length: 0 }).arguments)).toEqual(['argument.length']);
  });
});

describe('the bot’s own answers', () => {
  const submitted = modal([section('Noodknop #1', { block_id: 'intro' }), input('used_1', textInput()), input('used_2', textInput())]);

  it('errors keyed only by input blocks of the submitted view', () => {
    expect(rules(checkViewSubmissionAnswer({ response_action: 'errors', errors: { intro: 'Mag niet.' } }, submitted))).toEqual(['response_action.errors.not_input']);
    expect(rules(checkViewSubmissionAnswer({ response_action: 'errors', errors: { places: 'x' } }, submitted))).toEqual(['response_action.errors.not_input']);
    expect(rules(checkViewSubmissionAnswer({ response_action: 'errors', errors: {} }, submitted))).toEqual(['response_action.errors.empty']);
    expect(rules(checkViewSubmissionAnswer({ response_action: 'errors', errors: { used_1: '' } }, submitted))).toEqual(['response_action.errors.message']);
  });

  it('update and push carry a valid modal; unknown actions are refused', () => {
    expect(rules(checkViewSubmissionAnswer({ response_action: 'update' }, submitted))).toEqual(['response_action.view']);
    expect(rules(checkViewSubmissionAnswer({ response_action: 'push', view: modal([], { title: plain(long(25)) }) }, submitted))).toEqual(['text.max']);
    expect(rules(checkViewSubmissionAnswer({ response_action: 'close' }, submitted))).toEqual(['response_action.unknown']);
  });

  it('options loads: at most 100 options or groups, option text ≤ 75 plain_text, value ≤ 150', () => {
    expect(rules(checkOptionsAnswer({ options: Array.from({ length: 101 }, (_, i) => option(`o${i}`, String(i))) }))).toEqual(['options.max']);
    expect(rules(checkOptionsAnswer({ option_groups: Array.from({ length: 101 }, () => ({ label: plain('g'), options: [option('a', 'a')] })) }))).toEqual(['option_groups.max']);
    expect(rules(checkOptionsAnswer({ options: [option(long(76), '1')] }))).toEqual(['text.max']);
    expect(rules(checkOptionsAnswer({ options: [{ text: mrkdwn('a'), value: '1' }] }))).toEqual(['text.plain_only']);
    expect(rules(checkOptionsAnswer({ options: [option('a', long(151))] }))).toEqual(['option.value.max']);
    expect(rules(checkOptionsAnswer({}))).toEqual(['options.required']);
    expect(rules(checkOptionsAnswer('x'))).toEqual(['options.body']);
  });

  it('checkBlocks alone reports pointers into the blocks', () => {
    expect(checkBlocks([section('a'), section(long(3001))], 'message').map((v) => v.path)).toEqual(['/blocks/1/text/text']);
  });
});
