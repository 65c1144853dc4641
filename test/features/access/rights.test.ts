import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockKitViolations } from '../../support/conformance/block-kit-rules';
import { ADMIN, startBot, visibleText, type TestBot } from '../../support/bot';

let bot: TestBot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.close();
});

const roleOf = (user: string) => bot.deps.db.prepare('SELECT role FROM user_roles WHERE slack_user_id = ?').pluck().get(user);
const say = async (text: string, user = ADMIN) => {
  const reply = (await bot.command(text, user)).json();
  expect(reply.response_type).toBe('ephemeral');
  expect(blockKitViolations('message', reply)).toEqual([]);
  return visibleText(reply);
};

describe('/opvang rechten', () => {
  it('lets an admin give and take roles, with an audit line for each change', async () => {
    expect(await say('rechten <@UEDIT1|jan> bewerker')).toContain('<@UEDIT1> is nu bewerker (was lezer).');
    expect(roleOf('UEDIT1')).toBe('editor');
    expect(await say('rechten <@UEDIT1|jan> editor')).toContain('<@UEDIT1> is al bewerker. Er is niets gewijzigd.');
    expect(await say('rechten <@UBOSS1> admin')).toContain('<@UBOSS1> is nu beheerder (was lezer).');

    const list = await say('rechten');
    expect(list).toContain('<@UADMIN1>: beheerder · sinds 25 mei 2022 09:00 door de installatie');
    expect(list).toContain('<@UEDIT1>: bewerker · sinds 25 mei 2022 09:00 door <@UADMIN1>');

    expect(await say('rechten <@UEDIT1|jan> weg')).toContain('Rechten van <@UEDIT1> ingetrokken: was bewerker, nu lezer.');
    expect(roleOf('UEDIT1')).toBe('viewer');
    const audit = bot.deps.db
      .prepare("SELECT action, actor, before_json AS b, after_json AS a FROM audit_log WHERE entity = 'user_role' AND entity_id = 'UEDIT1' ORDER BY id")
      .all();
    expect(audit).toEqual([
      { action: 'role.grant', actor: ADMIN, b: '{"role":"viewer"}', a: '{"role":"editor"}' },
      { action: 'role.revoke', actor: ADMIN, b: '{"role":"editor"}', a: '{"role":"viewer"}' },
    ]);
    // the new editor can write, the revoked one cannot
    expect(await say('rechten <@UEDIT2> bewerker')).toContain('nu bewerker');
    expect(await say('locatie', 'UEDIT1')).toContain('Hiervoor heb je de rol bewerker nodig. Er is niets opgeslagen. Vraag <@UADMIN1> of <@UBOSS1> om je de rol bewerker te geven.');
  });

  it('refuses non-admins privately and stores nothing', async () => {
    await say('rechten <@UEDIT1> bewerker');
    expect(await say('rechten <@UEDIT1> beheerder', 'UEDIT1')).toContain('Dit mag alleen een beheerder. Er is niets opgeslagen. Vraag <@UADMIN1> om je beheerder te maken.');
    expect(await say('rechten', 'UREADER1')).toContain('Dit mag alleen een beheerder');
    expect(roleOf('UEDIT1')).toBe('editor');
    expect(bot.deps.db.prepare("SELECT count(*) FROM audit_log WHERE actor = 'UEDIT1'").pluck().get()).toBe(0);
  });

  it('says so when taking away a role nobody had, and tells that person nothing', async () => {
    expect(await say('rechten <@UNOBODY1> weg')).toContain('<@UNOBODY1> had geen rechten en blijft lezer.');
    expect(roleOf('UNOBODY1')).toBe('viewer');
    await bot.idle();
    expect(bot.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'DUNOBODY1')).toEqual([]);
  });

  it('names the admins in a refusal, and how to get one when there is none', async () => {
    bot.deps.db.prepare("DELETE FROM user_roles WHERE role = 'admin'").run();
    expect(await say('locatie', 'UEDIT9')).toContain('Er is nog geen beheerder. Wie de bot heeft geïnstalleerd, maakt de eerste beheerder');
    for (const id of ['UA1', 'UA2', 'UA3', 'UA4']) bot.deps.db.prepare("INSERT INTO user_roles (slack_user_id, role, granted_by, granted_at) VALUES (?, 'admin', 'UADMIN1', '2022-05-01T00:00:00Z')").run(id);
    expect(await say('locatie', 'UEDIT9')).toContain('Vraag <@UA1>, <@UA2> of <@UA3> (of een andere beheerder) om je de rol bewerker te geven.');
  });

  it('keeps at least one admin and explains unclear requests', async () => {
    expect(await say('rechten <@UADMIN1> weg')).toContain('de laatste beheerder');
    expect(roleOf(ADMIN)).toBe('admin');
    expect(await say('rechten jan bewerker')).toContain('Noem de gebruiker met @');
    expect(await say('rechten <@UEDIT1> koning')).toContain('Geef een rol: `beheerder`, `bewerker`, `lezer`');
  });
});
