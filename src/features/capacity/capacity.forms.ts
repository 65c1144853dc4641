import { escapeMrkdwn } from '../../blockkit/escape';
import { overdueSettings, refreshOverdueQuestions } from '../overdue/overdue.write';
import { LOCATION_CREATE_VIEW, LOCATION_PICKER, LOCATION_UPDATE_VIEW, NATIONAL_VIEW, QUOTA_VIEW, TARGET_PICKER, TARGET_VIEW, THRESHOLDS_VIEW } from '../../blockkit/ids';
import { textMessage, type Message } from '../../blockkit/message';
import { toLocalDay } from '../../format/nl';
import type { Values } from '../../forms/form';
import type { NationalPopulation, Priority, Stage, TargetGroup } from '../../domain/vocabulary';
import { ALREADY_STORED, storeOnce } from '../../store/store-once';
import type { FeatureForm, FormContext, FormOutcome } from '../feature';
import { halfYearOfDay } from '../../domain/dates';
import { carryOverColumn, type LocationRecord } from './capacity';
import { findRegionLocation, latestNationalPerPopulation, municipalitiesOf, saveQuota, saveTarget, searchLocations, targetsOf } from './capacity.store';
import {
  conflictNotice,
  locationChoice,
  locationCreatedMessage,
  locationCreateForm,
  locationUpdatedMessage,
  locationUpdateForm,
  nationalForm,
  nationalSavedMessage,
  carryOverFromValues,
  quotaForm,
  quotaSavedMessage,
  targetForm,
  targetSavedMessage,
  type LocationFormMeta,
  type LocationSearch,
  type TargetFormMeta,
  withOwnerRoleNotice,
} from './capacity.view';
import { alertRoute, createLocation, saveNational, updateLocation } from './figures.write';
import { confirmLocation } from './locations.store';
import { roleOf } from '../access/access.store';
import { readThresholds } from './thresholds.store';
import { rowsFromSettings } from './thresholds';
import { saveThresholds } from './thresholds.write';
import { settingsFromValues, thresholdsForm, thresholdsSavedMessage } from './thresholds.view';

/**
 * Capacity's forms, surface-neutral: each builds its definition from what is stored now and
 * stores a validated submission once (storeOnce), in one transaction with its audit line.
 */

const today = (ctx: FormContext) => toLocalDay(ctx.deps.clock.now());

/** The saved confirmation, with a warning when the location's owner is a lezer (withOwnerRoleNotice). */
function ownerChecked(ctx: FormContext, message: Message, location: LocationRecord): Message {
  return withOwnerRoleNotice(message, location.ownerId, location.ownerId ? roleOf(ctx.deps.db, location.ownerId) : undefined);
}

/** The region's locations, searched by name or municipality; a value resolves only to one of them. */
function locationSearch(ctx: FormContext): LocationSearch {
  const { db, config } = ctx.deps;
  return {
    search: (query) => searchLocations(db, config.region, query).map(locationChoice),
    resolve: (value) => {
      const id = /^\d+$/.test(value) ? Number(value) : Number.NaN;
      const location = Number.isSafeInteger(id) ? findRegionLocation(db, config.region, id) : undefined;
      return location && locationChoice(location);
    },
  };
}

function regionLocation(ctx: FormContext, id: unknown): LocationRecord | undefined {
  return typeof id === 'number' && Number.isSafeInteger(id) ? findRegionLocation(ctx.deps.db, ctx.deps.config.region, id) : undefined;
}

type UpdateOutcome =
  | { kind: 'updated'; before: LocationRecord; after: LocationRecord }
  | { kind: 'confirmed'; after: LocationRecord }
  | { kind: 'conflict'; current: LocationRecord }
  | { kind: 'gone' };

