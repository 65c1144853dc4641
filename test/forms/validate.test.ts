import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../src/forms/form';
import { validateForm } from '../../src/forms/validate';

const form: FormDefinition = {
  id: 'test',
  title: 'Test',
  items: [
    { kind: 'note', text: 'uitleg' },
    { kind: 'text', name: 'name', label: 'Naam', maxLength: 10 },
    { kind: 'text', name: 'note', label: 'Notitie', maxLength: 20, multiline: true, optional: true },
    { kind: 'number', name: 'places', label: 'Plekken', max: 500 },
    { kind: 'number', name: 'carry', label: 'Overloop', signed: true, optional: true },
    { kind: 'select', name: 'stage', label: 'Fase', options: [{ label: 'Open', value: 'open' }] },
    { kind: 'checkboxes', name: 'needs', label: 'Bijzonderheid', optional: true, options: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }] },
    { kind: 'date', name: 'asOf', label: 'Peildatum', latest: { day: '2022-05-25', message: 'Niet in de toekomst.' } },
    { kind: 'time', name: 'at', label: 'Tijd', optional: true },
    { kind: 'user', name: 'person', label: 'Persoon', optional: true },
    { kind: 'search', name: 'location', label: 'Locatie', optional: true, search: () => [], resolve: (v) => (v === '7' ? { label: 'Zeven', value: '7' } : undefined) },
  ],
  rules: (v) => (v.number('places') !== null && v.number('places')! > 100 && !v.ticked('needs', 'a') ? { places: 'Meer dan 100 vraagt om A.' } : {}),
};

const valid = { name: ' Sporthal ', places: '1.200'.replace('1.200', '12'), stage: 'open', asOf: '2022-05-24' };

describe('validateForm: one validation from the definition', () => {
  it('reads valid values with their kinds', () => {
    const checked = validateForm(form, { ...valid, carry: '-5', needs: ['b', 'b'], at: '9:30', person: 'U123ABC', location: '7' });
    expect(checked.ok).toBe(true);
    expect(checked.values.toRecord()).toEqual({
      name: 'Sporthal',
      note: null,
      places: 12,
      carry: -5,
      stage: 'open',
      needs: ['b'],
      asOf: '2022-05-24',
      at: '09:30',
      person: 'U123ABC',
      location: '7',
    });
  });

  it('refuses what a crafted or stale submission can carry, each with a Dutch message under its field', () => {
    const checked = validateForm(form, {
      name: 'x'.repeat(4000),
      note: 'a\u0000b',
      places: '1.5',
      carry: '1,000',
      stage: 'gesloten',
      needs: ['a', 'nope'],
      asOf: '2022-02-30',
      at: '25:00',
      person: 'iedereen',
      location: '999',
    });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.errors).toEqual({
      name: 'Maximaal 10 tekens (nu 4.000).',
      note: 'Hier staan tekens die niet in dit veld horen (zoals een regeleinde).',
      places: 'Alleen hele getallen (zoals 1200 of 1.200).',
      carry: 'Schrijf duizendtallen met een punt (1.000) of zonder scheiding (1000), niet met een komma.',
      stage: 'Kies een fase uit de lijst.',
      needs: 'Kies alleen uit de getoonde mogelijkheden.',
      asOf: 'Die datum bestaat niet.',
      at: 'Geen tijd: "25:00" (gebruik bijvoorbeeld 09:30).',
      person: 'Kies een persoon.',
      location: 'Kies een locatie uit de lijst.',
    });
  });

  it('says what is missing, refuses days out of range and numbers out of range', () => {
    const empty = validateForm(form, {});
    expect(!empty.ok && empty.errors).toEqual({ name: 'Naam is verplicht.', places: 'Plekken: vul een getal in.', stage: 'Kies een fase.', asOf: 'Kies een peildatum.' });
    const far = validateForm(form, { ...valid, asOf: '2999-01-01', places: '501' });
    expect(!far.ok && far.errors).toEqual({ asOf: 'Niet in de toekomst.', places: 'Maximaal 500.' });
    const old = validateForm(form, { ...valid, asOf: '1999-12-31' });
    expect(!old.ok && old.errors).toEqual({ asOf: 'Kies een datum tussen 1 januari 2000 en 31 december 2099.' });
  });

  it('refuses a newline in a one-line field, an array where one value belongs, and takes a lone string for checkboxes', () => {
    const checked = validateForm(form, { ...valid, name: 'a\nb', stage: ['open', 'open'], needs: 'a' });
    expect(!checked.ok && checked.errors).toEqual({ name: 'Hier staan tekens die niet in dit veld horen (zoals een regeleinde).', stage: 'Dit veld neemt één waarde.' });
    expect(checked.values.list('needs')).toEqual(['a']);
  });

  it('runs the form rules on what parsed, never over a field error', () => {
    const rule = validateForm(form, { ...valid, places: '200' });
    expect(!rule.ok && rule.errors).toEqual({ places: 'Meer dan 100 vraagt om A.' });
    expect(validateForm(form, { ...valid, places: '200', needs: ['a'] }).ok).toBe(true);
    const both = validateForm(form, { ...valid, places: 'twee' });
    expect(!both.ok && both.errors.places).toContain('Geen geldig getal');
  });
});
