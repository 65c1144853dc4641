import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLocalDay } from '../../src/format/nl';
import { startBot, type TestBot } from '../support/bot';
import { extendForConformance, LARGE, NATIONAL_NOW, nationalDir } from '../support/datasets';
import { glossaryProblems } from '../../src/domain/glossary';
import { glossaryViolations, renderedTexts } from '../support/rendered';
import { EVERY_BUTTON, runConformance, USERS, type RunReport } from './run';
import { forms } from './surfaces';

/**
 * The conformance run on the national-scale dataset (src/store/synthetic.ts), extended with many
 * locations in one municipality, many kinds of open shift on one day, many targets, CNO groups and
 * a noodknop request with many offers: long lists must be summarised, never refused.
 */
let bot: TestBot;
let dir: string;
let report: RunReport | undefined;
beforeAll(async () => {
  dir = nationalDir();
  bot = await startBot({
    dir,
    seed: false,
    now: NATIONAL_NOW,
    env: { DIGEST_CHANNEL: 'C0DIGEST', NOODKNOP_CHANNEL: 'C0NOOD', NOODKNOP_MENTION: '<!here>', BACKUP_DIR: join(dir, 'backups') },
  });
  const now = bot.clock.now();
  extendForConformance(bot.deps.db, { region: bot.deps.config.region, now, today: toLocalDay(now), assignee: USERS.admin, size: LARGE });
}, 60_000);
afterAll(async () => {
  await bot.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('conformance on the national-scale dataset', () => {
  it('every surface, as every role: nothing Slack would refuse', async () => {
    report = await runConformance(bot);
    expect(report.problems).toEqual([]);
    // Every form of surfaces.ts was opened and submitted, and every kind of button was clicked.
    expect(report.forms).toEqual(Object.keys(forms).sort());
    expect(report.buttons).toEqual(expect.arrayContaining(EVERY_BUTTON));
    // Long lists were summarised, not cut silently: the posts say how much more there is.
    const posted = bot.fake.calls.filter((c) => c.status === 200).map((c) => JSON.stringify(c.body.blocks ?? c.body.view ?? ''));
    expect(posted.some((p) => /soorten open diensten meer/.test(p))).toBe(true);
    expect(posted.some((p) => /…en \d+ groepen meer/.test(p))).toBe(true);
    expect(report.counts.commands).toBeGreaterThan(100);
    expect(report.counts.submissions).toBeGreaterThan(40);
    expect(report.counts.clicks).toBeGreaterThan(20);
  }, 120_000);

  it('every text it rendered passes the glossary (docs/woordenlijst.md)', () => {
    expect(report, 'the run above').toBeDefined();
    const rendered = renderedTexts(bot.fake.calls, report!.answers);
    expect(rendered.length).toBeGreaterThan(500);
    expect(glossaryViolations(rendered, glossaryProblems)).toEqual([]);
  });
});