/** /opvang bijwerken: a location's figures, with a version check against lost updates. */
export const locationUpdate: FeatureForm<LocationFormMeta> = {
  id: LOCATION_UPDATE_VIEW,
  role: 'editor',
  build: (ctx, meta) => locationUpdateForm(regionLocation(ctx, meta.id), locationSearch(ctx), today(ctx)),
  redraw: (ctx, _meta, field, value) => {
    if (field !== LOCATION_PICKER) return locationUpdateForm(undefined, locationSearch(ctx), today(ctx));
    return locationUpdateForm(regionLocation(ctx, /^\d+$/.test(value ?? '') ? Number(value) : undefined), locationSearch(ctx), today(ctx));
  },
  searches: { [LOCATION_PICKER]: (ctx, query) => locationSearch(ctx).search(query) },
  submit(values, ctx) {
    const location = regionLocation(ctx, ctx.meta.id);
    if (!location || values.text(LOCATION_PICKER) !== String(location.id)) return { kind: 'errors', errors: { [LOCATION_PICKER]: 'Kies een locatie.' } };
    const { db } = ctx.deps;
    const now = ctx.deps.clock.now();
    const expectedPlaces = values.number('expectedPlaces');
    const outcome = storeOnce<UpdateOutcome>(
      db,
      ctx.submissionKey,
      now,
      () => {
        const result = updateLocation(db, {
          id: location.id,
          expectedVersion: typeof ctx.meta.version === 'number' ? ctx.meta.version : -1,
          actor: ctx.userId,
          at: now,
          alerts: alertRoute(ctx.deps.config),
          patch: {
            places: values.number('places')!,
            occupied: values.number('occupied')!,
            stage: values.text('stage') as Stage,
            expectedPlaces,
            // A figure a person types replaces an estimate ("ca. 150") from the slides.
            ...(expectedPlaces !== location.expectedPlaces ? { expectedIsEstimate: false } : {}),
            opensOn: values.text('opensOn'),
            note: values.text('note'),
            ownerId: values.text('owner'),
          },
        });
        // An overdue question about this location (its Bijwerken button opened this form) says so at once.
        const fresh = (): void => refreshOverdueQuestions(db, location.id, overdueSettings(ctx.deps.config), now);
        switch (result.status) {
          case 'updated':
            fresh();
            return { kind: 'updated', before: result.before, after: result.after };
          // The same figures submitted again: the person checked them today, so they count as fresh.
          case 'unchanged': {
            const after = confirmLocation(db, location.id, ctx.userId, now)!;
            fresh();
            return { kind: 'confirmed', after };
          }
          case 'conflict':
            return { kind: 'conflict', current: result.current };
          case 'not_found':
            return { kind: 'gone' };
        }
      },
      { stored: (o) => o.kind === 'updated' || o.kind === 'confirmed' },
    );
    if (outcome === ALREADY_STORED) return { kind: 'done' };
    switch (outcome.kind) {
      case 'conflict':
        ctx.deps.logger.event('info', 'location.conflict', { user: ctx.userId, location: location.id, by: outcome.current.updatedBy });
        return { kind: 'redraw', form: locationUpdateForm(outcome.current, locationSearch(ctx), today(ctx), conflictNotice(outcome.current)) };
      case 'gone':
        return { kind: 'errors', errors: { [LOCATION_PICKER]: 'Deze locatie bestaat niet meer.' } };
      case 'updated':
        return { kind: 'done', confirmation: ownerChecked(ctx, locationUpdatedMessage(outcome.before, outcome.after), outcome.after) };
      case 'confirmed':
        return {
          kind: 'done',
          confirmation: ownerChecked(ctx, textMessage(`:white_check_mark: Cijfers van *${escapeMrkdwn(outcome.after.name)}* ongewijzigd en als actueel bevestigd.`), outcome.after),
        };
    }
  },
};

/** /opvang locatie: a new location in one of the region's municipalities. */
export const locationCreate: FeatureForm = {
  id: LOCATION_CREATE_VIEW,
  role: 'editor',
  build: (ctx) => locationCreateForm(municipalitiesOf(ctx.deps.db, ctx.deps.config.region), today(ctx)),
  submit(values, ctx) {
    const { db, config } = ctx.deps;
    // Among the form's options, so in the region: checked by the one validation.
    const municipality = municipalitiesOf(db, config.region).find((m) => String(m.id) === values.text('municipality'))!;
    const now = ctx.deps.clock.now();
    const outcome = storeOnce(
      db,
      ctx.submissionKey,
      now,
      () =>
        createLocation(
          db,
          {
            municipalityId: municipality.id,
            name: values.text('name')!,
            targetGroup: values.text('targetGroup') as TargetGroup,
            stage: values.text('stage') as Stage,
            places: values.number('places')!,
            occupied: values.number('occupied')!,
            opensOn: values.text('opensOn'),
            contact: values.text('contact'),
            note: values.text('note'),
            ownerId: values.text('owner'),
          },
          ctx.userId,
          now,
          alertRoute(config),
        ),
      { stored: (r) => r.status === 'created' },
    );
    if (outcome === ALREADY_STORED) return { kind: 'done' };
    if (outcome.status === 'duplicate') {
      return { kind: 'errors', errors: { name: `Er is al een locatie met deze naam in ${municipality.name}. Kies een andere naam of werk die locatie bij.` } };
    }
    return { kind: 'done', confirmation: ownerChecked(ctx, locationCreatedMessage(outcome.location), outcome.location) };
  },
};

