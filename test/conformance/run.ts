import * as ids from '../../src/blockkit/ids';
import { features } from '../../src/features/registry';
import { CHANNEL, initialState, viewOf, viewSubmission, slashText, type StateValue, type TestBot } from '../support/bot';
import { grantRole } from '../support/forms';
import { describeViolations } from '../support/conformance/block-kit-rules';
import { digestChartSpec } from '../../src/features/charts/chart';
import { digestData } from '../features/charts/fixtures';
import { commands, forms, lastRoundButtons, optionLoads, type Role, type Users } from './surfaces';

/**
 * The conformance run: drives every surface of the bot through signed HTTP into the real receiver
 * (commands as each role, every modal submitted empty, with garbage and valid, every button on
 * every message and on the App Home, options loads, CSV by DM, every job at the moments it posts)
 * and collects everything Slack would refuse: what the fake Web API refused (`fake.violations`)
 * and the bot's own HTTP answers that broke a rule (thrown by bot.command / bot.interact).
 */

export const USERS: Users = { admin: 'UADMIN1', editor: 'UEDITOR1', viewer: 'UVIEWER1' };
const ROLES: Role[] = ['admin', 'editor', 'viewer'];

export interface RunReport {
  /** One line per problem: where, and what Slack would say. */
  problems: string[];
  counts: { commands: number; submissions: number; clicks: number; optionLoads: number; jobs: number; payloads: number };
  /** Forms exercised (callback_id) and kinds of button clicked (action_id without ":n"). */
  forms: string[];
  buttons: string[];
  /**
   * What the run's readers saw that did not pass through the fake Web API: the bot's HTTP answers
   * to commands, submissions (field errors, a form's next view) and options loads. With
   * `bot.fake.calls` this is every rendered text of the run (the glossary test reads both).
   */
  answers: { where: string; payload: unknown }[];
}

interface Posted {
  /** Where a click on it comes from. */
  container: Record<string, unknown>;
  channel?: string;
  blocks: any[];
  text?: string;
  responseUrl?: string;
  view?: any;
}

/**
 * The bot draws each chart in a child process, so a command is answered within 3 s whatever the
 * drawing takes. Tests draw in their own process (CHART_RENDERER=inline), where the first drawing
 * imports ECharts and resvg on the event loop that answers Slack (~1,5 s, several on a busy
 * machine): done once before the run, so the 3 s every command is held to measures the bot.
 */
async function warmInlineCharts(bot: TestBot): Promise<void> {
  if (bot.deps.config.charts.renderer !== 'inline') return;
  const { drawChart } = await import('../../src/features/charts/chart.render');
  await drawChart(digestChartSpec(digestData));
}

