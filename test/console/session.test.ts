import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertLocation, municipalitiesOf } from '../../src/features/capacity/capacity.store';
import { findLocation } from '../../src/features/capacity/locations.store';
import { updateLocation } from '../../src/features/capacity/figures.write';
import { snapshot } from '../support/snapshot';
import { scriptedConsole, type ScriptedConsole } from '../support/console';

/**
 * The console runs the same forms and buttons as Slack: fields asked one by one with the modal's
 * label, hint, current value and choices, the same validation and the same Dutch errors, only the
 * wrong fields asked again, `annuleren` leaving without storing.
 */

let c: ScriptedConsole;
beforeEach(async () => {
  c = await scriptedConsole({ DIGEST_CHANNEL: 'C0TEAM' });
});
afterEach(async () => {
  await c.close();
});

const count = (sql: string) => c.deps.db.prepare(sql).pluck().get() as number;

describe('forms in the console', () => {
  it('landelijk: asks each field with its label and current value, gives Slack\'s error for a wrong number, asks only that again, and stores', async () => {
    const out = await c.type('/opvang landelijk', '', '24-05-2022', '46.09,1', '38.949', '', '', '46.591');
    expect(out).toContain('LANDELIJKE CIJFERS');
    expect(out).toContain('Laatst ingevoerd: Oekraïners (noodopvang gemeenten): 24 mei 2022, 46.091 plekken, 38.949 bezet.');
    expect(out).toContain('Peildatum (dd-mm-jjjj) [25-05-2022]: 24-05-2022');
    expect(out).toContain('[1] Overbezetting: bezet mag meer zijn dan plekken');
    // The same message Slack shows under the field.
    expect(out).toContain('✗ Plekken (landelijk): Alleen hele getallen (zoals 1200 of 1.200).');
    const again = out.slice(out.indexOf('Verbeter wat niet klopt:'));
    expect(again).toContain('Plekken (landelijk) [46.09,1]: 46.591');
    expect(again).not.toContain('Bezet (landelijk)');
    expect(out).toContain('✅ Landelijke cijfers Oekraïners (noodopvang gemeenten) van 24 mei 2022 *vervangen*'.replace(/\*/g, ''));
    const stand = await c.type('stand');
    expect(stand).toContain('46.591 plekken · 38.949 bezet');
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'national.update' AND actor = 'UADMIN1'")).toBe(1);
  });

  it('taakstelling: the half-year and the carry-over as choices, a missing amount asked again, stored as the signed column', async () => {
    const out = await c.type('/opvang taakstelling', '1', '4', '120', '60', '2', '', '15');
    expect(out).toContain('[4] 2022-II (jul–dec)');
    expect(out).toContain('[2] Achterstand (te weinig gehuisvest)');
    expect(out).toContain('✗ Hoeveel achterstand of voorsprong: Vul in hoeveel achterstand er is, of kies "Geen".');
    expect(out).toContain('✅ Taakstelling Dalfsen 2022-II (jul–dec): 60 van 135 gehuisvest (taakstelling 120, achterstand vorig halfjaar 15) · achterstand 75.');
    // Achterstand is stored as today's signed column: positive.
    expect(c.deps.db.prepare("SELECT quota, housed, carry_over AS carryOver FROM housing_quotas WHERE half_year = '2022-II'").get()).toEqual({ quota: 120, housed: 60, carryOver: 15 });
  });

  it('annuleren and Ctrl-C leave a form and store nothing', async () => {
    const before = snapshot(c.deps.db);
    expect(await c.type('locatie', 'Sporthal', 'annuleren')).toContain('Formulier gestopt; er is niets opgeslagen.');
    expect(await c.type('landelijk', '^C')).toContain('Formulier gestopt; er is niets opgeslagen.');
    expect(snapshot(c.deps.db)).toEqual(before);
  });

  it('locatie: numbered choices, a required field asked again at once, a duplicate name refused like in Slack', async () => {
    const zwolle = municipalitiesOf(c.deps.db, 'VR04').findIndex((m) => m.name === 'Zwolle') + 1;
    const out = await c.type('locatie', '', 'Sporthal De Kroon', String(zwolle), '2', '', '70', '10', '', '', 'Jan', '', '');
    expect(out).toContain('Naam is verplicht.');
    expect(out).toContain(`[${zwolle}] Zwolle`);
    expect(out).toContain('Fase (nummer) [In overweging]: ');
    expect(out).toContain('✅ Locatie Sporthal De Kroon toegevoegd in Zwolle: Crisisnoodopvang (CNO)');
    const dup = await c.type('locatie', 'sporthal de kroon', String(zwolle), '2', '', '1', '0', '', '', '', '', '', 'annuleren');
    expect(dup).toContain('✗ Naam: Er is al een locatie met deze naam in Zwolle.');
    expect(count("SELECT count(*) FROM locations WHERE name LIKE 'Sporthal De Kroon'")).toBe(1);
  });

  it('bijwerken: the picker searches by part of a name, the form fills with the figures, a conflict shows the current ones', async () => {
    const m = municipalitiesOf(c.deps.db, 'VR04').find((x) => x.name === 'Ommen')!;
    const created = insertLocation(c.deps.db, { municipalityId: m.id, name: 'Sporthal Ommen', targetGroup: 'oekrainers', stage: 'operationeel', places: 75, occupied: 20, opensOn: null, contact: null, note: null }, 'UOLD1', new Date('2022-05-20T08:00:00Z'));
    if (created.status !== 'created') throw new Error('no location');
    const id = created.location.id;
    const out = await c.type('bijwerken', 'sporthal', '1', '80', '30', '', '', '', '', '', '');
    expect(out).toContain('[1] Sporthal Ommen (Ommen)');
    expect(out).toContain('Plekken [75]: 80');
    expect(out).toContain('Bezet [20]: 30');
    expect(out).toContain('Sporthal Ommen (Ommen) bijgewerkt: plekken 75 → 80, bezet 20 → 30');
    expect(findLocation(c.deps.db, id)).toMatchObject({ places: 80, occupied: 30, version: 2 });

    // Someone else saves while the form is open: the console shows who, and the current figures.
    let moved = false;
    const io = c.session.io as { ask: (p: string) => Promise<unknown> };
    const ask = io.ask.bind(io);
    io.ask = async (prompt: string) => {
      if (!moved && prompt.startsWith('Notitie')) {
        moved = true;
        updateLocation(c.deps.db, { id, patch: { occupied: 50 }, actor: 'UFAST1', at: c.clock.now(), expectedVersion: 2 });
      }
      return ask(prompt);
    };
    const conflict = await c.type('bijwerken Sporthal Ommen', '', '81', '', '', '', '', '', '', '', '', '', '', '', '', '');
    expect(conflict).toContain('Niet opgeslagen: @UFAST1 heeft Sporthal Ommen op 25 mei 2022 09:00 gewijzigd');
    expect(conflict).toContain('Bezet [50]');
    expect(findLocation(c.deps.db, id)).toMatchObject({ occupied: 50, places: 80, version: 3 });
  });

  it('als switches the user: a viewer is refused, an editor made by rechten @naam may', async () => {
    const help = await c.type('help');
    expect(help).toContain('/opvang noodknop [lijst]');
    expect(help).toContain('/opvang als <id of naam>');
    expect(help).toContain('annuleren (of Ctrl-C)');
    expect(await c.type('als')).toContain('Je bent @UADMIN1 (beheerder)');
    expect(await c.type('als piet')).toContain('Je bent nu @piet (UPIET), rol: lezer.');
    expect(await c.type('taakstelling')).toContain('Hiervoor heb je de rol bewerker nodig. Er is niets opgeslagen. Vraag @UADMIN1 om je de rol bewerker te geven.');
    await c.type('als UADMIN1');
    expect(await c.type('rechten @piet bewerker')).toContain('@piet is nu bewerker (was lezer).');
    await c.type('als piet');
    const out = await c.type('taakstelling', 'Ommen', '', '10', '4', '', '');
    expect(out).toContain('Taakstelling Ommen 2022-I (jan–jun): 4 van 10 gehuisvest');
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'quota.create' AND actor = 'UPIET'")).toBe(1);
  });
});

