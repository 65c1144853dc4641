/**
 * npm run bench: the figures in README. Builds the synthetic national-scale dataset, then measures
 * /opvang stand under load against a bare Bolt app, render times, durable writes, memory and cold
 * start. Writes bench/results.json. Not part of npm test.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCommand, merge, timeIt, type LoadResult } from './load';
import { FakeSlack } from '../test/support/fake-slack';
import { freePort, waitForPort } from '../test/support/process';
import { openDatabase } from '../src/store/database';
import { DEFAULT_OVERDUE_DAYS } from '../src/domain/freshness';
import { seedNationalScale, SYNTHETIC } from '../src/seed/synthetic';
import { loadStand } from '../src/features/stand/stand.query';
import { standMessage } from '../src/features/stand/stand.view';
import { homeView } from '../src/features/home/home.view';
import { extraBenchmarks } from './extra';
import { formBenchmarks } from './forms';
import { fullModeWrites, groupCommitWrites, powerLossCheck, unsyncedWrites, warmUp } from './durability';
import { scaleCurve, SCALES } from './scale';
import { importBenchmark, IMPORT_ROWS } from './import';
import { signedHeaders } from '../test/support/sign';

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

function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const BENCH_ADMIN = 'UBENCHADMIN';

interface DigestMemory {
  beforeMb: number;
  duringMb: number;
  afterMb: number;
  /** From the digest's post to the chart's upload completed: drawing (child process or not) plus upload. */
  chartMs: number;
}

/**
 * Posts a digest in the running bot (`/opvang digest nu` by an admin) and samples its RSS every
 * 10 ms: before, the highest while the digest and its chart are made, and 2 s after it is done.
 */
