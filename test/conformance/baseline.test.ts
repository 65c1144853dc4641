import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLocalDay } from '../../src/format/nl';
import { startBot, type TestBot } from '../support/bot';
import { baselineDir, extendForConformance, SMALL } from '../support/datasets';
import { glossaryProblems } from '../../src/domain/glossary';
import { glossaryViolations, renderedTexts } from '../support/rendered';
import { EVERY_BUTTON, runConformance, USERS, type RunReport } from './run';
import { forms } from './surfaces';

/** The conformance run on the 2022 baseline (plus a few rows so every job has something to post). */
let bot: TestBot;
let dir: string;
let report: RunReport | undefined;
beforeAll(async () => {
  dir = baselineDir();
  bot = await startBot({
    dir,
    seed: false,
    now: '2022-05-25T09:00:00+02:00',
    env: { DIGEST_CHANNEL: 'C0DIGEST', NOODKNOP_CHANNEL: 'C0NOOD', NOODKNOP_MENTION: '<!here>', BACKUP_DIR: join(dir, 'backups') },
  });
  const now = bot.clock.now();
  extendForConformance(bot.deps.db, { region: bot.deps.config.region, now, today: toLocalDay(now), assignee: USERS.admin, size: SMALL });
});
afterAll(async () => {
  await bot.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('conformance on the 2022 baseline', () => {
  it('every surface, as every role: nothing Slack would refuse', async () => {
    report = await runConformance(bot);
    expect(report.problems).toEqual([]);
    // Every form of surfaces.ts was opened and submitted, and every kind of button was clicked.
    expect(report.forms).toEqual(Object.keys(forms).sort());
    expect(report.buttons).toEqual(expect.arrayContaining(EVERY_BUTTON));
    // The run really drove the surfaces (a run that did nothing would also find nothing).
    expect(report.counts.commands).toBeGreaterThan(100);
    expect(report.counts.submissions).toBeGreaterThan(40);
    expect(report.counts.clicks).toBeGreaterThan(20);
    expect(report.counts.jobs).toBeGreaterThan(10);
  }, 60_000);

  it('every text it rendered passes the glossary (docs/woordenlijst.md)', () => {
    expect(report, 'the run above').toBeDefined();
    const rendered = renderedTexts(bot.fake.calls, report!.answers);
    expect(rendered.length).toBeGreaterThan(500);
    expect(glossaryViolations(rendered, glossaryProblems)).toEqual([]);
  });
});
