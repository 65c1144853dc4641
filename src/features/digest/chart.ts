import { createRaster, encodePng, type Raster, type Rgb } from './png';

/** What the 30-day chart draws; values are null on days before the first figure. */
export interface ChartData {
  /** "YYYY-MM-DD", oldest first. */
  days: string[];
  /** National occupancy rate (0–1) as known on each day. */
  nationalRate: (number | null)[];
  /** The region's operational places in `groupLabel` on each day. */
  realised: (number | null)[];
  groupLabel: string;
  targets: { number: number; dueOn: string | null }[];
}

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 480;

const INK: Rgb = [40, 40, 40];
const GRID: Rgb = [225, 225, 225];
const BLUE: Rgb = [31, 100, 180];
const ORANGE: Rgb = [220, 110, 20];
const RED: Rgb = [200, 40, 40];

// A 5×7 bitmap font: enough for figures, dates and short upper-case labels.
const GLYPHS: Record<string, string[]> = {
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '3': ['11110', '00001', '00001', '01110', '00001', '00001', '11110'],
  '4': ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '6': ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '8': ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  '9': ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
  A: ['01110', '10001', '10001', '11111', '10001', '10001', '10001'],
  B: ['11110', '10001', '10001', '11110', '10001', '10001', '11110'],
  C: ['01110', '10001', '10000', '10000', '10000', '10001', '01110'],
  D: ['11100', '10010', '10001', '10001', '10001', '10010', '11100'],
  E: ['11111', '10000', '10000', '11110', '10000', '10000', '11111'],
  F: ['11111', '10000', '10000', '11110', '10000', '10000', '10000'],
  G: ['01110', '10001', '10000', '10111', '10001', '10001', '01111'],
  H: ['10001', '10001', '10001', '11111', '10001', '10001', '10001'],
  I: ['01110', '00100', '00100', '00100', '00100', '00100', '01110'],
  J: ['00111', '00010', '00010', '00010', '00010', '10010', '01100'],
  K: ['10001', '10010', '10100', '11000', '10100', '10010', '10001'],
  L: ['10000', '10000', '10000', '10000', '10000', '10000', '11111'],
  M: ['10001', '11011', '10101', '10101', '10001', '10001', '10001'],
  N: ['10001', '10001', '11001', '10101', '10011', '10001', '10001'],
  O: ['01110', '10001', '10001', '10001', '10001', '10001', '01110'],
  P: ['11110', '10001', '10001', '11110', '10000', '10000', '10000'],
  Q: ['01110', '10001', '10001', '10001', '10101', '10010', '01101'],
  R: ['11110', '10001', '10001', '11110', '10100', '10010', '10001'],
  S: ['01111', '10000', '10000', '01110', '00001', '00001', '11110'],
  T: ['11111', '00100', '00100', '00100', '00100', '00100', '00100'],
  U: ['10001', '10001', '10001', '10001', '10001', '10001', '01110'],
  V: ['10001', '10001', '10001', '10001', '10001', '01010', '00100'],
  W: ['10001', '10001', '10001', '10101', '10101', '10101', '01010'],
  X: ['10001', '10001', '01010', '00100', '01010', '10001', '10001'],
  Y: ['10001', '10001', '01010', '00100', '00100', '00100', '00100'],
  Z: ['11111', '00001', '00010', '00100', '01000', '10000', '11111'],
  '%': ['11000', '11001', '00010', '00100', '01000', '10011', '00011'],
  '.': ['00000', '00000', '00000', '00000', '00000', '01100', '01100'],
  ',': ['00000', '00000', '00000', '00000', '01100', '00100', '01000'],
  '-': ['00000', '00000', '00000', '11111', '00000', '00000', '00000'],
  ':': ['00000', '01100', '01100', '00000', '01100', '01100', '00000'],
  '/': ['00001', '00001', '00010', '00100', '01000', '10000', '10000'],
  '(': ['00010', '00100', '01000', '01000', '01000', '00100', '00010'],
  ')': ['01000', '00100', '00010', '00010', '00010', '00100', '01000'],
  ' ': ['00000', '00000', '00000', '00000', '00000', '00000', '00000'],
};

function setPixel(r: Raster, x: number, y: number, c: Rgb): void {
  x = Math.round(x);
  y = Math.round(y);
  if (x < 0 || y < 0 || x >= r.width || y >= r.height) return;
  const i = (y * r.width + x) * 3;
  r.pixels[i] = c[0];
  r.pixels[i + 1] = c[1];
  r.pixels[i + 2] = c[2];
}

function fillRect(r: Raster, x: number, y: number, w: number, h: number, c: Rgb): void {
  for (let yy = Math.round(y); yy < Math.round(y + h); yy++) for (let xx = Math.round(x); xx < Math.round(x + w); xx++) setPixel(r, xx, yy, c);
}

/** A straight line of `thickness` pixels; `dash` draws on/off runs of that many pixels. */
function line(r: Raster, x0: number, y0: number, x1: number, y1: number, c: Rgb, thickness = 1, dash = 0): void {
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
  const half = Math.floor(thickness / 2);
  for (let s = 0; s <= steps; s++) {
    if (dash > 0 && Math.floor(s / dash) % 2 === 1) continue;
    const x = x0 + ((x1 - x0) * s) / steps;
    const y = y0 + ((y1 - y0) * s) / steps;
    fillRect(r, Math.round(x) - half, Math.round(y) - half, thickness, thickness, c);
  }
}