export async function runConformance(bot: TestBot, options: { rounds?: number } = {}): Promise<RunReport> {
  const problems: string[] = [];
  const counts = { commands: 0, submissions: 0, clicks: 0, optionLoads: 0, jobs: 0, payloads: 0 };
  const posted: Posted[] = [];
  const answers: RunReport['answers'] = [];
  const answered = (where: string, res: { text: string }) => {
    if (!res.text) return;
    try {
      answers.push({ where, payload: JSON.parse(res.text) });
    } catch {
      answers.push({ where, payload: res.text });
    }
  };
  const seenCalls = { n: 0 };
  const try_ = async (where: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
  };
  let triggers = 0;

  grantRole(bot, USERS.editor, 'editor');
  grantRole(bot, USERS.viewer, 'viewer');
  await warmInlineCharts(bot);

  // The jobs that run when the bot starts, as main.ts runs them: a request stored without a
  // broadcast (the extension's) gets its broadcast first, so its offers have a thread to go to.
  for (const feature of features) {
    for (const job of (feature.jobs ?? []).filter((j) => j.runAtStart)) {
      await try_(`job ${job.name} (at start)`, async () => {
        counts.jobs++;
        await job.run(bot.deps);
      });
    }
  }
  await settle(bot);

  // ---- commands, as each role ----
  for (const command of commands) {
    for (const role of command.as ?? ROLES) {
      const text = typeof command.text === 'function' ? command.text(USERS) : command.text;
      await try_(`/opvang ${slashText(text)} (${role})`, async () => {
        const res = await bot.command(text, USERS[role]);
        counts.commands++;
        answered(`/opvang ${slashText(text)} (${role})`, res);
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
        if (res.text) {
          const answer = res.json();
          if (answer.blocks) posted.push({ container: { type: 'message', channel_id: CHANNEL, message_ts: `1700000001.${++triggers}`, is_ephemeral: true }, channel: CHANNEL, blocks: answer.blocks, text: answer.text, responseUrl: bot.fake.responseUrl(`c${triggers}`) });
        }
      });
    }
  }
  await settle(bot);

  // ---- the App Home, for each role ----
  for (const role of ROLES) {
    await try_(`app_home_opened (${role})`, () => bot.event({ type: 'app_home_opened', user: USERS[role], channel: `D${USERS[role]}`, tab: 'home' }));
  }

  // ---- CSV by direct message: a valid file, and one with a bad row (offers "only the valid rows") ----
  const csvHeader = 'naam;gemeente;doelgroep;fase;plekken;bezet';
  const files: [string, string][] = [
    ['conformance-goed.csv', `${csvHeader}\nImport & <Zorg>;Zwolle;Oekraïners (GOO);operationeel;30;10\n`],
    ['conformance-fout.csv', `${csvHeader}\nImport Twee;Zwolle;Oekraïners (GOO);operationeel;30;10\nKapot;Nergensland;x;y;-1;z\n`],
    ['conformance.txt', 'geen csv'],
  ];
  for (const [name, content] of files) {
    await try_(`CSV by DM ${name}`, () =>
      bot.event({
        type: 'message',
        channel: `D${USERS.admin}`,
        channel_type: 'im',
        user: USERS.admin,
        ts: `1700000002.${++triggers}`,
        files: [{ id: `F${name.length}${triggers}`, name, filetype: name.endsWith('.csv') ? 'csv' : 'text', url_private_download: bot.fake.serveFile(name, content) }],
      }),
    );
  }
  await try_('CSV by DM (viewer)', () =>
    bot.event({ type: 'message', channel: `D${USERS.viewer}`, channel_type: 'im', user: USERS.viewer, ts: `1700000002.${++triggers}`, files: [{ id: 'FV1', name: 'x.csv', filetype: 'csv', url_private_download: bot.fake.serveFile('x.csv', csvHeader) }] }),
  );
  await settle(bot);

  // ---- options loads ----
  for (const load of optionLoads) {
    for (const value of load.queries) {
      await try_(`block_suggestion ${load.actionId} "${value}"`, async () => {
        counts.optionLoads++;
        answered(`block_suggestion ${load.actionId}`, await bot.interact({ type: 'block_suggestion', user: { id: USERS.editor, team_id: 'T0TEST' }, action_id: load.actionId, block_id: load.actionId, value, container: { type: 'view', view_id: 'V0' } }));
      });
    }
  }

  // ---- rounds of: every button clicked, every opened form submitted; new ones appear each round ----
  const clicked = new Map<string, number>();
  const later: { message: Posted; element: any; blockId: string }[] = [];
  const exercised = new Set<string>();
  let formNumber = 0;
  for (let round = 0; round < (options.rounds ?? 4); round++) {
    collectPosted(bot, posted, seenCalls);
    // Buttons: each kind (action_id without its ":n") at most twice per role, so long lists stay cheap.
    const last = round === (options.rounds ?? 4) - 1;
    const targets = posted.splice(0).flatMap((message) => interactiveElements(message.blocks).map((e) => ({ message, ...e })));
    // Buttons that end what other surfaces need (cancel, withdraw) wait for the last round.
    const now = targets.filter((t) => last || !lastRoundButtons.includes(String(t.element.action_id).split(':')[0]!));
    later.push(...targets.filter((t) => !now.includes(t)));
    for (const { message, element, blockId } of last ? [...later, ...now] : now) {
      {
        for (const role of ROLES) {
          const base = String(element.action_id).split(':')[0]!;
          // Deferred buttons act on one subject each (a request to cancel): each subject once.
          const key = lastRoundButtons.includes(base) ? `${base}|${role}|${element.value}` : `${base}|${role}`;
          if ((clicked.get(key) ?? 0) >= 2) continue;
          clicked.set(key, (clicked.get(key) ?? 0) + 1);
          await try_(`click ${element.action_id} (${role})`, async () => {
            counts.clicks++;
            answered(`click ${element.action_id} (${role})`, await bot.interact(clickPayload(message, element, blockId, USERS[role], ++triggers)));
          });
        }
      }
    }
    await settle(bot);

    // Forms: each kind of opened modal (callback_id and title) once, submitted empty, with garbage, then valid.
    // Forms that close their subject (placement, cancel) go after the ones that still need it open.
    const opened = bot.fake.delivered('views.open').concat(bot.fake.delivered('views.push')).map(viewOf);
    opened.sort((a, b) => Number(forms[a.callback_id]?.closes ?? false) - Number(forms[b.callback_id]?.closes ?? false));
    for (let view of opened) {
      const key = `${view.callback_id}|${view.title?.text}`;
      if (exercised.has(key) || !view.blocks.some((b: any) => b.type === 'input')) continue;
      exercised.add(key);
      const form = forms[view.callback_id];
      if (form?.picker) view = (await pick(bot, view, form.picker, ++triggers)) ?? view;
      const submitter = USERS.admin;
      await try_(`submit ${key} empty`, async () => {
        counts.submissions++;
        answered(`submit ${key} empty`, await bot.interact(viewSubmission(view.callback_id, submitter, emptied(view), { view, privateMetadata: view.private_metadata })));
      });
      await try_(`submit ${key} garbage`, async () => {
        counts.submissions++;
        answered(`submit ${key} garbage`, await bot.interact(viewSubmission(view.callback_id, submitter, garbage(view), { view, privateMetadata: view.private_metadata })));
      });
      await try_(`submit ${key} as viewer`, async () => {
        counts.submissions++;
        answered(`submit ${key} as viewer`, await bot.interact(viewSubmission(view.callback_id, USERS.viewer, initialValues(view), { view, privateMetadata: view.private_metadata })));
      });
      if (form) {
        await try_(`submit ${key} valid`, async () => {
          counts.submissions++;
          const values = { ...initialValues(view), ...byBlockId(view, form.valid(view, ++formNumber)) };
          const res = await bot.interact(viewSubmission(view.callback_id, submitter, values, { view, privateMetadata: view.private_metadata }));
          answered(`submit ${key} valid`, res);
          const answer = res.text ? JSON.parse(res.text) : {};
          if (answer.response_action === 'errors') throw new Error(`valid submission refused: ${JSON.stringify(answer.errors)}`);
        });
      } else {
        problems.push(`form ${view.callback_id}: no valid submission in test/conformance/surfaces.ts (forms)`);
      }
    }
    await settle(bot);

    // Jobs: every feature's job, once per round, with the clock moving so reminders, escalations and expiry fall due.
    for (const feature of features) {
      for (const job of feature.jobs ?? []) {
        await try_(`job ${job.name} (round ${round})`, async () => {
          counts.jobs++;
          await job.run(bot.deps);
        });
      }
    }
    await settle(bot);
    bot.clock.advanceMinutes((round === 0 ? 2 : round === 1 ? 12 : 24) * 60);
  }
  collectPosted(bot, posted, seenCalls);

  counts.payloads = bot.fake.calls.length;
  for (const refused of bot.fake.violations.splice(0)) problems.push(`${refused.method}: ${describeViolations(refused.violations)}`);
  return {
    problems,
    counts,
    forms: [...new Set([...exercised].map((k) => k.split('|')[0]!))].sort(),
    buttons: [...new Set([...clicked.keys()].map((k) => k.split('|')[0]!))].sort(),
    answers,
  };
}

