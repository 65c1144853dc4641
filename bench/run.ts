/**
 * npm run bench: the figures in README. Builds the synthetic national-scale dataset, then measures
 * /opvang stand under load against a bare Bolt app, render times, durable writes, memory and cold
 * start. Writes bench/results.json. Not part of npm test.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCommand, merge, timeIt, type LoadResult } from './load';
import { FakeSlack } from '../test/support/fake-slack';
import { freePort, waitForPort } from '../test/support/process';
import { openDatabase } from '../src/store/database';
import { seedNationalScale, SYNTHETIC } from '../src/seed/synthetic';
import { loadStand } from '../src/features/stand/stand.query';
import { standMessage } from '../src/features/stand/stand.view';
import { homeView } from '../src/features/home/home.view';
import { extraBenchmarks } from './extra';
import { fullModeWrites, groupCommitWrites, powerLossCheck, unsyncedWrites } from './durability';

const SECRET = 'bench-signing-secret';
const NOW = `${SYNTHETIC.lastDay}T09:00:00+02:00`;
const CONCURRENCY = 16;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const ROUNDS = 5;

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

interface Started {
  child: ChildProcess;
  url: string;
  readyMs: number;
}

/** The node flags `npm start` uses (package.json), so the bench measures what production runs. */
const productionNodeFlags = (JSON.parse(readFileSync('package.json', 'utf8')).scripts.start as string).split(/\s+/).filter((arg) => arg.startsWith('--'));

/** Both apps run as built for production (an esbuild bundle on plain node), not through tsx. */
function bundle(entry: string, outfile: string): string {
  execFileSync('node_modules/.bin/esbuild', [entry, '--bundle', '--platform=node', '--format=esm', '--target=node20', '--packages=external', '--log-level=warning', `--outfile=${outfile}`]);
  return outfile;
}

