/**
 * The chart child process: receives one ChartSpec over IPC, draws it, sends the PNG back and
 * exits. Drawing loads ECharts and resvg (~50 MB, and resvg's native buffers are not given back
 * to the system while a process lives); in a process of its own all of that is returned to the
 * system when it exits, so the bot's memory stays where it was. Started by chart.renderer.ts.
 */
import { serveOneTask } from '../../child-task';
import type { ChartSpec } from './chart';
import { drawChart } from './chart.render';

serveOneTask('chart', async (spec: ChartSpec) => (await drawChart(spec)).png);