async function digestMemory(bot: Started, fake: FakeSlack, channel: string): Promise<DigestMemory> {
  const pid = bot.child.pid!;
  const beforeMb = rssMbOf(pid);
  let duringMb = beforeMb;
  const sampler = setInterval(() => {
    duringMb = Math.max(duringMb, rssMbOf(pid));
  }, 10);
  const uploads = fake.callsTo('files.completeUploadExternal').length;
  const body = new URLSearchParams({
    command: '/opvang', text: 'digest nu', user_id: BENCH_ADMIN, channel_id: 'C0BENCH', team_id: 'T0BENCH',
    trigger_id: 't.digest', response_url: fake.responseUrl(`digest-${channel}`), api_app_id: 'A0BENCH',
  }).toString();
  const res = await fetch(`${bot.url}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body), body });
  if (res.status !== 200) throw new Error(`digest nu answered HTTP ${res.status}`);
  await fake.waitForCall('files.completeUploadExternal', uploads + 1, 120_000);
  clearInterval(sampler);
  const posted = fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel).at(-1)!;
  const completed = fake.callsTo('files.completeUploadExternal').at(-1)!;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return { beforeMb, duringMb, afterMb: rssMbOf(pid), chartMs: completed.at - posted.at };
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
  // The chart child process the bot forks (npm run build makes both).
  bundle('src/features/charts/chart.process.ts', 'dist/chart.process.mjs');
  const bareEntry = bundle('bench/bare-app.ts', 'dist/bench-bare-app.mjs');
  const fake = await new FakeSlack().start();
  const botEnv = {
    SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl,
    DATABASE_PATH: databasePath, OPVANG_NOW: NOW, LOG_LEVEL: 'warn', NODE_ENV: 'production',
    // The digest is not due at 09:00 with this schedule, so no bot posts it at start; the
    // memory phase posts it on purpose with /opvang digest nu.
    OPVANG_ADMINS: BENCH_ADMIN, DIGEST_CHANNEL: 'C0BENCHDIGEST', DIGEST_CRON: '30 23 * * *',
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

  // 6. Memory around a digest, in the bot that just took the load (the chart in a child process,
  // the default), and for comparison in a bot that draws in its own process (CHART_RENDERER=inline).
  console.log('Digest: RSS before, during and after, with the chart drawn in a child process and in the bot itself…');
  const digest = await digestMemory(bot, fake, botEnv.DIGEST_CHANNEL);
  const peakWithDigestMb = peakRssMb(bot.child.pid!);
  await stopProcess(bot.child);
  const inlineBot = await startProcess(botEntry, { ...botEnv, CHART_RENDERER: 'inline', DIGEST_CHANNEL: 'C0BENCHINLINE' });
  await loadCommand(inlineBot.url, SECRET, 'stand', 300, CONCURRENCY);
  const digestInline = await digestMemory(inlineBot, fake, 'C0BENCHINLINE');
  await stopProcess(inlineBot.child);
  await fake.stop();

  // 2. Render times in-process at national scale.
  const db = openDatabase(databasePath);
  const now = new Date(NOW);
  const stand = timeIt(() => standMessage(loadStand(db, 'VR04', now, DEFAULT_OVERDUE_DAYS)));
  const home = timeIt(() => homeView(loadStand(db, 'VR04', now, DEFAULT_OVERDUE_DAYS), now, []));
  const extra = await extraBenchmarks(db, now);
  // The one submission path of a form (build from the database, validate every field, store).
  const forms = formBenchmarks(db, now);

  // 3. Writes as the update form stores them: one transaction each with the submission's claim
  // (once), the version check, the row, a history line and the audit line (WAL). Side by side:
  // synchronous=FULL (a sync per commit), and what the bot runs (NORMAL, acknowledged after the
  // group commit barrier, 16 submissions in flight), and NORMAL without waiting for the disk.
  warmUp(db, now);
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

  // 7. The scale curve: stand, Home and digest at 1×, 3× and 10× the dataset (each seeded anew).
  console.log(`Scale curve: stand, Home and digest at ${SCALES.join('×, ')}× the dataset (seeding 10× takes a few minutes)…`);
  const scale = scaleCurve(dir, now, 'VR04');
  // 4. A CSV import of 50.000 rows: the check (in slices that yield) and the one write transaction.
  console.log(`Import of ${IMPORT_ROWS} rows: check and write transaction…`);
  const imports = [importBenchmark(), importBenchmark(), importBenchmark()].sort((a, b) => a.writeMs - b.writeMs);
  const importRun = imports[1]!;

  const ratio = (a: LoadResult, b: LoadResult) => a.p99 / b.p99;
  const withoutLatencies = ({ latencies: _all, ...rest }: LoadResult) => rest;
  const results = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length, nodeFlags: productionNodeFlags, loadAverageAtEnd: (await import('node:os')).loadavg() },
    dataset: seeded,
    load: { concurrency: CONCURRENCY, requests: REQUESTS, rounds: ROUNDS, bot: withoutLatencies(botLoad), bare: withoutLatencies(bareLoad), p99Ratio: ratio(botLoad, bareLoad), p50Ratio: botLoad.p50 / bareLoad.p50 },
    renderMs: { stand, home, ...extra },
    forms,
    writesPerSecond: { full: full.perSecond, groupCommit: grouped.perSecond, groupCommitSyncs: grouped.syncs, unsynced: unsynced.perSecond },
    powerLoss,
    import50k: { rows: IMPORT_ROWS, checkMs: importRun.checkMs, writeMs: importRun.writeMs, runs: imports },
    peakRssMb: rssMb,
    bareRssMb,
    digestRssMb: { ...digest, peakIncludingLoadMb: peakWithDigestMb },
    digestRssInlineMb: digestInline,
    coldStartMs: { median: coldStarts[1], runs: coldStarts },
    scaleCurve: scale,
  };
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);

  const f = (n: number, d = 1) => n.toFixed(d).replace('.', ',');
  const rows: [string, string, string][] = [
    ['stand p50 / p99, bot (ms)', `${f(botLoad.p50)} / ${f(botLoad.p99)}`, ''],
    ['stand p50 / p99, bare Bolt (ms)', `${f(bareLoad.p50)} / ${f(bareLoad.p99)}`, ''],
    ['p99 ratio bot/bare', f(results.load.p99Ratio, 2), '≤ 1,5'],
    ['errors under load', String(botLoad.errors + bareLoad.errors), '0'],
    ['build stand, cached (median ms)', f(stand.median, 2), '< 5'],
    ['build Home, cached (median ms)', f(home.median, 2), '< 5'],
    ['build digest (median ms)', f(extra.digest.median, 2), '< 50'],
    ['draw chart, warm (median ms; CPU ms)', `${f(extra.chart.median, 1)}; ${f(extra.chart.cpuMedian, 1)}`, '< 100'],
    ['draw chart, cold: first in a process (ms)', f(extra.chartColdMs, 0), ''],
    ['bijwerken form: build / validate (median ms)', `${f(forms.build.median, 2)} / ${f(forms.validate.median, 2)}`, ''],
    ['bijwerken submission, whole path with the write (median / p99 ms)', `${f(forms.submit.median, 2)} / ${f(forms.submit.p99, 2)}`, ''],
    ['submissions/s through the form path vs the bare write (no barrier)', `${f(forms.submitsPerSecond, 0)} vs ${f(forms.writesPerSecond, 0)}`, ''],
    ['location writes/s, synchronous=FULL (one sync per commit)', f(full.perSecond, 0), ''],
    ['location writes/s, NORMAL + group commit (acked after sync; 16 in flight)', f(grouped.perSecond, 0), '≥ 1.000'],
    ['location writes/s, NORMAL without waiting for the disk (not power-safe)', f(unsynced.perSecond, 0), ''],
    [`power loss at each of ${powerLoss.syncPoints} sync points: acknowledged writes lost`, `${powerLoss.lost} of ${powerLoss.acknowledged}`, '0'],
    ['… the same check when writes are acked at commit (control)', String(powerLoss.controlLost), '> 0'],
    ['import 50.000 rows: check / write transaction (median ms)', `${f(importRun.checkMs, 0)} / ${f(importRun.writeMs, 0)}`, ''],
    ['peak RSS under load (MB)', f(rssMb), '< 150'],
    ['peak RSS, bare Bolt (MB)', f(bareRssMb), ''],
    ['RSS before / during / after a digest (MB)', `${f(digest.beforeMb)} / ${f(digest.duringMb)} / ${f(digest.afterMb)}`, 'after ≤ before + 20'],
    ['peak RSS, load and digest (MB)', f(peakWithDigestMb), '< 150'],
    ['digest chart in the bot: child process + upload (ms)', f(digest.chartMs, 0), ''],
    ['same, chart drawn in the bot: before / during / after (MB)', `${f(digestInline.beforeMb)} / ${f(digestInline.duringMb)} / ${f(digestInline.afterMb)}`, '(comparison)'],
    ['cold start to ready (median ms)', f(coldStarts[1]!, 0), '< 1.500'],
    [`locations at ${SCALES.join(' · ')}×`, scale.map((p) => f(p.dataset.locations, 0)).join(' · '), ''],
    ['build stand, cold / cached (median ms)', scale.map((p) => `${f(p.stand.cold, 2)} / ${f(p.stand.cached, 2)}`).join(' · '), '< 5 at 1×'],
    ['build Home, cold / cached (median ms)', scale.map((p) => `${f(p.home.cold, 2)} / ${f(p.home.cached, 2)}`).join(' · '), '< 5 at 1×'],
    ['build digest, cold (median ms)', scale.map((p) => f(p.digest.cold, 1)).join(' · '), '< 50 at 1×'],
  ];
  console.log('\n| measure | result | goal |\n|---|---|---|');
  for (const [name, value, goal] of rows) console.log(`| ${name} | ${value} | ${goal} |`);
  // Other work on the machine inflates every latency and render time; say how busy it was.
  console.log(`\nLoad average at the end (1, 5, 15 min): ${results.machine.loadAverageAtEnd.map((l) => f(l, 2)).join(' / ')} on ${results.machine.cpus} cores.`);
  console.log('Written to bench/results.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
