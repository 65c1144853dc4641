import { describe, expect, it } from 'vitest';
import { CHART_WIDTH, digestChartSpec, PIXEL_RATIO, type ChartSpec } from '../../../src/features/charts/chart';
import { drawInChildProcess } from '../../../src/features/charts/chart.renderer';
import { digestData } from './fixtures';

// The bot's default: each chart in a short-lived child process (from the source tree: the .ts
// file through tsx), so the chart libraries' memory goes back to the system when it exits.
describe('drawing in a child process', () => {
  it('returns the PNG the child drew', async () => {
    const png = await drawInChildProcess(digestChartSpec(digestData));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(CHART_WIDTH * PIXEL_RATIO);
  }, 60_000);

  it('reports the child’s error instead of hanging', async () => {
    const broken = { ...digestChartSpec(digestData), panels: 'not panels' } as unknown as ChartSpec;
    await expect(drawInChildProcess(broken)).rejects.toThrow(/^chart process: /);
  }, 60_000);

  it('gives up on a child that takes too long, and kills it', async () => {
    await expect(drawInChildProcess(digestChartSpec(digestData), 50)).rejects.toThrow(/no answer within 50 ms/);
  });
});