/** Waits until the bot has stopped calling Slack (work after the ack, and the outbox's deliveries). */
async function settle(bot: TestBot): Promise<void> {
  // The outbox posts after the commit that enqueued, one row at a time with a sync of the disk
  // before each: under load a gap between two of its calls can be longer than the quiet window
  // below, so each window also lets it deliver what is due.
  let last = -1;
  for (let i = 0; i < 200 && last !== bot.fake.calls.length; i++) {
    last = bot.fake.calls.length;
    await bot.slack.outbox.drain();
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Messages and Home tabs the bot posted since the last look, as clickable surfaces. */
function collectPosted(bot: TestBot, into: Posted[], seen: { n: number }): void {
  const calls = bot.fake.calls.slice(seen.n);
  seen.n = bot.fake.calls.length;
  for (const call of calls) {
    if (call.status !== 200) continue;
    const body = call.body;
    const blocks = typeof body.blocks === 'string' ? JSON.parse(body.blocks) : body.blocks;
    switch (call.method) {
      case 'chat.postMessage':
      case 'chat.update':
        if (Array.isArray(blocks)) into.push({ container: { type: 'message', channel_id: body.channel, message_ts: call.response?.ts ?? body.ts, is_ephemeral: false }, channel: body.channel, blocks, text: body.text, responseUrl: undefined });
        break;
      case 'chat.postEphemeral':
      case 'response_url':
        if (Array.isArray(blocks)) into.push({ container: { type: 'message', channel_id: body.channel ?? CHANNEL, message_ts: '1700000003.000001', is_ephemeral: true }, channel: body.channel ?? CHANNEL, blocks, text: body.text });
        break;
      case 'views.publish': {
        const view = viewOf(call);
        into.push({ container: { type: 'view', view_id: view.id }, blocks: view.blocks, view });
        break;
      }
      default:
        break;
    }
  }
}

/** Buttons, selects and overflow menus of a surface's blocks. */
function interactiveElements(blocks: any[]): { element: any; blockId: string }[] {
  const out: { element: any; blockId: string }[] = [];
  for (const block of blocks ?? []) {
    const elements = block.type === 'actions' ? block.elements : block.type === 'section' && block.accessory ? [block.accessory] : [];
    for (const element of elements) if (['button', 'static_select', 'overflow'].includes(element.type)) out.push({ element, blockId: block.block_id ?? 'b' });
  }
  return out;
}

function clickPayload(message: Posted, element: any, blockId: string, user: string, n: number): Record<string, unknown> {
  const action: Record<string, unknown> = { type: element.type, action_id: element.action_id, block_id: blockId, action_ts: `1700000004.${n}` };
  if (element.type === 'button') action.value = element.value;
  else action.selected_option = (element.options ?? element.option_groups?.[0]?.options ?? [])[0];
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: 'T0TEST' },
    trigger_id: `trigger.run.${n}`,
    container: message.container,
    ...(message.channel ? { channel: { id: message.channel, name: 'kanaal' } } : {}),
    ...(message.view ? { view: message.view } : { message: { ts: message.container.message_ts, text: message.text, blocks: message.blocks } }),
    response_url: message.responseUrl ?? `http://127.0.0.1:1/none`,
    actions: [action],
  };
}

