import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps';
import { button } from '../../blockkit/blocks';
import { escapeMrkdwn } from '../../blockkit/escape';
import { HOME_LOCATION_CREATE, HOME_LOCATION_UPDATE, HOME_NATIONAL, IMPORT_VALID_ONLY } from '../../blockkit/ids';
import { openDirectMessage } from '../../webapi/tell-privately';
import { requireRole } from '../access/require-role';
import { openForm, openFormFromAction } from '../form-runner';
import type { CommandInput, CommandReply, Feature, Listeners } from '../feature';
import { matchLocation } from './capacity';
import { currentFiguresOf, exportHistory, exportLocations, locationRefs, municipalitiesOf } from './capacity.store';
import { importConflictMessage, importReportMessage, matchProblemMessage } from './capacity.view';
import { capacityForms, locationCreate, locationUpdate, national, quota, target, thresholds } from './capacity.forms';
import { buildExport } from './export';
import { checkImportInSlices } from './import';
import { storeImport } from './import.runner';
import { alertRoute } from './figures.write';
import type { ImportAnswer, ImportReport } from './import.process';
import { kickOutbox } from '../../outbox/signal';
import { textMessage, type Message } from '../../blockkit/message';
import { enqueuePost, enqueueUpdate } from '../../outbox/outbox.store';
import type { Db } from '../../store/database';

/** /opvang bijwerken [locatie]: on the location the argument names, or with the picker. */
function openLocationUpdate(deps: Deps, input: CommandInput): CommandReply {
  const ctx = { deps, userId: input.userId };
  const wanted = input.args.trim();
  if (!wanted) return openForm(locationUpdate, ctx);
  const refusal = requireRole(deps, input.userId, 'editor');
  if (refusal) return { kind: 'message', message: textMessage(refusal) };
  const match = matchLocation(wanted, locationRefs(deps.db, deps.config.region));
  if (match.kind === 'one') return openForm(locationUpdate, ctx, { id: match.location.id });
  return { kind: 'message', message: matchProblemMessage(wanted, match.kind, match.kind === 'many' ? match.locations : match.suggestions) };
}

export const capacityFeature: Feature = {
  name: 'capacity',
  subcommands: [
    {
      name: 'bijwerken',
      usage: 'bijwerken [locatie]',
      summary: 'Cijfers van een locatie bijwerken: plekken, bezet, fase, verwachting (formulier).',
      run: (input, deps) => openLocationUpdate(deps, input),
    },
    {
      name: 'locatie',
      usage: 'locatie',
      summary: 'Een nieuwe locatie toevoegen (formulier).',
      run: (input, deps) => openForm(locationCreate, { deps, userId: input.userId }),
    },
    {
      name: 'landelijk',
      usage: 'landelijk',
      summary: 'Landelijke cijfers invoeren: peildatum, plekken, bezet, bron (formulier).',
      run: (input, deps) => openForm(national, { deps, userId: input.userId }),
    },
    {
      name: 'doelen',
      usage: 'doelen',
      summary: 'Een doel toevoegen of wijzigen: doelgroep, aantal, datum, prioriteit (formulier).',
      run: (input, deps) => openForm(target, { deps, userId: input.userId }),
    },
    {
      name: 'taakstelling',
      usage: 'taakstelling',
      summary: 'Taakstelling statushouders per gemeente en halfjaar: aantal en gehuisvest (formulier).',
      run: (input, deps) => openForm(quota, { deps, userId: input.userId }),
    },
    {
      name: 'drempels',
      usage: 'drempels',
      summary: 'Beheerders: drempels voor meldingen: minimaal vrije plekken per doelgroep, maximale bezetting per locatie, landelijke bezettingsgraad (formulier).',
      run: (input, deps) => openForm(thresholds, { deps, userId: input.userId }),
    },
    {
      name: 'export',
      usage: 'export',
      summary: 'Alle locaties en hun historie als CSV (Excel) in een privébericht.',
      run: (input, deps) => runExport(deps, input),
    },
  ],
  forms: capacityForms,
  // Home buttons open the same forms; "Cijfers bijwerken" under "Nu actie nodig" names its location.
  actions: [
    { id: HOME_LOCATION_UPDATE, run: (ctx) => openFormFromAction(locationUpdate, ctx, /^\d+$/.test(ctx.value ?? '') ? { id: Number(ctx.value) } : {}) },
    { id: HOME_LOCATION_CREATE, run: (ctx) => openFormFromAction(locationCreate, ctx) },
    { id: HOME_NATIONAL, run: (ctx) => openFormFromAction(national, ctx) },
  ],
  homeButtons: () => [
    button('Locatie bijwerken', HOME_LOCATION_UPDATE),
    button('Locatie toevoegen', HOME_LOCATION_CREATE),
    button('Landelijke cijfers', HOME_NATIONAL),
  ],
  // Slack only: the CSV arrives as a file in a direct message.
  register(app: Listeners, deps: Deps) {
    registerImport(app, deps);
  },
};

