import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('without tokens chooses the local console with the documented defaults', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.slack).toEqual({ mode: 'console' });
    expect(result.config.databasePath).toBe('db/opvang.sqlite');
    expect(result.config.region).toBe('VR04');
    expect(result.config.digest.cron).toBe('30 7 * * *');
    expect(result.config.port).toBe(3000);
    expect(result.config.slackApiUrl).toBe('https://slack.com/api/');
    expect(result.config.noodknop.escalateMinutes).toBe(60);
    // Charts are drawn in a short-lived child process unless told otherwise.
    expect(result.config.charts).toEqual({ renderer: 'process' });
  });

  it('takes CHART_RENDERER inline or process, and says so in Dutch otherwise', () => {
    const inline = loadConfig({ CHART_RENDERER: 'inline' });
    expect(inline.ok && inline.config.charts.renderer).toBe('inline');
    expect(loadConfig({ CHART_RENDERER: 'browser' })).toEqual({ ok: false, problems: ['CHART_RENDERER: moet process of inline zijn'] });
  });

  it('chooses Socket Mode when an app token is set, HTTP mode otherwise', () => {
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(socket.ok && socket.config.slack.mode).toBe('socket');
    const http = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '4000' });
    expect(http.ok && http.config.slack).toEqual({ mode: 'http', botToken: 'xoxb-1', signingSecret: 's', port: 4000 });
  });

  it('reports one clear line per problem', () => {
    const result = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', PORT: 'abc', REGION: 'VR99', OPVANG_ADMINS: 'UOK1,bob', OPVANG_NOW: 'gisteren' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // The four bad values and, in the same pass, the signing secret HTTP mode needs.
    expect(result.problems).toHaveLength(5);
    expect(result.problems.find((p) => p.startsWith('PORT:'))).toBe('PORT: moet een poortnummer zijn (een heel getal van 0 tot en met 65535)');
    expect(result.problems.find((p) => p.startsWith('SLACK_SIGNING_SECRET:'))).toContain('nodig in HTTP-modus');
    expect(result.problems.find((p) => p.startsWith('REGION:'))).toContain('VR01–VR25');
    expect(result.problems.find((p) => p.startsWith('OPVANG_ADMINS'))).toContain('ongeldige Slack-gebruikers-id');
  });

  it('checks DIGEST_CRON with node-cron, the library that runs it', () => {
    expect(loadConfig({ DIGEST_CRON: '0 8 * * mon-fri' }).ok).toBe(true);
    for (const bad of ['61 7 * * *', '30 7 * *', 'elke ochtend']) {
      const result = loadConfig({ DIGEST_CRON: bad });
      expect(result).toEqual({ ok: false, problems: [expect.stringMatching(/^DIGEST_CRON: moet een cron-uitdrukking zijn/)] });
    }
  });

  it('needs a signing secret in HTTP mode', () => {
    const result = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(result).toEqual({ ok: false, problems: [expect.stringContaining('SLACK_SIGNING_SECRET')] });
  });

  it('parses OPVANG_ADMINS and OPVANG_NOW', () => {
    const result = loadConfig({ OPVANG_ADMINS: ' UAAA1, UBBB2 ', OPVANG_NOW: '2022-05-25T09:00:00+02:00' });
    expect(result.ok && result.config.admins).toEqual(['UAAA1', 'UBBB2']);
    expect(result.ok && result.config.startAt?.toISOString()).toBe('2022-05-25T07:00:00.000Z');
  });

  it('says every value in Dutch, whatever is wrong with it', () => {
    const result = loadConfig({ PORT: '1.5', BACKUP_KEEP: '0', NOODKNOP_ESCALATE_MINUTES: 'veel', SLACK_API_URL: 'ftp://x', LOG_FORMAT: 'xml', LOG_LEVEL: 'luid', DATABASE_PATH: ' ' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.split(':')[0])).toEqual(['SLACK_API_URL', 'PORT', 'DATABASE_PATH', 'NOODKNOP_ESCALATE_MINUTES', 'BACKUP_KEEP', 'LOG_FORMAT', 'LOG_LEVEL']);
    for (const problem of result.problems) expect(problem).toMatch(/: (moet|mag) /);
  });

  it('npm start lists every problem at once (bad values and the missing signing secret), one Dutch line each, exit code 2', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      // HTTP mode (a bot token, no app token) without a signing secret, a bad port and a bad region.
      env: { PATH: process.env.PATH, SLACK_BOT_TOKEN: 'xoxb-1', PORT: 'abc', REGION: 'nope' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'Configuratiefout: PORT: moet een poortnummer zijn (een heel getal van 0 tot en met 65535)',
      'Configuratiefout: REGION: moet een veiligheidsregio-code VR01–VR25 zijn',
      'Configuratiefout: SLACK_SIGNING_SECRET: ontbreekt; nodig in HTTP-modus (of zet SLACK_APP_TOKEN voor Socket Mode)',
    ]);
  });
});
