import { LOCATION_PICKER, NOODKNOP_CANCEL_OPEN, NOODKNOP_LEFTOVER_DISMISS, NOODKNOP_OFFER_WITHDRAW, TARGET_PICKER } from '../../src/blockkit/ids';
import { addDays } from '../../src/format/nl';
import { mention, type SlashText, type StateValue } from '../support/bot';

/**
 * Every surface the conformance run drives (test/conformance/run.ts), as data. A feature that adds
 * a subcommand, a form, a button or a job adds a line here; buttons on messages and the Home tab
 * are found and clicked by the run itself, and every form the bot opens is submitted empty, with
 * garbage and (with `forms[callback_id]`) valid.
 */

export type Role = 'admin' | 'editor' | 'viewer';

export interface Users {
  admin: string;
  editor: string;
  viewer: string;
}

/** `/opvang …` as README's command table lists them, sent by each role unless `as` narrows it. */
export interface CommandSurface {
  text: SlashText | ((users: Users) => SlashText);
  as?: Role[];
}

export const commands: CommandSurface[] = [
  { text: '' },
  { text: 'stand' },
  { text: 'stand Zwolle' },
  { text: 'stand zwolle' },
  { text: 'stand Atlantis <b>' },
  { text: 'bijwerken' },
  { text: 'bijwerken Woonunits Dalfsen' },
  // Slack sends "Wonen &amp; Zorg": the transport must unescape it to find the location.
  { text: 'bijwerken Wonen & Zorg' },
  { text: 'bijwerken Wonen & Zorg <tijdelijk> 001 — een lange naam zoals gemeenten ze geven, met *sterren* en _lijnen_' },
  { text: 'bijwerken <@U999> & *x*' },
  { text: 'locatie' },
  { text: 'landelijk' },
  { text: 'doelen' },
  { text: 'taakstelling' },
  { text: 'drempels' },
  { text: 'historie' },
  { text: 'historie Woonunits Dalfsen' },
  { text: 'historie Wonen & Zorg' },
  { text: 'rechten' },
  { text: () => ['rechten ', mention('UNIEUW1', 'nieuw'), ' bewerker'], as: ['admin', 'viewer'] },
  { text: () => ['rechten ', mention('UNIEUW1', 'nieuw'), ' weg'], as: ['admin'] },
  { text: 'rechten iemand baas' },
  { text: 'export', as: ['admin', 'viewer'] },
  { text: 'noodknop' },
  { text: 'noodknop lijst' },
  { text: 'noodknop onzin' },
  { text: 'rooster' },
  { text: 'rooster diensten' },
  { text: 'rooster periode' },
  { text: 'rooster import' },
  { text: 'rooster dienst' },
  { text: 'rooster patroon' },
  { text: 'rooster uitstroom' },
  { text: 'rooster <onbekend>' },
  { text: 'digest' },
  { text: 'digest nu', as: ['viewer', 'admin'] },
  { text: 'digest later' },
  { text: 'outbox' },
  { text: 'outbox opnieuw 1', as: ['admin'] },
  { text: 'outbox opnieuw #<b>1e2</b>', as: ['admin'] },
  { text: 'outbox onzin', as: ['admin'] },
  // Each draws a chart (ECharts + resvg) and uploads it to the asker's DM: two roles are enough.
  { text: 'grafiek', as: ['viewer'] },
  { text: 'grafiek Crisisnoodopvang (CNO)', as: ['editor'] },
  { text: 'grafiek <b>onzin</b> & co' },
  { text: 'help' },
  { text: 'hulp' },
  { text: 'standd' },
  { text: '<!channel> & co' },
];

/** What a valid submission of a form puts in its fields (by field name; block ids may carry a suffix). */
export interface FormSurface {
  /**
   * Field values that make a valid submission, given the view as Slack stored it. Fields left out
   * keep the value the form was opened with. `n` differs per call (unique names).
   */
  valid(view: any, n: number): Record<string, StateValue>;
  /** A select with `dispatch_action` that redraws the form: the run picks an option first. */
  picker?: string;
  /** A valid submission closes its subject (other forms on it would be stale): submitted after the others. */
  closes?: boolean;
}

