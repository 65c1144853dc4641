import { describe, expect, it } from 'vitest';
import { CHART_WIDTH, digestChartSpec, layoutChart, PIXEL_RATIO } from '../../../src/features/charts/chart';
import { FONT_FILES, renderSvg, svgToPng } from '../../../src/features/charts/chart.render';
import { digestData } from './fixtures';

/** Every <text> of the SVG: its content and where ECharts put it. */
function texts(svg: string): { text: string; x: number; y: number }[] {
  return [...svg.matchAll(/<text[^>]*transform="translate\(([-\d.]+) ([-\d.]+)\)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3]! }));
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
    expect(words).toContain('Regio: operationele plekken Oekraïners (GOO)');
    expect(words).toContain('Operationeel Oekraïners (GOO)');
    expect(words).toContain('doel 2.000 (23 jun)');
    expect(words).toContain('doel 2.040 (31 jul)');
    expect(words).toEqual(expect.arrayContaining(['80%', '100%', '1.000', '2.000', '27 apr', '25 mei']));
    expect(svg).toContain('font-family:Noto Sans');
  });

  it('has a y-axis that reaches past every target', () => {
    const panel = layout.panels[1]!;
    const yLabels = all.filter((t) => t.x < panel.plot.left && t.y >= panel.plot.top - 1 && t.y <= panel.plot.bottom + 1).map((t) => Number(t.text.replace(/\./g, '')));
    expect(Math.max(...yLabels)).toBeGreaterThanOrEqual(2040);
    expect(Math.min(...yLabels)).toBe(0);
  });

  it('draws the target labels outside the data area and apart from each other', () => {
    const panel = layout.panels[1]!;
    const labels = all.filter((t) => t.text.startsWith('doel '));
    expect(labels).toHaveLength(2);
    for (const label of labels) expect(label.x).toBeGreaterThan(panel.plot.right);
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