/** Picks the first option of a dispatch_action select, as a person would; returns the redrawn view. */
async function pick(bot: TestBot, view: any, actionId: string, n: number): Promise<any | undefined> {
  const block = view.blocks.find((b: any) => b.block_id === actionId);
  if (!block) return undefined;
  let option = (block.element.options ?? [])[1] ?? (block.element.options ?? [])[0];
  if (block.element.type === 'external_select') {
    const res = await bot.interact({ type: 'block_suggestion', user: { id: 'UADMIN1', team_id: 'T0TEST' }, action_id: actionId, block_id: actionId, value: '', view });
    option = (res.text ? JSON.parse(res.text).options : [])[0];
  }
  if (!option) return undefined;
  const before = bot.fake.callsTo('views.update').length;
  await bot.interact({
    type: 'block_actions',
    user: { id: 'UADMIN1', username: 'uadmin1', team_id: 'T0TEST' },
    trigger_id: `trigger.pick.${n}`,
    container: { type: 'view', view_id: view.id },
    view,
    actions: [{ type: block.element.type, action_id: actionId, block_id: actionId, selected_option: option, action_ts: `1700000005.${n}` }],
  });
  await bot.fake.waitFor((calls) => calls.filter((c) => c.method === 'views.update').length > before, 2000).catch(() => undefined);
  const updated = bot.fake.callsTo('views.update').at(-1);
  return updated && bot.fake.callsTo('views.update').length > before ? viewOf(updated) : undefined;
}