async function startProcess(script: string, env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...productionNodeFlags, script], {
    env: { PATH: process.env.PATH, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForPort(port);
  return { child, url, readyMs: performance.now() - started };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const dir = mkdtempSync(join(tmpdir(), 'opvangbot-bench-'));
const databasePath = join(dir, 'national.sqlite');
try {
  console.log('Building the synthetic national-scale dataset…');
  const setupDb = openDatabase(databasePath);
  const seeded = seedNationalScale(setupDb);
  setupDb.close();

  const botEntry = bundle('src/main.ts', 'dist/main.mjs');
  const bareEntry = bundle('bench/bare-app.ts', 'dist/bench-bare-app.mjs');
  const fake = await new FakeSlack().start();
  const botEnv = {
    SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl,
    DATABASE_PATH: databasePath, OPVANG_NOW: NOW, LOG_LEVEL: 'warn', NODE_ENV: 'production',
  };

  // 5. Cold start: spawn to the first HTTP answer, three times.
  const coldStarts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const bot = await startProcess(botEntry, botEnv);
    coldStarts.push(bot.readyMs);
    await stopProcess(bot.child);
  }
  coldStarts.sort((a, b) => a - b);

  // 1 + 4. Load: the bot and a bare Bolt app, same run, same load. Both run side by side and the
  // rounds alternate, so a burst of other work on the machine hits both alike.
  console.log(`Load: ${REQUESTS} signed /opvang stand requests each at concurrency ${CONCURRENCY}, in ${ROUNDS} alternating rounds…`);
  const bare = await startProcess(bareEntry, { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl });
  const bot = await startProcess(botEntry, botEnv);
  await loadCommand(bare.url, SECRET, 'stand', 300, CONCURRENCY);
  await loadCommand(bot.url, SECRET, 'stand', 300, CONCURRENCY);
  const bareRounds: LoadResult[] = [];
  const botRounds: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bareRounds.push(await loadCommand(bare.url, SECRET, 'stand', REQUESTS / ROUNDS, CONCURRENCY));
    botRounds.push(await loadCommand(bot.url, SECRET, 'stand', REQUESTS / ROUNDS, CONCURRENCY));
  }
  const bareLoad = merge(bareRounds);
  const botLoad = merge(botRounds);
  const bareRssMb = peakRssMb(bare.child.pid!);
  const rssMb = peakRssMb(bot.child.pid!);
  await stopProcess(bare.child);
  await stopProcess(bot.child);
  await fake.stop();

  // 2. Render times in-process at national scale.
  const db = openDatabase(databasePath);
  const now = new Date(NOW);
  const stand = timeIt(() => standMessage(loadStand(db, 'VR04', now)));
  const home = timeIt(() => homeView(loadStand(db, 'VR04', now), now, []));
  const extra = await extraBenchmarks(db, now);

  // 3. Writes as the update form stores them: one transaction each with the submission's claim
  // (once), the version check, the row, a history line and the audit line (WAL). Side by side:
  // synchronous=FULL (a sync per commit), and what the bot runs (NORMAL, acknowledged after the
  // group commit barrier, 16 submissions in flight), and NORMAL without waiting for the disk.
  const full = fullModeWrites(db, now);
  const grouped = await groupCommitWrites(db, now);
  const unsynced = unsyncedWrites(db, now);
  for (const [mode, r] of [['FULL', full], ['group commit', grouped], ['NORMAL', unsynced]] as const) {
    if (r.stored !== 1000) throw new Error(`${mode}: only ${r.stored} of 1000 benchmark writes were stored`);
  }
  const powerLoss = await powerLossCheck(now);
  if (powerLoss.lost !== 0) throw new Error(`power-loss check: ${powerLoss.lost} acknowledged writes lost`);
  if (powerLoss.controlLost === 0) throw new Error('power-loss check: the control lost nothing, so the check proves nothing');
  db.close();

  const ratio = (a: LoadResult, b: LoadResult) => a.p99 / b.p99;
  const withoutLatencies = ({ latencies: _all, ...rest }: LoadResult) => rest;
  const results = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length, nodeFlags: productionNodeFlags },
    dataset: seeded,
    load: { concurrency: CONCURRENCY, requests: REQUESTS, rounds: ROUNDS, bot: withoutLatencies(botLoad), bare: withoutLatencies(bareLoad), p99Ratio: ratio(botLoad, bareLoad), p50Ratio: botLoad.p50 / bareLoad.p50 },
    renderMs: { stand, home, ...extra },
    writesPerSecond: { full: full.perSecond, groupCommit: grouped.perSecond, groupCommitSyncs: grouped.syncs, unsynced: unsynced.perSecond },
    powerLoss,
    peakRssMb: rssMb,
    bareRssMb,
    coldStartMs: { median: coldStarts[1], runs: coldStarts },
  };
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);

  const f = (n: number, d = 1) => n.toFixed(d).replace('.', ',');
  const rows: [string, string, string][] = [
    ['stand p50 / p99, bot (ms)', `${f(botLoad.p50)} / ${f(botLoad.p99)}`, ''],
    ['stand p50 / p99, bare Bolt (ms)', `${f(bareLoad.p50)} / ${f(bareLoad.p99)}`, ''],
    ['p99 ratio bot/bare', f(results.load.p99Ratio, 2), '≤ 1,5'],
    ['errors under load', String(botLoad.errors + bareLoad.errors), '0'],
    ['build stand (median ms)', f(stand.median, 2), '< 5'],
    ['build Home (median ms)', f(home.median, 2), '< 5'],
    ...Object.entries(extra).map(([name, t]): [string, string, string] => [`build ${name} (median ms)`, f(t.median, 2), name === 'chart' ? '< 100' : '< 50']),
    ['location writes/s, synchronous=FULL (one sync per commit)', f(full.perSecond, 0), ''],
    ['location writes/s, NORMAL + group commit (acked after sync; 16 in flight)', f(grouped.perSecond, 0), '≥ 1.000'],
    ['location writes/s, NORMAL without waiting for the disk (not power-safe)', f(unsynced.perSecond, 0), ''],
    [`power loss at each of ${powerLoss.syncPoints} sync points: acknowledged writes lost`, `${powerLoss.lost} of ${powerLoss.acknowledged}`, '0'],
    ['… the same check when writes are acked at commit (control)', String(powerLoss.controlLost), '> 0'],
    ['peak RSS under load (MB)', f(rssMb), '< 150'],
    ['peak RSS, bare Bolt (MB)', f(bareRssMb), ''],
    ['cold start to ready (median ms)', f(coldStarts[1]!, 0), '< 1.500'],
  ];
  console.log('\n| measure | result | goal |\n|---|---|---|');
  for (const [name, value, goal] of rows) console.log(`| ${name} | ${value} | ${goal} |`);
  console.log('\nWritten to bench/results.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
