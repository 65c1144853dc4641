import { describe, expect, it } from 'vitest';
import { boxesOverlap, CHART_WIDTH, digestChartSpec, GROUP_COLORS, labelBox, layoutChart, PIXEL_RATIO } from '../../../src/features/charts/chart';
import { FONT_FILES, renderSvg, svgToPng } from '../../../src/features/charts/chart.render';
import { digestData } from './fixtures';

/** Every <text> of the SVG: its content, where ECharts put it and its colour. */
function texts(svg: string): { text: string; x: number; y: number; fill: string }[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].flatMap((m) => {
    const at = /transform="translate\(([-\d.]+) ([-\d.]+)\)"/.exec(m[1]!);
    return at ? [{ x: Number(at[1]), y: Number(at[2]), fill: /fill="([^"]*)"/.exec(m[1]!)?.[1] ?? '', text: m[2]! }] : [];
  });
}

function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Pixels that differ between two RGBA images of the same size. */
function differingPixels(a: Buffer, b: Buffer): number {
  let count = 0;
  for (let i = 0; i < a.length; i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) count++;
  return count;
}

describe('the digest chart as SVG (ECharts)', async () => {
  const spec = digestChartSpec(digestData);
  const layout = layoutChart(spec);
  const svg = await renderSvg(spec);
  const all = texts(svg);

  it('has the titles, legend and Dutch labels with diacritics', () => {
    const words = all.map((t) => t.text);
    expect(words).toContain('Landelijke bezettingsgraad (%): Oekraïners (noodopvang gemeenten)');
    expect(words).toContain('Regio: operationele plekken per doelgroep');
    // Every group's legend name, with its diacritics, and every group's target labels.
    expect(words).toEqual(expect.arrayContaining(['Oekraïners (GOO)', 'Crisisnoodopvang (CNO)', 'Statushouders']));
    expect(words).toEqual(expect.arrayContaining(['doel 2.000 (23 jun)', 'doel 2.040 (31 jul)', 'doel 100']));
    expect(words).toEqual(expect.arrayContaining(['80%', '100%', '1.000', '2.000', '150', '27 apr', '25 mei']));
    expect(svg).toContain('font-family:Noto Sans');
  });

  it('has, for every group, a y-axis that reaches past each of its targets', () => {
    const highestTarget = digestData.groups.map((g) => Math.max(0, ...g.targets.map((t) => t.number)));
    expect(highestTarget).toEqual([2040, 100, 0]);
    layout.panels.slice(1).forEach((panel, k) => {
      const yLabels = all.filter((t) => t.x < panel.plot.left && t.y >= panel.plot.top - 1 && t.y <= panel.plot.bottom + 1).map((t) => Number(t.text.replace(/\./g, '')));
      expect(Math.max(...yLabels)).toBeGreaterThanOrEqual(highestTarget[k]!);
      expect(Math.min(...yLabels)).toBe(0);
    });
  });

  it('draws each target label in its group’s colour, outside the data area, no two label boxes overlapping', () => {
    const labels = all.filter((t) => t.text.startsWith('doel '));
    expect(labels.map((l) => [l.text, l.fill])).toEqual([
      ['doel 2.040 (31 jul)', GROUP_COLORS.oekrainers],
      ['doel 2.000 (23 jun)', GROUP_COLORS.oekrainers],
      ['doel 100', GROUP_COLORS.cno],
    ]);
    const right = Math.max(...layout.panels.map((p) => p.plot.right));
    for (const label of labels) expect(label.x).toBeGreaterThan(right);
    // The boxes where ECharts drew them (not where the layout wanted them).
    const boxes = labels.map((l) => labelBox({ ...l, value: 0, color: l.fill, lineY: l.y }));
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(boxesOverlap(a, b)).toBe(false);
    expect(Math.abs(labels[0]!.y - labels[1]!.y)).toBeGreaterThanOrEqual(14);
  });
});

describe('the digest chart as PNG (resvg)', async () => {
  const spec = digestChartSpec(digestData);
  const layout = layoutChart(spec);
  const svg = await renderSvg(spec);
  const drawn = await svgToPng(svg, { keepPixels: true });

  it('is a PNG at twice the chart size (2× pixel density)', () => {
    expect(PIXEL_RATIO).toBe(2);
    expect(pngSize(drawn.png)).toEqual({ width: CHART_WIDTH * 2, height: layout.height * 2 });
    expect(drawn.png.length).toBeLessThan(1024 * 1024);
  });

  it('has text pixels: the same chart without its <text> elements differs a lot', async () => {
    const withoutText = await svgToPng(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), { keepPixels: true });
    // The labels cover thousands of device pixels; a font that did not load would draw none.
    expect(differingPixels(drawn.pixels!, withoutText.pixels!)).toBeGreaterThan(5000);
  });

  it('refuses to draw without its font, rather than draw a chart without text', async () => {
    await expect(svgToPng(svg, { fonts: ['/nonexistent/NotoSans-Regular.ttf'] })).rejects.toThrow(/chart font missing/);
    expect(FONT_FILES.some((f) => f.endsWith('NotoSans-Regular.ttf'))).toBe(true);
  });
});
