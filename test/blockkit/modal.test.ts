import { describe, expect, it } from 'vitest';
import { firstInputBlockId, fitOptions, option, readFields, staticSelect } from '../../src/blockkit/modal';

describe('readFields', () => {
  it('flattens a submitted view state into field values by block id', () => {
    const fields = readFields({
      state: {
        values: {
          places: { places: { value: '1.200' } },
          stage: { stage: { selected_option: { value: 'operationeel' } } },
          opensOn: { opensOn: { selected_date: '2022-06-01' } },
          overbezetting: { overbezetting: { selected_options: [{ value: 'overbezetting' }] } },
          note: { note: { value: null } },
        },
      },
    });
    expect(fields).toEqual({ places: '1.200', stage: 'operationeel', opensOn: '2022-06-01', overbezetting: ['overbezetting'], note: undefined });
  });
});

describe('selects', () => {
  const many = Array.from({ length: 150 }, (_, i) => option(`Locatie ${i}`, String(i)));
  it('show at most 100 options and always the chosen one', () => {
    const shown = fitOptions(many, '140');
    expect(shown).toHaveLength(100);
    expect(shown.at(-1)!.value).toBe('140');
    const select = staticSelect(many, '140');
    expect(select.initial_option?.value).toBe('140');
  });
});

describe('firstInputBlockId', () => {
  it('is the first input block, never a section (errors may only name input blocks)', () => {
    expect(firstInputBlockId({ blocks: [{ type: 'section', block_id: 'intro' }, { type: 'input', block_id: 'places' }] })).toBe('places');
  });
});
