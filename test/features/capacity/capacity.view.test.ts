import { describe, expect, it } from 'vitest';
import {
  conflictNotice,
  locationUpdatedMessage,
  locationUpdateForm,
  matchProblemMessage,
  nationalSavedMessage,
  quotaText,
} from '../../../src/features/capacity/capacity.view';
import { formModal, readSubmission } from '../../../src/slack/form-modal';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { visibleText } from '../../support/bot';
import { location } from '../../support/fixtures';

describe('capacity.view: what an editor reads after saving', () => {
  it('a location update names the changed figures before → after and what is free now', () => {
    const text = visibleText(locationUpdatedMessage(location(), location({ places: 80, occupied: 30, version: 2 })));
    expect(text).toContain('*Sporthal Ommen* (Ommen) bijgewerkt: plekken 75 → 80, bezet 20 → 30. Nu 80 plekken, 30 bezet, 50 beschikbaar.');
    expect(text).not.toContain('overbezet');
  });

  it('an update above the places warns about overoccupancy and shows 0 free, never a negative', () => {
    const text = visibleText(locationUpdatedMessage(location(), location({ places: 80, occupied: 90, version: 2 })));
    expect(text).toContain('Nu 80 plekken, 90 bezet, 0 beschikbaar :warning: overbezet.');
  });

  it('national figures replaced on the same reference date show old → new and the occupancy rate', () => {
    const text = visibleText(
      nationalSavedMessage(
        { asOf: '2022-05-24', population: 'oekrainers_gemeenten', places: 46_000, occupied: 39_000, source: null },
        { asOf: '2022-05-24', population: 'oekrainers_gemeenten', places: 46_091, occupied: 38_950, source: 'Rijksoverheid' },
      ),
    );
    expect(text).toContain('Landelijke cijfers Oekraïners (noodopvang gemeenten) van 24 mei 2022 *vervangen*: plekken 46.000 → 46.091, bezet 39.000 → 38.950 (84,5%).');
  });

  it('a quota reads as housed of required, with the carry-over and achterstand', () => {
    expect(quotaText({ quota: 60, housed: 40, carryOver: 5 })).toBe('40 van 65 gehuisvest (taakstelling 60, achterstand vorig halfjaar 5) · achterstand 25');
    expect(quotaText({ quota: 60, housed: 70, carryOver: 0 })).toBe('70 van 60 gehuisvest · voorsprong 10');
  });
});

describe('capacity.view: conflicts and ambiguity', () => {
  it('a conflict says who changed the location when, and that nothing was stored', () => {
    const notice = conflictNotice(location({ updatedBy: 'UFAST1' }));
    expect(notice).toContain('*Niet opgeslagen:* <@UFAST1> heeft Sporthal Ommen op 24 mei 2022 16:30 gewijzigd');
  });

  it('two locations with one name are offered as commands that pick one', () => {
    const text = visibleText(
      matchProblemMessage('sporthal', 'many', [
        { id: 1, name: 'Sporthal', municipality: 'Ommen' },
        { id: 2, name: 'Sporthal', municipality: 'Zwolle' },
      ]),
    );
    expect(text).toContain('• `/opvang bijwerken Sporthal (Ommen)`');
    expect(text).toContain('• `/opvang bijwerken Sporthal (Zwolle)`');
  });
});

describe('capacity.view: the update form', () => {
  const picker = { search: () => [], resolve: (value: string) => (value === '1' ? { label: 'Sporthal Ommen (Ommen)', value: '1' } : undefined) };

  it('is filled with the current figures under block ids suffixed with id and version, which map back to field names', () => {
    const view = formModal(locationUpdateForm(location({ version: 3 }), picker, '2022-05-25'), { channel: 'C1' });
    const byBlock = Object.fromEntries(view.blocks.flatMap((b: any) => (b.block_id ? [[b.block_id, b.element?.initial_value]] : [])));
    expect(byBlock['places:1-3']).toBe('75');
    expect(byBlock['occupied:1-3']).toBe('20');
    const submitted = readSubmission({ private_metadata: view.private_metadata, state: { values: { 'places:1-3': { 'places:1-3': { value: '80' } }, 'occupied:1-3': { 'occupied:1-3': { value: '30' } }, note: { note: { value: 'x' } } } } });
    expect(submitted.raw).toEqual({ places: '80', occupied: '30', note: 'x' });
    expect(submitted.channel).toBe('C1');
    expect(JSON.parse(view.private_metadata!)).toMatchObject({ id: 1, version: 3, channel: 'C1' });
    expect(blockKitViolations('modal', view as never)).toEqual([]);
  });
});