/** The state Slack would send for a form submitted as it was opened. */
function initialValues(view: any): Record<string, StateValue> {
  return Object.fromEntries(view.blocks.filter((b: any) => b.type === 'input').map((b: any) => [b.block_id, initialState(b.element)]));
}

/** Every field cleared, as a person can before pressing submit (Slack itself stops empty required ones). */
function emptied(view: any): Record<string, StateValue> {
  return Object.fromEntries(view.blocks.filter((b: any) => b.type === 'input').map((b: any) => [b.block_id, initialState({ type: b.element.type })]));
}

/** What a crafted or stale submission may carry: too long, not among the options, impossible dates. */
function garbage(view: any): Record<string, StateValue> {
  const out: Record<string, StateValue> = {};
  for (const block of view.blocks) {
    if (block.type !== 'input') continue;
    const e = block.element;
    switch (e.type) {
      case 'plain_text_input':
        out[block.block_id] = { type: e.type, value: `<!channel> & 1.5 ${'x'.repeat(4000)}` };
        break;
      case 'static_select':
      case 'external_select':
        out[block.block_id] = { type: e.type, selected_option: { value: '999999', text: { type: 'plain_text', text: 'weg' } } };
        break;
      case 'checkboxes':
      case 'multi_static_select':
        out[block.block_id] = { type: e.type, selected_options: [{ value: 'nope', text: { type: 'plain_text', text: 'nope' } }] };
        break;
      case 'datepicker':
        out[block.block_id] = { type: e.type, selected_date: '2022-02-30' };
        break;
      case 'timepicker':
        out[block.block_id] = { type: e.type, selected_time: '02:30' };
        break;
      case 'users_select':
        out[block.block_id] = { type: e.type, selected_user: 'UNOBODY' };
        break;
      default:
        break;
    }
  }
  return out;
}

/** Field names → the view's block ids (which may carry a ":suffix"). */
function byBlockId(view: any, values: Record<string, StateValue>): Record<string, StateValue> {
  const out: Record<string, StateValue> = {};
  for (const [field, value] of Object.entries(values)) {
    const block = view.blocks.find((b: any) => b.block_id === field || String(b.block_id).startsWith(`${field}:`));
    if (block) out[block.block_id] = value;
  }
  return out;
}

/** Every kind of button the bot puts on a message or the Home tab: the run must have clicked each. */
export const EVERY_BUTTON = Object.entries(ids)
  .filter(([name]) => /_(OPEN|SHARE|REFRESH|CLAIM|HAND_BACK|EDIT|WITHDRAW|ADD|UPDATE|CREATE|NATIONAL|VALID_ONLY|CONFIRM|NOT_MINE)$/.test(name))
  .map(([, id]) => id as string)
  .sort();
