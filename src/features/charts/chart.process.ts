/**
 * The chart child process: receives one ChartSpec over IPC, draws it, sends the PNG back and
 * exits. Drawing loads ECharts and resvg (~50 MB, and resvg's native buffers are not given back
 * to the system while a process lives); in a process of its own all of that is returned to the
 * system when it exits, so the bot's memory stays where it was. Started by chart.renderer.ts.
 */
import type { ChartSpec } from './chart';
import { drawChart } from './chart.render';

export type ChartProcessReply = { ok: true; png: Uint8Array } | { ok: false; error: string };

function reply(message: ChartProcessReply, code: number): void {
  process.send!(message, () => process.exit(code));
}

if (!process.send) {
  console.error('chart.process: start me with child_process.fork (an IPC channel is needed)');
  process.exit(2);
}
// A parent that goes away leaves nothing to draw for.
process.once('disconnect', () => process.exit(1));
process.once('message', (spec: ChartSpec) => {
  drawChart(spec).then(
    ({ png }) => reply({ ok: true, png }, 0),
    (error: unknown) => reply({ ok: false, error: error instanceof Error ? error.message : String(error) }, 1),
  );
});