// --- export ----------------------------------------------------------------------------------

async function runExport(deps: Deps, input: CommandInput): Promise<CommandReply> {
  if (!input.client) {
    return { kind: 'message', message: textMessage('Exporteren werkt alleen in Slack: de bestanden komen in je privébericht met Opvangbot.') };
  }
  const files = buildExport(exportLocations(deps.db, deps.config.region), exportHistory(deps.db, deps.config.region), deps.clock.now());
  const channel = await openDirectMessage(input.client, input.userId);
  await input.client.filesUploadV2({
    channel_id: channel,
    initial_comment: files.comment,
    file_uploads: files.files.map((f) => ({ file: Buffer.from(f.content, 'utf8'), filename: f.filename, title: f.title })),
  });
  deps.logger.event('info', 'capacity.exported', { user: input.userId, locations: files.locations, history: files.history });
  return { kind: 'message', message: textMessage(`De export staat in je privébericht met Opvangbot: ${files.comment}`) };
}

// --- import by direct message ----------------------------------------------------------------

interface SharedFile {
  id: string;
  name?: string;
  filetype?: string;
  url_private?: string;
  url_private_download?: string;
}

/** The bot token only goes to Slack's file host (or the configured Web API's host, e.g. GovSlack or a test server). */
function isSlackFileUrl(deps: Deps, url: string): boolean {
  try {
    const target = new URL(url);
    return target.origin === 'https://files.slack.com' || target.origin === new URL(deps.config.slackApiUrl).origin;
  } catch {
    return false;
  }
}

/** The file could not be fetched from Slack (gone, not on a Slack host, refused). */
class DownloadFailed extends Error {}

async function download(deps: Deps, url: string): Promise<string> {
  if (!isSlackFileUrl(deps, url)) throw new DownloadFailed('file url is not on a Slack host');
  const token = deps.config.slack.mode === 'console' ? '' : deps.config.slack.botToken;
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch((error: unknown) => {
    throw new DownloadFailed(`download failed: ${(error as Error).message}`);
  });
  if (!res.ok) throw new DownloadFailed(`download failed: ${res.status}`);
  return new TextDecoder('utf-8').decode(await res.arrayBuffer());
}

const IMPORT_UNREADABLE = 'Het bestand kon niet worden gelezen; er is niets opgeslagen. Probeer het opnieuw.';
const IMPORT_FAILED = 'Het bestand is niet ingelezen: er ging iets mis bij het opslaan, en er is niets opgeslagen. Probeer het opnieuw; blijft het misgaan, meld het dan aan wie de server van Opvangbot beheert.';

/**
 * Runs a check that yields between slices (checkImportInSlices), giving the event loop its turn
 * after each: while a file of 50.000 rows is checked, `/opvang stand` and every click keep being
 * answered within Slack's 3 seconds.
 */
