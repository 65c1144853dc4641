import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../paths';
import { FONT_FAMILY, layoutChart, PIXEL_RATIO, type ChartSpec } from './chart';
import { chartOption } from './chart.options';

/**
 * Drawing: ChartSpec → SVG (ECharts' server-side SVG renderer, no DOM or canvas) → PNG (resvg).
 * Both libraries are imported on first use only: the bot that never draws never loads them (they
 * add ~50 MB; see README, Benchmarks). In the bot this runs in a short-lived child process
 * (chart.process.ts); tests and scripts call it directly.
 */

export const FONT_DIR = join(projectRoot, 'assets', 'fonts');
export const FONT_FILES = ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf'].map((f) => join(FONT_DIR, f));

/** resvg draws no text at all for a font it cannot find; a chart without labels must not go out. */
export function fontFiles(files: string[] = FONT_FILES): string[] {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`chart font missing: ${missing.join(', ')} (the fonts travel with the project, in assets/fonts)`);
  return files;
}

let echartsModule: Promise<typeof import('echarts')> | undefined;
let resvgModule: Promise<typeof import('@resvg/resvg-js')> | undefined;

export async function renderSvg(spec: ChartSpec): Promise<string> {
  const echarts = await (echartsModule ??= import('echarts'));
  const layout = layoutChart(spec);
  // https://echarts.apache.org/handbook/en/how-to/cross-platform/server/ : no container in SSR mode,
  // the size given explicitly, and dispose() to free the instance.
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: layout.width, height: layout.height });
  try {
    chart.setOption(chartOption(spec, layout));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface RenderedPng {
  png: Buffer;
  width: number;
  height: number;
  /** RGBA, for tests that look at the pixels. */
  pixels?: Buffer;
}

export async function svgToPng(svg: string, options: { fonts?: string[]; keepPixels?: boolean } = {}): Promise<RenderedPng> {
  const { Resvg } = await (resvgModule ??= import('@resvg/resvg-js'));
  const resvg = new Resvg(svg, {
    // Only our own font, so the picture is the same on every host.
    font: { loadSystemFonts: false, fontFiles: fontFiles(options.fonts), defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: PIXEL_RATIO },
    background: '#ffffff',
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height, pixels: options.keepPixels ? Buffer.from(image.pixels) : undefined };
}

/** The chart as SVG and PNG. */
export async function drawChart(spec: ChartSpec): Promise<{ svg: string; png: Buffer }> {
  const svg = await renderSvg(spec);
  const { png } = await svgToPng(svg);
  return { svg, png };
}