describe('buttons in the console', () => {
  it('numbers buttons under a message; pressing one runs it as the current user, and posts show where they would go', async () => {
    await c.type('rooster patroon', '13-06-2022', '13-06-2022', '07-15', '1', '1', 'Begeleider', '');
    c.clock.set('2022-06-12T12:00:00+02:00');
    // Taking a shift needs the editor role (at the moment of the click).
    await c.type('rechten @piet bewerker', 'als piet');
    const list = await c.type('rooster diensten');
    const claim = /\[(\d+)\] Ik neem deze dienst: 07:00–15:00 · COA/.exec(list);
    expect(claim).not.toBeNull();
    const claimed = await c.type(claim![1]!);
    expect(claimed).toContain('── bericht bijgewerkt ──');
    expect(claimed).toContain('✅ De dienst is van jou: ma 13 jun 07:00–15:00 · COA · Begeleider');
    expect(c.deps.db.prepare('SELECT slack_user_id FROM shifts').pluck().get()).toBe('UPIET');
    // The replaced message's buttons no longer press.
    expect(await c.type(claim![1]!)).toContain(`Er is geen knop [${claim![1]}].`);

    const back = /\[(\d+)\] Dienst teruggeven/.exec(claimed);
    const handed = await c.type(back![1]!);
    expect(handed).toContain('Je hebt de dienst teruggegeven');
    // What the bot tells the team channel goes through the outbox; the console prints it where it would go.
    expect(handed).toContain('── digest-kanaal C0TEAM ──');
    expect(handed).toContain('@piet heeft een dienst teruggegeven; hij is weer open');
    expect(c.deps.db.prepare('SELECT slack_user_id FROM shifts').pluck().get()).toBeNull();
  });

  it('a select in a message asks which option; the form it opens is the Slack one', async () => {
    const roster = await c.type('rooster');
    const edit = /\[(\d+)\] Periode wijzigen of verwijderen…/.exec(roster);
    expect(edit).not.toBeNull();
    const out = await c.type(edit![1]!, '1', 'annuleren');
    expect(out).toContain('PERIODE WIJZIGEN');
    expect(out).toContain('Formulier gestopt; er is niets opgeslagen.');
  });
});