/** Folds accents away (Oekraïners → OEKRAINERS) so every character has a glyph. */
function glyphText(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase();
}

export function textWidth(text: string, scale = 2): number {
  return glyphText(text).length * 6 * scale - scale;
}

function drawText(r: Raster, text: string, x: number, y: number, c: Rgb, scale = 2): void {
  let cx = x;
  for (const ch of glyphText(text)) {
    const glyph = GLYPHS[ch] ?? GLYPHS[' ']!;
    glyph.forEach((row, gy) => {
      for (let gx = 0; gx < 5; gx++) if (row[gx] === '1') fillRect(r, cx + gx * scale, y + gy * scale, scale, scale, c);
    });
    cx += 6 * scale;
  }
}

const dutch = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });

/** A round step for about `ticks` grid lines over [0, max]. */
function niceStep(max: number, ticks = 4): number {
  const raw = Math.max(1, max) / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = [1, 2, 2.5, 5, 10].find((u) => u * power >= raw) ?? 10;
  return unit * power;
}

interface Panel {
  top: number;
  height: number;
  title: string;
  min: number;
  max: number;
  step: number;
  label: (v: number) => string;
}

const LEFT = 90;
const RIGHT = 30;

function drawPanel(r: Raster, p: Panel, days: string[]): { x: (i: number) => number; y: (v: number) => number } {
  const plotTop = p.top + 36;
  const plotBottom = p.top + p.height - 36;
  const width = r.width - LEFT - RIGHT;
  const x = (i: number) => LEFT + (days.length <= 1 ? 0 : (width * i) / (days.length - 1));
  const y = (v: number) => plotBottom - ((v - p.min) / (p.max - p.min)) * (plotBottom - plotTop);
  drawText(r, p.title, LEFT, p.top + 10, INK);
  for (let v = p.min; v <= p.max + 1e-9; v += p.step) {
    line(r, LEFT, y(v), r.width - RIGHT, y(v), GRID);
    const label = p.label(v);
    drawText(r, label, LEFT - 10 - textWidth(label), y(v) - 7, INK);
  }
  line(r, LEFT, plotTop, LEFT, plotBottom, INK);
  line(r, LEFT, plotBottom, r.width - RIGHT, plotBottom, INK);
  // A date under the first day and then every seventh, counted back from today so today is labelled.
  for (let i = days.length - 1; i >= 0; i -= 7) {
    const [, m, d] = days[i]!.split('-');
    const label = `${Number(d)}-${Number(m)}`;
    line(r, x(i), plotBottom, x(i), plotBottom + 5, INK);
    drawText(r, label, Math.min(r.width - textWidth(label) - 2, x(i) - textWidth(label) / 2), plotBottom + 9, INK);
  }
  return { x, y };
}

function series(r: Raster, values: (number | null)[], x: (i: number) => number, y: (v: number) => number, c: Rgb): void {
  let previous: [number, number] | undefined;
  values.forEach((v, i) => {
    if (v === null) {
      previous = undefined;
      return;
    }
    const point: [number, number] = [x(i), y(v)];
    if (previous) line(r, previous[0], previous[1], point[0], point[1], c, 3);
    else fillRect(r, point[0] - 2, point[1] - 2, 4, 4, c);
    previous = point;
  });
}

/** Draws the 30-day chart: national occupancy rate on top, the region's places against its targets below. */
export function renderChart(data: ChartData): Raster {
  const r = createRaster(CHART_WIDTH, CHART_HEIGHT);
  const half = CHART_HEIGHT / 2;

  const rates = data.nationalRate.filter((v): v is number => v !== null);
  const low = rates.length > 0 ? Math.max(0, Math.floor((Math.min(...rates) * 100 - 5) / 10) * 10) : 0;
  const top = drawPanel(r, { top: 0, height: half, title: 'Landelijke bezettingsgraad noodopvang (%)', min: low, max: 100, step: (100 - low) / 4 >= 10 ? 20 : 5, label: (v) => `${dutch.format(v)}%` }, data.days);
  series(r, data.nationalRate.map((v) => (v === null ? null : v * 100)), top.x, top.y, BLUE);

  const realised = data.realised.filter((v): v is number => v !== null);
  const highest = Math.max(10, ...realised, ...data.targets.map((t) => t.number));
  const step = niceStep(highest * 1.1);
  const max = Math.ceil((highest * 1.05) / step) * step;
  const bottom = drawPanel(r, { top: half, height: half, title: `Regio: operationele plekken ${data.groupLabel} t.o.v. doel`, min: 0, max, step, label: (v) => dutch.format(v) }, data.days);
  for (const target of data.targets) {
    line(r, LEFT, bottom.y(target.number), CHART_WIDTH - RIGHT, bottom.y(target.number), RED, 2, 8);
    const due = target.dueOn ? ` (${Number(target.dueOn.slice(8))}-${Number(target.dueOn.slice(5, 7))})` : '';
    const label = `doel ${dutch.format(target.number)}${due}`;
    drawText(r, label, CHART_WIDTH - RIGHT - textWidth(label) - 4, bottom.y(target.number) - 20, RED);
  }
  series(r, data.realised, bottom.x, bottom.y, ORANGE);
  return r;
}

/** The chart as PNG bytes. */
export function chartPng(data: ChartData): Buffer {
  return encodePng(renderChart(data));
}