const first = (view: any, field: string): string | null => {
  const block = view.blocks.find((b: any) => b.block_id === field || String(b.block_id).startsWith(`${field}:`));
  const options = block?.element?.options ?? block?.element?.option_groups?.[0]?.options ?? [];
  return options[0]?.value ?? null;
};
const last = (view: any, field: string): string | null => {
  const options = view.blocks.find((b: any) => b.block_id === field || String(b.block_id).startsWith(`${field}:`))?.element?.options ?? [];
  return options.at(-1)?.value ?? null;
};
const radio = (value: string): StateValue => ({ type: 'radio_buttons', selected_option: { value, text: { type: 'plain_text', text: value } } });
const text = (value: string): StateValue => ({ type: 'plain_text_input', value });
const selected = (value: string | null): StateValue => ({ type: 'static_select', selected_option: value === null ? null : { value, text: { type: 'plain_text', text: value } } });
const multi = (...values: string[]): StateValue => ({ type: 'multi_static_select', selected_options: values.map((value) => ({ value, text: { type: 'plain_text', text: value } })) });
const checked = (...values: string[]): StateValue => ({ type: 'checkboxes', selected_options: values.map((value) => ({ value, text: { type: 'plain_text', text: value } })) });
const date = (value: string): StateValue => ({ type: 'datepicker', selected_date: value });

/** After the seeded rotations (the synthetic one ends 29 June 2023), within the five years a roster date may be ahead. */
const farDay = (n: number) => addDays('2023-07-01', n * 20);

export const forms: Record<string, FormSurface> = {
  capacity_location_update: { picker: LOCATION_PICKER, valid: () => ({}) },
  capacity_location_create: {
    valid: (view, n) => ({
      name: text(`Conformance ${n} & <nieuw>`),
      municipality: selected(first(view, 'municipality')),
      targetGroup: selected(first(view, 'targetGroup')),
      places: text('10'),
      occupied: text('5'),
    }),
  },
  // The second doelgroep: the stand then shows two populations, each under its own heading.
  capacity_national: { valid: (view) => ({ population: selected(last(view, 'population')), places: text('46.091'), occupied: text('38.949'), source: text('COA & <partners>') }) },
  capacity_target: {
    picker: TARGET_PICKER,
    valid: (_view, n) => ({ targetGroup: selected('cno'), number: text('120'), label: text(`Conformance-doel ${n} & <x>`), priority: selected('hoog') }),
  },
  capacity_thresholds: { valid: () => ({ minFree_oekrainers: text('100'), maxLocationOccupancy: text('95'), nationalOccupancy: text('90') }) },
  capacity_quota: {
    valid: (view) => ({ municipality: selected(first(view, 'municipality')), quota: text('60'), housed: text('40'), carryKind: radio('achterstand'), carryNumber: text('5') }),
  },
  noodknop_request: { valid: () => ({ persons: text('12'), origin: text('Ter Apel & <omgeving>'), note: text('<!here> dringend') }) },
  noodknop_offer: { valid: (view) => ({ location: selected(first(view, 'location')), places: text('2'), overCapacity: checked('yes'), note: text('Klaar & <ok>') }) },
  noodknop_place: { valid: () => ({}), closes: true },
  noodknop_cancel: { valid: () => ({ reason: text('Groep elders opgevangen & <klaar>') }), closes: true },
  roster_period_modal: { valid: (view, n) => ({ regions: multi(first(view, 'regions') ?? 'VR04'), from: date(farDay(n)), through: date(addDays(farDay(n), 13)), places: text('150') }) },
  roster_import_modal: { valid: (_view, n) => ({ csv: text(`${farDay(n + 50).split('-').reverse().join('-')};${addDays(farDay(n + 50), 13).split('-').reverse().join('-')};VR04;150;conformance & <test>`) }) },
  shift_modal: { valid: (view) => ({ organisation: selected(first(view, 'organisation')), role: text('Begeleider & <nacht>') }) },
  shift_pattern_modal: { valid: (view) => ({ organisation: selected(first(view, 'organisation')), role: text('Begeleider'), per_slot: text('1') }) },
  stay_outflow_modal: { valid: (view) => ({ stay: selected(first(view, 'stay')), destination: text('AZC Zwolle & <later>') }) },
};

/** Options loads (block_suggestion) of external selects: the queries people type. */
export const optionLoads: { actionId: string; queries: string[] }[] = [{ actionId: LOCATION_PICKER, queries: ['', 'z', 'Wonen & Zorg', 'Synthetische', '<'] }];

/**
 * Buttons that end what other surfaces need (a cancelled request has no placement; people whose
 * leftover was dismissed get no new noodknop): clicked in the run's last round.
 */
export const lastRoundButtons: string[] = [NOODKNOP_CANCEL_OPEN, NOODKNOP_OFFER_WITHDRAW, NOODKNOP_LEFTOVER_DISMISS];
