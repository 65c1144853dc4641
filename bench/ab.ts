/**
 * `tsx bench/ab.ts OTHER_BUNDLE [THIS_BUNDLE]`: the stand path of two builds of the bot side by
 * side with a bare Bolt app, on copies of one national-scale dataset, in interleaved rounds whose
 * order rotates, so a burst of other work on the machine hits all three alike. Prints p50/p99,
 * their ratios to bare Bolt, peak RSS and CPU ms per request (the steadiest figure on a shared
 * machine). Build both first (`npm run build`, and in a worktree of the other commit), and
 * `dist/bench-bare-app.mjs` with `npm run bench` once. Not part of npm run bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCommand, merge, type LoadResult } from './load';
import { freePort, waitForPort } from '../test/support/process';
import { FakeSlack } from '../test/support/fake-slack';
import { openDatabase } from '../src/store/database';
import { seedNationalScale, SYNTHETIC } from '../src/seed/synthetic';

const SECRET = 'bench-signing-secret';
const flags = ['--max-semi-space-size=4', '--max-old-space-size=192'];
async function start(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...flags, script], { env: { PATH: process.env.PATH, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(port);
  return { child, url: `http://127.0.0.1:${port}` };
}
const dir = mkdtempSync(join(tmpdir(), 'ab-'));
const db = openDatabase(join(dir, 'a.sqlite'));
seedNationalScale(db);
db.close();
copyFileSync(join(dir, 'a.sqlite'), join(dir, 'b.sqlite'));
const fake = await new FakeSlack().start();
const env = (p: string) => ({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, DATABASE_PATH: p, OPVANG_NOW: `${SYNTHETIC.lastDay}T09:00:00+02:00`, LOG_LEVEL: 'warn', NODE_ENV: 'production', DIGEST_CRON: '30 23 * * *' });
const bare = await start('dist/bench-bare-app.mjs', { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl });
const [other, self = 'dist/main.mjs'] = process.argv.slice(2);
if (!other) throw new Error('usage: tsx bench/ab.ts OTHER_BUNDLE [THIS_BUNDLE]');
const all = { bare, other: await start(other, env(join(dir, 'a.sqlite'))), self: await start(self, env(join(dir, 'b.sqlite'))) };
for (const s of Object.values(all)) await loadCommand(s.url, SECRET, 'stand', 300, 16);
const rounds: Record<string, LoadResult[]> = { bare: [], other: [], self: [] };
/** utime + stime of a process in ms (clock ticks of 10 ms), from /proc. */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const cpu0 = Object.fromEntries(Object.entries(all).map(([k, s]) => [k, cpuMs(s.child.pid!)]));
const ROUNDS = Number(process.env.ROUNDS ?? 10);
for (let r = 0; r < ROUNDS; r++) {
  const order = Object.entries(all);
  for (let k = 0; k < 3; k++) {
    const [name, s] = order[(r + k) % 3]!;
    rounds[name]!.push(await loadCommand(s.url, SECRET, 'stand', 600, 16));
  }
}
const rss = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const m = Object.fromEntries(Object.entries(rounds).map(([k, v]) => [k, merge(v)]));
for (const [k, v] of Object.entries(m)) console.log(k, 'p50', v.p50.toFixed(1), 'p99', v.p99.toFixed(1), 'errors', v.errors, 'rss', rss(all[k as keyof typeof all].child.pid!).toFixed(1));
console.log('p99 ratio other/bare', (m.other!.p99 / m.bare!.p99).toFixed(2), 'self/bare', (m.self!.p99 / m.bare!.p99).toFixed(2));
console.log('p50 ratio other/bare', (m.other!.p50 / m.bare!.p50).toFixed(2), 'self/bare', (m.self!.p50 / m.bare!.p50).toFixed(2));
// per-round p99 ratio medians
const per = (k: string) => rounds[k]!.map((r, i) => r.p99 / rounds.bare![i]!.p99).sort((a, b) => a - b);
console.log('per-round p99 ratio, median other', per('other')[Math.floor(ROUNDS / 2)]!.toFixed(2), 'self', per('self')[Math.floor(ROUNDS / 2)]!.toFixed(2));
for (const [k, s] of Object.entries(all)) console.log(k, 'CPU ms per request', ((cpuMs(s.child.pid!) - cpu0[k]!) / (600 * ROUNDS)).toFixed(3));
for (const s of Object.values(all)) s.child.kill('SIGTERM');
await fake.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
