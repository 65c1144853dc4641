import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('local console mode', () => {
  it('npm start without tokens says it runs without Slack and answers /opvang stand as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opvangbot-console-'));
    const databasePath = join(dir, 'console.sqlite');
    try {
      const seed = spawn(process.execPath, ['--import', 'tsx', 'src/cli/seed.ts'], { env: { PATH: process.env.PATH, DATABASE_PATH: databasePath } });
      await new Promise((resolve) => seed.on('exit', resolve));
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: { PATH: process.env.PATH, DATABASE_PATH: databasePath, OPVANG_NOW: '2022-05-25T09:00:00+02:00' },
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stdin.write('/opvang stand\n/opvang stand Zwole\nstnd\nexit\n');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
      const firstLine = out.split('\n')[0];
      expect(firstLine).toContain('zonder Slack');
      expect(firstLine).toContain('SLACK_BOT_TOKEN');
      expect(out).toContain('STAND OPVANG IJSSELLAND · 25 MEI 2022');
      expect(out).toContain('46.091 plekken · 38.949 bezet · 84,5% bezettingsgraad');
      expect(out).toContain('Bedoelde je Zwolle?');
      expect(out).toContain('Bedoelde je /opvang stand?');
      expect(out).not.toMatch(/<@|&lt;|\*[A-Z]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