describe('posts and jobs in the console', () => {
  it('the noodknop: the broadcast where Slack would post it, an offer withdrawn after Slack\'s confirmation, the reminder job in the thread', async () => {
    const m = municipalitiesOf(c.deps.db, 'VR04').find((x) => x.name === 'Ommen')!;
    insertLocation(c.deps.db, { municipalityId: m.id, name: 'Sporthal Ommen', targetGroup: 'cno', stage: 'operationeel', places: 40, occupied: 10, opensOn: null, contact: null, note: null }, 'UOLD1', new Date('2022-05-20T08:00:00Z'));
    const pressed = await c.type('noodknop', '6', '', '', '', '', '', '', '', '', '');
    expect(pressed).toContain('── noodknop-kanaal CNOODKNOP ──');
    const offerButton = /\[(\d+)\] Plekken aanbieden/.exec(pressed)![1]!;
    const offered = await c.type(offerButton, 'Sporthal', '', '2', '', '');
    expect(offered).toContain('── bijgewerkt, noodknop-kanaal CNOODKNOP ──');
    expect(offered).toContain('2 van 6 plekken aangeboden');
    expect(offered).toContain('── in de draad, noodknop-kanaal CNOODKNOP ──');
    const withdraw = /\[(\d+)\] Aanbod intrekken/.exec(offered)![1]!;
    // The button's confirmation, as Slack shows it, first.
    expect(await c.type(withdraw, 'n')).toContain('Niets gedaan.');
    const withdrawn = await c.type(withdraw, 'j');
    expect(withdrawn).toContain('Aanbod intrekken? Je trekt 2 plekken in. (j/n) j');
    expect(withdrawn).toContain('ingetrokken door @UADMIN1');
    expect(c.deps.db.prepare('SELECT count(*) FROM noodknop_offers WHERE withdrawn_at IS NOT NULL').pluck().get()).toBe(1);

    c.clock.set('2022-05-25T10:05:00+02:00');
    const reminded = await c.runJob('noodknop.escalation');
    expect(reminded).toContain('── in de draad, noodknop-kanaal CNOODKNOP ──');
    expect(reminded).toContain('Herinnering: nog 6 plekken nodig vóór do 26 mei 09:00');
  });

  it('the morning digest goes to the digest channel when its time has come, once', async () => {
    expect(await c.runJob('digest')).toContain('── digest-kanaal C0TEAM ──');
    expect(c.out()).toContain('OCHTENDOVERZICHT OPVANG IJSSELLAND · 25 MEI 2022');
    expect(await c.runJob('digest')).not.toContain('OCHTENDOVERZICHT');
    // An admin's /opvang digest nu in the console: refused for today, as in Slack.
    expect(await c.type('digest nu')).toContain('Het overzicht van vandaag is al om');
  });

  it('the overdue question is printed as its owner\'s direct message; Klopt nog presses, and the message says so', async () => {
    const m = municipalitiesOf(c.deps.db, 'VR04').find((x) => x.name === 'Ommen')!;
    insertLocation(c.deps.db, { municipalityId: m.id, name: 'Sporthal Ommen', targetGroup: 'oekrainers', stage: 'operationeel', places: 40, occupied: 10, opensOn: null, contact: null, note: null, ownerId: 'UADMIN1' }, 'UADMIN1', new Date('2022-05-17T07:00:00Z'));
    const asked = await c.runJob('overdue');
    expect(asked).toContain('── privébericht aan @UADMIN1 ──');
    expect(asked).toContain('Kloppen deze cijfers nog?');
    expect(asked).toContain('Laatst bijgewerkt 17 mei 2022 09:00 door @UADMIN1 (8 dagen geleden)');
    const confirm = /\[(\d+)\] Klopt nog/.exec(asked)![1]!;
    const confirmed = await c.type(confirm);
    expect(confirmed).toContain('── bijgewerkt, privébericht aan @UADMIN1 ──');
    expect(confirmed).toContain('Klopt nog: bevestigd door @UADMIN1 op 25 mei 2022 09:00. Weer actueel.');
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'location.confirm'")).toBe(1);
  });

  it('/opvang digest nu posts the digest where Slack would, with its chart in the thread', async () => {
    const out = await c.type('digest nu');
    expect(out).toContain('── digest-kanaal C0TEAM ──');
    expect(out).toContain('OCHTENDOVERZICHT OPVANG IJSSELLAND');
    expect(out).toContain('Het ochtendoverzicht van vandaag staat in #C0TEAM');
  });
});

