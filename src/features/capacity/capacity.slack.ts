import type { z } from 'zod';
import type { AllMiddlewareArgs, BlockAction, ButtonAction, ExternalSelectAction, SlackViewMiddlewareArgs, StaticSelectAction, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps';
import type { Role } from '../../domain/vocabulary';
import { toLocalDay } from '../../format/nl';
import { button } from '../../blockkit/blocks';
import { escapeMrkdwn } from '../../blockkit/escape';
import {
  HOME_LOCATION_CREATE,
  HOME_LOCATION_UPDATE,
  HOME_NATIONAL,
  IMPORT_VALID_ONLY,
  LOCATION_CREATE_VIEW,
  LOCATION_PICKER,
  LOCATION_UPDATE_VIEW,
  NATIONAL_VIEW,
  QUOTA_VIEW,
  TARGET_PICKER,
  TARGET_VIEW,
} from '../../blockkit/ids';
import { readFields } from '../../blockkit/modal';
import { ALREADY_STORED, storeOnce } from '../../store/store-once';
import { openDirectMessage, tellPrivately } from '../../webapi/tell-privately';
import { requireRole } from '../access/require-role';
import { messageReply, type CommandInput, type CommandReply, type Feature, type Listeners } from '../feature';
import { locationCreateSchema, locationUpdateSchema, matchLocation, nationalSchema, quotaSchema, targetSchema, type LocationRecord, type Municipality } from './capacity';
import { validate } from '../../domain/forms';
import { currentFiguresOf, exportHistory, exportLocations, findRegionLocation, insertLocation, latestNational, locationRefs, municipalitiesOf, saveQuota, saveTarget, searchLocations, targetsOf, upsertNational } from './capacity.store';
import {
  conflictNotice,
  decodeMeta,
  errorsForView,
  importConflictMessage,
  importReportMessage,
  locationCreatedMessage,
  locationCreateModal,
  locationOption,
  locationUpdatedMessage,
  locationUpdateModal,
  matchProblemMessage,
  nationalModal,
  nationalSavedMessage,
  noticeModal,
  quotaModal,
  quotaSavedMessage,
  targetModal,
  targetSavedMessage,
  withoutSuffix,
} from './capacity.view';
import { buildExport } from './export';
import { halfYearOfDay } from '../../domain/dates';
import { checkImportInSlices } from './import';
import { confirmLocation } from './locations.store';
import { updateLocation } from './figures.write';
import { storeImport } from './import.runner';
import type { ImportAnswer, ImportReport } from './import.process';
import { kickOutbox } from '../../outbox/signal';
import { textMessage, type Message } from '../../blockkit/message';
import { enqueuePost, enqueueUpdate } from '../../outbox/outbox.store';
import type { Db } from '../../store/database';

const CONSOLE_FORMS = textMessage('Formulieren werken alleen in Slack. In de console kun je lezen (`stand`, `historie`); importeren gaat met `npm run import -- bestand.csv`.');

function modalReply(deps: Deps, input: CommandInput, needed: Role, view: () => ModalView): CommandReply {
  const refusal = requireRole(deps, input.userId, needed);
  if (refusal) return messageReply(textMessage(refusal));
  return { kind: 'modal', view: view(), fallback: CONSOLE_FORMS };
}

/** /opvang bijwerken [locatie]: on the location the argument names, or with the picker. */
function openLocationUpdate(deps: Deps, input: CommandInput): CommandReply {
  const refusal = requireRole(deps, input.userId, 'editor');
  if (refusal) return messageReply(textMessage(refusal));
  const meta = { channel: input.channelId };
  const wanted = input.args.trim();
  if (!wanted) return { kind: 'modal', view: locationUpdateModal(undefined, meta), fallback: CONSOLE_FORMS };
  const match = matchLocation(wanted, locationRefs(deps.db, deps.config.region));
  if (match.kind === 'one') {
    const location = findRegionLocation(deps.db, deps.config.region, match.location.id)!;
    return { kind: 'modal', view: locationUpdateModal(location, meta), fallback: CONSOLE_FORMS };
  }
  return { kind: 'message', message: matchProblemMessage(wanted, match.kind, match.kind === 'many' ? match.locations : match.suggestions) };
}

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const submissionKey = (view: ViewSubmitAction['view']) => `view:${view.id}:${view.hash}`;

/**
 * The common start of a plain editor form's submission: refuses someone without the role and
 * answers validation errors next to the fields; returns the valid form, or undefined when answered.
 */
async function editorForm<T>(args: ViewArgs, deps: Deps, title: string, schema: z.ZodType<T, unknown>): Promise<T | undefined> {
  if (await refusedSubmission(args, deps, 'editor', title)) return undefined;
  const checked = validate(schema, formFields(args.view).fields);
  if (checked.ok) return checked.value;
  await args.ack({ response_action: 'errors', errors: checked.errors });
  return undefined;
}

/** Refuses a submission by someone who lost (or never had) the role; nothing is stored. */
async function refusedSubmission(args: ViewArgs, deps: Deps, needed: Role, title: string): Promise<boolean> {
  const refusal = requireRole(deps, args.body.user.id, needed, args.view.callback_id);
  if (!refusal) return false;
  await args.ack({ response_action: 'update', view: noticeModal(args.view.callback_id, title, refusal) });
  return true;
}

/**
 * The municipality a form chose, if it belongs to the region (a submitted id is not trusted
 * blindly); otherwise the form is told to choose again and the result is undefined.
 */
async function regionMunicipality(args: ViewArgs, deps: Deps, id: string): Promise<Municipality | undefined> {
  const municipality = municipalitiesOf(deps.db, deps.config.region).find((m) => String(m.id) === id);
  if (!municipality) await args.ack({ response_action: 'errors', errors: { municipality: 'Kies een gemeente uit de regio.' } });
  return municipality;
}

function formFields(view: ViewSubmitAction['view']) {
  return { fields: withoutSuffix(readFields(view)), blockIds: Object.keys(view.state.values) };
}

async function openModal(client: WebClient, triggerId: string, view: ModalView): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view });
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
      run: (input, deps) => modalReply(deps, input, 'editor', () => locationCreateModal(municipalitiesOf(deps.db, deps.config.region), { channel: input.channelId })),
    },
    {
      name: 'landelijk',
      usage: 'landelijk',
      summary: 'Landelijke cijfers invoeren: peildatum, plekken, bezet, bron (formulier).',
      run: (input, deps) =>
        modalReply(deps, input, 'editor', () => {
          return nationalModal(toLocalDay(deps.clock.now()), latestNational(deps.db), { channel: input.channelId });
        }),
    },
    {
      name: 'doelen',
      usage: 'doelen',
      summary: 'Een doel toevoegen of wijzigen: doelgroep, aantal, datum, prioriteit (formulier).',
      run: (input, deps) => modalReply(deps, input, 'editor', () => targetModal(targetsOf(deps.db, deps.config.region), undefined, { channel: input.channelId })),
    },
    {
      name: 'taakstelling',
      usage: 'taakstelling',
      summary: 'Taakstelling statushouders per gemeente en halfjaar: aantal en gehuisvest (formulier).',
      run: (input, deps) =>
        modalReply(deps, input, 'editor', () =>
          quotaModal(municipalitiesOf(deps.db, deps.config.region), halfYearOfDay(toLocalDay(deps.clock.now())), { channel: input.channelId }),
        ),
    },
    {
      name: 'export',
      usage: 'export',
      summary: 'Alle locaties en hun historie als CSV (Excel) in een privébericht.',
      run: (input, deps) => runExport(deps, input),
    },
  ],
  homeButtons: () => [
    button('Locatie bijwerken', HOME_LOCATION_UPDATE),
    button('Locatie toevoegen', HOME_LOCATION_CREATE),
    button('Landelijke cijfers', HOME_NATIONAL),
  ],
  register(app: Listeners, deps: Deps) {
    const region = deps.config.region;

    // The location picker: searched as the user types (the region may have hundreds of locations).
    app.options<'block_suggestion'>(LOCATION_PICKER, async ({ ack, payload }) => {
      await ack({ options: searchLocations(deps.db, region, payload.value ?? '').map(locationOption) });
    });

    // Picking a location fills the form with its current figures.
    app.action<BlockAction<ExternalSelectAction>>(LOCATION_PICKER, async ({ ack, body, action, client }) => {
      await ack();
      if (!body.view) return;
      const id = Number(action.selected_option?.value);
      const location = Number.isInteger(id) ? findRegionLocation(deps.db, region, id) : undefined;
      const meta = decodeMeta(body.view.private_metadata);
      await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: locationUpdateModal(location, { channel: meta.channel }) });
    });

    app.view<ViewSubmitAction>(LOCATION_UPDATE_VIEW, async (args) => {
      const { ack, view, body, client } = args;
      if (await refusedSubmission(args, deps, 'editor', 'Locatie bijwerken')) return;
      const meta = decodeMeta(view.private_metadata);
      const { fields, blockIds } = formFields(view);
      const location = meta.id !== undefined ? findRegionLocation(deps.db, region, meta.id) : undefined;
      if (!location) {
        await ack({ response_action: 'errors', errors: { [LOCATION_PICKER]: 'Kies een locatie.' } });
        return;
      }
      const checked = validate(locationUpdateSchema, fields);
      if (!checked.ok) {
        await ack({ response_action: 'errors', errors: errorsForView(checked.errors, blockIds) });
        return;
      }
      const form = checked.value;
      const userId = body.user.id;
      const now = deps.clock.now();
      type Outcome = { kind: 'updated'; before: LocationRecord; after: LocationRecord } | { kind: 'confirmed'; after: LocationRecord } | { kind: 'conflict'; current: LocationRecord } | { kind: 'gone' };
      const outcome = storeOnce<Outcome>(
        deps.db,
        submissionKey(view),
        now,
        () => {
          const result = updateLocation(deps.db, {
            id: location.id,
            expectedVersion: meta.version,
            actor: userId,
            at: now,
            patch: {
              places: form.places!,
              occupied: form.occupied!,
              stage: form.stage,
              expectedPlaces: form.expectedPlaces,
              // A figure a person types replaces an estimate ("ca. 150") from the slides.
              ...(form.expectedPlaces !== location.expectedPlaces ? { expectedIsEstimate: false } : {}),
              opensOn: form.opensOn,
              note: form.note,
            },
          });
          switch (result.status) {
            case 'updated':
              return { kind: 'updated', before: result.before, after: result.after };
            // The same figures submitted again: the person checked them today, so they count as fresh.
            case 'unchanged':
              return { kind: 'confirmed', after: confirmLocation(deps.db, location.id, userId, now)! };
            case 'conflict':
              return { kind: 'conflict', current: result.current };
            case 'not_found':
              return { kind: 'gone' };
          }
        },
        { stored: (o) => o.kind === 'updated' || o.kind === 'confirmed' },
      );
      if (outcome === ALREADY_STORED) {
        deps.logger.event('info', 'submission.duplicate', { user: userId, view: view.callback_id });
        await ack();
        return;
      }
      if (outcome.kind === 'conflict') {
        deps.logger.event('info', 'location.conflict', { user: userId, location: location.id, by: outcome.current.updatedBy });
        await ack({ response_action: 'update', view: locationUpdateModal(outcome.current, { channel: meta.channel }, conflictNotice(outcome.current)) });
        return;
      }
      if (outcome.kind === 'gone') {
        await ack({ response_action: 'errors', errors: { [LOCATION_PICKER]: 'Deze locatie bestaat niet meer.' } });
        return;
      }
      await ack();
      const message =
        outcome.kind === 'updated'
          ? locationUpdatedMessage(outcome.before, outcome.after)
          : textMessage(`:white_check_mark: Cijfers van *${escapeMrkdwn(outcome.after.name)}* ongewijzigd en als actueel bevestigd.`);
      await tellPrivately(client, { userId, channelId: meta.channel }, message);
    });

    app.view<ViewSubmitAction>(LOCATION_CREATE_VIEW, async (args) => {
      const { ack, view, body, client } = args;
      const form = await editorForm(args, deps, 'Locatie toevoegen', locationCreateSchema);
      if (!form) return;
      const meta = decodeMeta(view.private_metadata);
      const municipality = await regionMunicipality(args, deps, form.municipality);
      if (!municipality) return;
      const now = deps.clock.now();
      const outcome = storeOnce(
        deps.db,
        submissionKey(view),
        now,
        () =>
          insertLocation(
            deps.db,
            { municipalityId: municipality.id, name: form.name, targetGroup: form.targetGroup, stage: form.stage, places: form.places!, occupied: form.occupied!, opensOn: form.opensOn, contact: form.contact, note: form.note },
            body.user.id,
            now,
          ),
        { stored: (r) => r.status === 'created' },
      );
      if (outcome === ALREADY_STORED) {
        await ack();
        return;
      }
      if (outcome.status === 'duplicate') {
        await ack({ response_action: 'errors', errors: { name: `Er is al een locatie met deze naam in ${municipality.name}. Kies een andere naam of werk die locatie bij.` } });
        return;
      }
      await ack();
      await tellPrivately(client, { userId: body.user.id, channelId: meta.channel }, locationCreatedMessage(outcome.location));
    });

    app.view<ViewSubmitAction>(NATIONAL_VIEW, async (args) => {
      const { ack, view, body, client } = args;
      const f = await editorForm(args, deps, 'Landelijke cijfers', nationalSchema);
      if (!f) return;
      const meta = decodeMeta(view.private_metadata);
      const now = deps.clock.now();
      const outcome = storeOnce(deps.db, submissionKey(view), now, () => upsertNational(deps.db, { asOf: f.asOf!, places: f.places!, occupied: f.occupied!, source: f.source }, body.user.id, now));
      await ack();
      if (outcome === ALREADY_STORED) return;
      await tellPrivately(client, { userId: body.user.id, channelId: meta.channel }, nationalSavedMessage(outcome.before, outcome.after));
    });

    app.action<BlockAction<StaticSelectAction>>(TARGET_PICKER, async ({ ack, body, action, client }) => {
      await ack();
      if (!body.view) return;
      const targets = targetsOf(deps.db, region);
      const chosen = targets.find((t) => String(t.id) === action.selected_option.value);
      await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: targetModal(targets, chosen, { channel: decodeMeta(body.view.private_metadata).channel }) });
    });

    app.view<ViewSubmitAction>(TARGET_VIEW, async (args) => {
      const { ack, view, body, client } = args;
      if (await refusedSubmission(args, deps, 'editor', 'Doelen')) return;
      const meta = decodeMeta(view.private_metadata);
      const { fields, blockIds } = formFields(view);
      const checked = validate(targetSchema, { ...fields, target: fields[TARGET_PICKER] });
      if (!checked.ok) {
        await ack({ response_action: 'errors', errors: errorsForView(checked.errors, blockIds) });
        return;
      }
      const { target, ...values } = checked.value;
      const now = deps.clock.now();
      const outcome = storeOnce(
        deps.db,
        submissionKey(view),
        now,
        () => saveTarget(deps.db, region, target, { ...values, number: values.number! }, body.user.id, now),
        { stored: (r) => r.status === 'created' || r.status === 'updated' },
      );
      if (outcome === ALREADY_STORED) {
        await ack();
        return;
      }
      if (outcome.status === 'duplicate_label') {
        await ack({ response_action: 'errors', errors: errorsForView({ label: 'Er is al een doel met deze omschrijving.' }, blockIds) });
        return;
      }
      if (outcome.status === 'not_found') {
        await ack({ response_action: 'errors', errors: { [TARGET_PICKER]: 'Dit doel bestaat niet meer.' } });
        return;
      }
      await ack();
      await tellPrivately(client, { userId: body.user.id, channelId: meta.channel }, targetSavedMessage(outcome.status, outcome.target));
    });

    app.view<ViewSubmitAction>(QUOTA_VIEW, async (args) => {
      const { ack, view, body, client } = args;
      const q = await editorForm(args, deps, 'Taakstelling', quotaSchema);
      if (!q) return;
      const meta = decodeMeta(view.private_metadata);
      const municipality = await regionMunicipality(args, deps, q.municipality);
      if (!municipality) return;
      const now = deps.clock.now();
      const outcome = storeOnce(
        deps.db,
        submissionKey(view),
        now,
        () => saveQuota(deps.db, municipality.id, { halfYear: q.halfYear, quota: q.quota!, housed: q.housed!, carryOver: q.carryOver }, body.user.id, now),
      );
      await ack();
      if (outcome === ALREADY_STORED) return;
      await tellPrivately(client, { userId: body.user.id, channelId: meta.channel }, quotaSavedMessage(outcome.before, outcome.after));
    });

    // Home buttons open the same forms.
    const homeOpen = (actionId: string, needed: Role, view: () => ModalView) =>
      app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, client }) => {
        await ack();
        const refusal = requireRole(deps, body.user.id, needed, actionId);
        if (refusal) {
          await tellPrivately(client, { userId: body.user.id }, { text: refusal });
          return;
        }
        await openModal(client, body.trigger_id, view());
      });
    homeOpen(HOME_LOCATION_UPDATE, 'editor', () => locationUpdateModal(undefined, {}));
    homeOpen(HOME_LOCATION_CREATE, 'editor', () => locationCreateModal(municipalitiesOf(deps.db, region), {}));
    homeOpen(HOME_NATIONAL, 'editor', () => nationalModal(toLocalDay(deps.clock.now()), latestNational(deps.db), {}));

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
const IMPORT_FAILED = 'Het bestand is niet ingelezen: er ging iets mis bij het opslaan, en er is niets opgeslagen. Probeer het opnieuw; blijft het misgaan, waarschuw dan een beheerder.';

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
  const { result: stored, writeMs } = await storeImport(deps.db, { region, key: `import:${file.id}`, rows: check.rows, actor: userId, at: deps.clock.now().toISOString(), report });
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