async function inSlices<T>(steps: Generator<unknown, T, void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The outbox keys of the import's direct messages: one per file and outcome, per message the file came in. */
const importKeys = {
  other: (fileId: string, outcome: string, eventTs: string) => `import:${fileId}:${outcome}:${eventTs}`,
};

function answerImport(db: Db, answer: ImportAnswer, key: string, message: Message, at: Date): void {
  if ('post' in answer) enqueuePost(db, { key, kind: 'import_report', target: { channel: answer.post.channel }, message }, at);
  else enqueueUpdate(db, { kind: 'import_report', target: answer.update, message }, at);
}

/**
 * Checks a CSV file and stores it when every row is valid (or `validOnly`); the key makes it store
 * once. The check runs in slices that yield; the write is one transaction, all or nothing, in a
 * process of its own for a large file (import.runner.ts), so the bot keeps answering throughout.
 * A file that changes nothing writes nothing, not even its key, and can be sent again. Every
 * answer goes through the outbox; the report of a stored import is enqueued in the import's own
 * transaction (import.process.ts), so the admin hears of every import that was stored.
 */
async function importFile(deps: Deps, file: { id: string; name: string; url: string }, userId: string, validOnly: boolean, answer: ImportAnswer): Promise<void> {
  const csv = await download(deps, file.url);
  const region = deps.config.region;
  const check = await inSlices(checkImportInSlices(csv, municipalitiesOf(deps.db, region).map((m) => m.name), currentFiguresOf(deps.db, region)));
  const eventTs = 'post' in answer ? answer.post.eventTs : answer.update.ts;
  const say = (outcome: string, message: Message) => answerImport(deps.db, answer, importKeys.other(file.id, outcome, eventTs), message, deps.clock.now());
  if (check.fatal || (check.problems.length > 0 && !validOnly)) {
    const value = JSON.stringify({ f: file.id, n: file.name, u: file.url });
    say('check', importReportMessage(file.name, check, undefined, value.length <= 2000 ? value : undefined));
    return;
  }
  deps.logger.event('debug', 'capacity.import_checked', { user: userId, file: file.id, rows: check.rows.length, problems: check.problems.length });
  const report: ImportReport = { fileName: file.name, problems: check.problems, answer };
  const { result: stored, writeMs } = await storeImport(deps.db, { region, key: `import:${file.id}`, rows: check.rows, actor: userId, at: deps.clock.now().toISOString(), report, alerts: alertRoute(deps.config) });
  // A large import's report was enqueued by the import's own process: let the bot's outbox know.
  kickOutbox(deps.db);
  if (stored === 'already_stored') return say('again', textMessage(`${escapeMrkdwn(file.name)} is al ingelezen; er is niets dubbel opgeslagen.`));
  if (stored.status === 'conflict') {
    deps.logger.event('info', 'capacity.import_conflict', { user: userId, file: file.id, line: stored.line, writeMs });
    return say('conflict', importConflictMessage(file.name, stored));
  }
  deps.logger.event('info', 'capacity.imported', { user: userId, file: file.id, added: stored.added, updated: stored.updated, unchanged: stored.unchanged, skipped: check.problems.length, writeMs });
  // Stored rows: the report went with them. Nothing changed (nothing stored): said now.
  if (stored.added + stored.updated === 0) say('unchanged', importReportMessage(file.name, check, stored));
}

function registerImport(app: Listeners, deps: Deps): void {
  // Every answer to a file in a direct message goes through the outbox, keyed by the file and the
  // message it came in: Slack's retries of the event (or a restart) never answer twice.
  app.event('message', async ({ event, client }) => {
    const message = event as unknown as { channel: string; channel_type?: string; user?: string; bot_id?: string; ts?: string; files?: SharedFile[] };
    if (message.channel_type !== 'im' || !message.files?.length || !message.user || message.bot_id) return;
    const eventTs = message.ts ?? String(deps.clock.now().getTime());
    const post: ImportAnswer = { post: { channel: message.channel, eventTs } };
    const say = async (key: string, text: string) => {
      try {
        answerImport(deps.db, post, key, textMessage(text), deps.clock.now());
      } catch (error) {
        // The database refuses writes (full disk, read-only): the outbox cannot take the answer,
        // so it is said directly. It is an answer that nothing was stored: better twice than never.
        deps.logger.event('warn', 'capacity.import_answer_direct', { file: key, error });
        await client.chat.postMessage({ channel: message.channel, text }).catch((failed: unknown) => deps.logger.event('error', 'capacity.import_answer_failed', { error: failed }));
      }
    };
    const refusal = requireRole(deps, message.user, 'admin', 'import');
    if (refusal) {
      await say(`import:${eventTs}:refused`, `Alleen een beheerder kan locaties importeren. ${refusal}`);
      return;
    }
    for (const file of message.files) {
      const url = file.url_private_download ?? file.url_private;
      const name = file.name ?? 'bestand.csv';
      if (!url || !(file.filetype === 'csv' || name.toLowerCase().endsWith('.csv'))) {
        await say(importKeys.other(file.id, 'not_csv', eventTs), `${escapeMrkdwn(name)} is geen CSV-bestand. Stuur een CSV (Excel: Opslaan als → CSV (gescheiden door puntkomma)).`);
        continue;
      }
      try {
        await importFile(deps, { id: file.id, name, url }, message.user, false, post);
      } catch (error) {
        deps.logger.event('error', 'capacity.import_failed', { user: message.user, file: file.id, error });
        await say(importKeys.other(file.id, error instanceof DownloadFailed ? 'unreadable' : 'failed', eventTs), error instanceof DownloadFailed ? IMPORT_UNREADABLE : IMPORT_FAILED);
      }
    }
  });

  app.action<BlockAction<ButtonAction>>(IMPORT_VALID_ONLY, async ({ ack, body, action, respond }) => {
    await ack();
    const refusal = requireRole(deps, body.user.id, 'admin', IMPORT_VALID_ONLY);
    if (refusal) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: refusal });
      return;
    }
    const { f, n, u } = JSON.parse(action.value ?? '{}') as { f: string; n: string; u: string };
    const channel = body.container?.channel_id ?? body.channel?.id;
    const ts = body.container?.message_ts ?? body.message?.ts;
    if (!channel || !ts) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'Dit verslag kan ik niet meer bijwerken; stuur het bestand opnieuw.' });
      return;
    }
    try {
      // The report clicked is replaced by the outcome (through the outbox, with the import).
      await importFile(deps, { id: f, name: n, url: u }, body.user.id, true, { update: { channel, ts } });
    } catch (error) {
      deps.logger.event('error', 'capacity.import_failed', { user: body.user.id, file: f, error });
      await respond({ response_type: 'ephemeral', replace_original: false, text: error instanceof DownloadFailed ? IMPORT_UNREADABLE : IMPORT_FAILED });
    }
  });
}