/** /opvang landelijk: a population's national figures on a reference date; the same population and date again replaces them. */
export const national: FeatureForm = {
  id: NATIONAL_VIEW,
  role: 'editor',
  build: (ctx) => nationalForm(today(ctx), latestNationalPerPopulation(ctx.deps.db)),
  submit(values, ctx) {
    const { db } = ctx.deps;
    const now = ctx.deps.clock.now();
    // Among the form's options (checked by the one validation), so one of NATIONAL_POPULATIONS.
    const population = values.text('population') as NationalPopulation;
    const figures = { asOf: values.text('asOf')!, population, places: values.number('places')!, occupied: values.number('occupied')!, source: values.text('source') };
    const outcome = storeOnce(db, ctx.submissionKey, now, () => saveNational(db, figures, ctx.userId, now, alertRoute(ctx.deps.config)));
    if (outcome === ALREADY_STORED) return { kind: 'done' };
    return { kind: 'done', confirmation: nationalSavedMessage(outcome.before, outcome.after) };
  },
};

function targetFormFor(ctx: FormContext, id: unknown) {
  const targets = targetsOf(ctx.deps.db, ctx.deps.config.region);
  return targetForm(targets, targets.find((t) => t.id === id), today(ctx));
}

/** /opvang doelen: a new target, or a change to the one picked. */
export const target: FeatureForm<TargetFormMeta> = {
  id: TARGET_VIEW,
  role: 'editor',
  build: (ctx, meta) => targetFormFor(ctx, meta.id),
  redraw: (ctx, _meta, _field, value) => targetFormFor(ctx, /^\d+$/.test(value ?? '') ? Number(value) : undefined),
  submit(values: Values, ctx): FormOutcome {
    const { db, config } = ctx.deps;
    const picked = values.text(TARGET_PICKER);
    const id = picked && picked !== 'new' ? Number(picked) : null;
    const now = ctx.deps.clock.now();
    const fields = {
      targetGroup: values.text('targetGroup') as TargetGroup,
      number: values.number('number')!,
      dueOn: values.text('dueOn'),
      label: values.text('label')!,
      priority: values.text('priority') as Priority,
    };
    const outcome = storeOnce(db, ctx.submissionKey, now, () => saveTarget(db, config.region, id, fields, ctx.userId, now), {
      stored: (r) => r.status === 'created' || r.status === 'updated',
    });
    if (outcome === ALREADY_STORED) return { kind: 'done' };
    if (outcome.status === 'duplicate_label') return { kind: 'errors', errors: { label: 'Er is al een doel met deze omschrijving.' } };
    if (outcome.status === 'not_found') return { kind: 'errors', errors: { [TARGET_PICKER]: 'Dit doel bestaat niet meer.' } };
    return { kind: 'done', confirmation: targetSavedMessage(outcome.status, outcome.target) };
  },
};

/** /opvang taakstelling: a municipality's statushouders quota in a half-year; again replaces it. */
export const quota: FeatureForm = {
  id: QUOTA_VIEW,
  role: 'editor',
  build: (ctx) => quotaForm(municipalitiesOf(ctx.deps.db, ctx.deps.config.region), halfYearOfDay(today(ctx))),
  submit(values, ctx) {
    const { db, config } = ctx.deps;
    const municipality = municipalitiesOf(db, config.region).find((m) => String(m.id) === values.text('municipality'))!;
    const now = ctx.deps.clock.now();
    // The half-year is one of the form's choices, re-checked by the one validation against today's list.
    const q = { halfYear: values.text('halfYear')!, quota: values.number('quota')!, housed: values.number('housed')!, carryOver: carryOverColumn(carryOverFromValues(values)) };
    const outcome = storeOnce(db, ctx.submissionKey, now, () => saveQuota(db, municipality.id, q, ctx.userId, now));
    if (outcome === ALREADY_STORED) return { kind: 'done' };
    return { kind: 'done', confirmation: quotaSavedMessage(outcome.before, outcome.after) };
  },
};

/**
 * /opvang drempels (admins): the region's alert thresholds. Saving measures every subject against
 * them at once (thresholds.write.ts): what is beyond a new threshold is announced right away.
 */
export const thresholds: FeatureForm = {
  id: THRESHOLDS_VIEW,
  role: 'admin',
  build: (ctx) => thresholdsForm(readThresholds(ctx.deps.db, ctx.deps.config.region), ctx.deps.config.alerts.channel),
  submit(values, ctx) {
    const { db, config } = ctx.deps;
    const now = ctx.deps.clock.now();
    const settings = settingsFromValues(values);
    // The thresholds as they are already: nothing to store, nothing to announce (also no audit line).
    const current = readThresholds(db, config.region);
    if (JSON.stringify(rowsFromSettings(settings)) === JSON.stringify(rowsFromSettings(current))) {
      return { kind: 'done', confirmation: thresholdsSavedMessage(settings, [], config.alerts.channel) };
    }
    const outcome = storeOnce(db, ctx.submissionKey, now, () => saveThresholds(db, alertRoute(config), settings, ctx.userId, now));
    if (outcome === ALREADY_STORED) return { kind: 'done' };
    return { kind: 'done', confirmation: thresholdsSavedMessage(settings, outcome.events, config.alerts.channel) };
  },
};

export const capacityForms = [locationUpdate, locationCreate, national, target, quota, thresholds];
