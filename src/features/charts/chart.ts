import type { TargetGroup } from '../../domain/vocabulary';
import { addDays, daysBetween, formatNumber } from '../../format/nl';

/**
 * Pure chart description and layout: what the pictures show and where every label goes, in CSS
 * pixels of a 720-wide canvas (narrower than 800: larger text on a phone, fewer pixels to draw,
 * see README Benchmarks). The charting library only draws what this decides, so the rules
 * the team cares about (targets inside the y-axis, target labels that never touch the data or
 * each other, Dutch numbers and dates) are decided and tested here, without the library.
 */

export const CHART_WIDTH = 720;
/** The PNG is drawn at this many device pixels per CSS pixel, for sharp text on high-density screens. */
export const PIXEL_RATIO = 2;
export const FONT_FAMILY = 'Noto Sans';

export const COLORS = { ink: '#282828', muted: '#6b6b6b', grid: '#e3e3e3', blue: '#1f64b4', orange: '#dc6e14', red: '#c82828', purple: '#7b3fb0', grey: '#8c8c8c' } as const;
/**
 * One colour per target group, fixed (not by position), so a group keeps its colour from one
 * morning to the next when another group appears or drops out. Dark enough for the target labels
 * drawn in them to read on white; none is the national line's blue.
 */
export const GROUP_COLORS: Record<TargetGroup, string> = {
  oekrainers: '#c75b0a',
  cno: COLORS.purple,
  statushouders: '#2e7d32',
  medische_evacues: '#b0306e',
  gastgezinnen: '#6e4b1e',
};

/** The "needed" lines, one colour each, so two open targets' lines can be told apart. */
const NEED_COLORS = [COLORS.red, COLORS.purple, '#b0306e', '#6e4b1e'];

const SHORT_MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** "2022-07-31" → "31 jul" (the charts' date labels). */
export function dayMonth(day: string): string {
  const [, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d} ${SHORT_MONTHS[m - 1]}`;
}

/** 0.845 → "84,5%" from a percentage number (84.5). */
function percentLabel(value: number, decimals: number): string {
  return `${new Intl.NumberFormat('nl-NL', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value)}%`;
}

export type Unit = 'count' | 'percent';

/** One line; `x` is days relative to `ChartSpec.today` (0 = today, negative = past). */
export interface LineSeries {
  name: string;
  color: string;
  style: 'solid' | 'dotted';
  points: { x: number; y: number | null }[];
}

export interface TargetLine {
  value: number;
  dueOn: string | null;
  /** The dashed line's and its label's colour (default red): a group's targets wear its colour. */
  color?: string;
}

export interface PanelSpec {
  /** Empty: no title row (a small multiple under a shared title). */
  title: string;
  unit: Unit;
  series: LineSeries[];
  targets: TargetLine[];
  /** The plot's height in CSS pixels (default 146); small multiples are lower. */
  plotHeight?: number;
  /** Dates under the plot (default true); small multiples stacked on one x range show them once, under the last. */
  xLabels?: boolean;
}

export interface ChartSpec {
  /** "YYYY-MM-DD" at x = 0. */
  today: string;
  /** The x range in days relative to today, e.g. [-29, 0]. */
  xMin: number;
  xMax: number;
  panels: PanelSpec[];
  /** Screen-reader text that states the figures (Slack's alt_txt, at most 1.000 characters). */
  alt: string;
}

/** `doel 2.400 (31 jul)` */
export function targetLabel(target: TargetLine): string {
  return `doel ${formatNumber(target.value)}${target.dueOn ? ` (${dayMonth(target.dueOn)})` : ''}`;
}

// --- layout ----------------------------------------------------------------------------------

const PLOT_LEFT = 64;
const RIGHT_PLAIN = 28;
/** Room right of the plot for target labels: they sit outside the data area, so they cannot cover a line. */
const RIGHT_WITH_TARGETS = 132;
const TITLE_TOP = 8;
const LEGEND_TOP = 32;
/** A panel without a title: its legend starts this far below the panel's top. */
const LEGEND_TOP_UNTITLED = 6;
const LEGEND_ROW = 18;
const PLOT_HEIGHT = 130;
const X_LABELS = 30;
/** Below a plot without dates: room for a target label moved under the plot's bottom edge. */
const NO_X_LABELS = 14;
/** Target labels are drawn at this size (px); their boxes are estimated from it. */
export const LABEL_FONT_SIZE = 11;
/** Label height plus air: two target labels are never closer than this (font size 11). */
export const LABEL_SPACING = 15;

export interface PlacedLabel {
  text: string;
  value: number;
  color: string;
  /** Where the dashed line is (y pixel of the target value). */
  lineY: number;
  /** Where the label's vertical centre is, after moving labels apart. */
  y: number;
  x: number;
}

export interface PanelLayout {
  spec: PanelSpec;
  top: number;
  height: number;
  titleTop: number;
  /** The legend's rows (series names), each at its own top. */
  legend: { top: number; names: string[] }[];
  plot: { left: number; right: number; top: number; bottom: number };
  y: { min: number; max: number; step: number };
  targetLabels: PlacedLabel[];
  xLabels: boolean;
}

export interface ChartLayout {
  width: number;
  height: number;
  x: { min: number; max: number; step: number; ticks: number[] };
  panels: PanelLayout[];
}

/** A round step (1, 2, 2,5, 5 × 10ⁿ) for about `ticks` intervals over `span`. */
function niceStep(span: number, ticks = 4): number {
  const raw = Math.max(span, 1) / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = [1, 2, 2.5, 5, 10].find((u) => u * power >= raw - 1e-9) ?? 10;
  return unit * power;
}

/** The y-axis: from 0 (counts) or a round number under the lowest rate (percent), always past every target. */
export function yAxis(panel: PanelSpec): { min: number; max: number; step: number } {
  const values = panel.series.flatMap((s) => s.points.map((p) => p.y)).filter((v): v is number => v !== null && Number.isFinite(v));
  const targets = panel.targets.map((t) => t.value);
  if (panel.unit === 'percent') {
    const low = values.length > 0 ? Math.min(...values, ...targets) : 0;
    const high = Math.max(100, ...values, ...targets);
    const min = Math.max(0, Math.floor((low - 5) / 10) * 10);
    const step = high - min > 50 ? 20 : high - min > 20 ? 10 : 5;
    return { min, max: Math.ceil(high / step) * step, step };
  }
  const highest = Math.max(10, ...values, ...targets);
  // 8% headroom so the highest target's dashed line is not drawn on the plot's top border.
  const step = niceStep(highest * 1.08);
  return { min: 0, max: Math.ceil((highest * 1.08) / step) * step, step };
}

/** Days between x labels: weekly for a month, longer for a long way ahead (at most about 8 labels). */
function xStep(xMin: number, xMax: number): number {
  return [7, 14, 28, 56, 91, 182].find((s) => (xMax - xMin) / s <= 8) ?? 364;
}

/** Ticks on whole steps counted from today (x = 0), so today always has its date under it. */
export function xTicks(xMin: number, xMax: number, step: number): number[] {
  const ticks: number[] = [];
  for (let k = Math.ceil(xMin / step); k * step <= xMax; k++) ticks.push(k * step);
  return ticks;
}

/**
 * Moves labels apart vertically so no two are closer than `spacing`, keeping each as near its
 * line as possible and all of them within [top, bottom]. Input and output sorted top to bottom.
 */
export function spreadLabels(wanted: number[], spacing: number, top: number, bottom: number): number[] {
  const ys = wanted.map((y) => Math.min(bottom, Math.max(top, y)));
  for (let i = 1; i < ys.length; i++) ys[i] = Math.max(ys[i]!, ys[i - 1]! + spacing);
  // Pushed past the bottom: shift up from the end, keeping the spacing.
  if (ys.length > 0 && ys[ys.length - 1]! > bottom) {
    ys[ys.length - 1] = bottom;
    for (let i = ys.length - 2; i >= 0; i--) ys[i] = Math.min(ys[i]!, ys[i + 1]! - spacing);
  }
  return ys;
}

/** A generous estimate of a text's width in Noto Sans at `size` px (average advance ≈ 0,55 em). */
function textWidth(text: string, size = 11): number {
  return Math.ceil(text.length * size * 0.58);
}

export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The box a placed target label covers (left-aligned at x, vertically centred on y), generously estimated. */
export function labelBox(label: PlacedLabel): Box {
  const half = LABEL_FONT_SIZE * 0.65;
  return { left: label.x, right: label.x + textWidth(label.text, LABEL_FONT_SIZE), top: label.y - half, bottom: label.y + half };
}

export function boxesOverlap(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** Every pair of target labels in the chart (across panels) whose boxes overlap; empty when none do. */
export function overlappingLabels(layout: ChartLayout): [PlacedLabel, PlacedLabel][] {
  const all = layout.panels.flatMap((p) => p.targetLabels);
  return all.flatMap((a, i) => all.slice(i + 1).filter((b) => boxesOverlap(labelBox(a), labelBox(b))).map((b): [PlacedLabel, PlacedLabel] => [a, b]));
}

/** Legend entries in rows that fit the width: a legend never runs into the plot. */
export function legendRows(names: string[], width: number): string[][] {
  const rows: string[][] = [];
  let used = Infinity;
  for (const name of names) {
    const w = 22 + 5 + textWidth(name) + 18;
    if (used + w > width) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1]!.push(name);
    used += w;
  }
  return rows;
}

export function layoutChart(spec: ChartSpec): ChartLayout {
  const anyTargets = spec.panels.some((p) => p.targets.length > 0);
  const right = CHART_WIDTH - (anyTargets ? RIGHT_WITH_TARGETS : RIGHT_PLAIN);
  let top = 0;
  const panels = spec.panels.map((panel): PanelLayout => {
    const rows = legendRows(
      panel.series.map((s) => s.name),
      CHART_WIDTH - PLOT_LEFT,
    );
    const legendTop = top + (panel.title ? LEGEND_TOP : LEGEND_TOP_UNTITLED);
    // A small multiple's legend names its one group: it sits closer to its plot.
    const plotTop = legendTop + Math.max(1, rows.length) * LEGEND_ROW + (panel.title ? 12 : 4);
    // A plot is never too low for its target labels to stand apart within it.
    const height = Math.max(panel.plotHeight ?? PLOT_HEIGHT, (panel.targets.length - 1) * LABEL_SPACING);
    const plot = { left: PLOT_LEFT, right, top: plotTop, bottom: plotTop + height };
    const xLabels = panel.xLabels ?? true;
    const y = yAxis(panel);
    const toPixel = (v: number) => plot.bottom - ((v - y.min) / (y.max - y.min)) * (plot.bottom - plot.top);
    const targets = [...panel.targets].sort((a, b) => b.value - a.value || (a.dueOn ?? '').localeCompare(b.dueOn ?? ''));
    const lineYs = targets.map((t) => toPixel(t.value));
    // Labels stay within their own panel (at most 6 px past the plot, where the panel has room),
    // so labels of stacked panels cannot meet either.
    const spread = spreadLabels(lineYs, LABEL_SPACING, plot.top - 6, plot.bottom + 6);
    const layout: PanelLayout = {
      spec: panel,
      top,
      height: plot.bottom + (xLabels ? X_LABELS : NO_X_LABELS) - top,
      titleTop: top + TITLE_TOP,
      legend: rows.map((names, r) => ({ top: legendTop + r * LEGEND_ROW, names })),
      plot,
      y,
      targetLabels: targets.map((t, k) => ({ text: targetLabel(t), value: t.value, color: t.color ?? COLORS.red, lineY: lineYs[k]!, y: spread[k]!, x: right + 8 })),
      xLabels,
    };
    top += layout.height;
    return layout;
  });
  const step = xStep(spec.xMin, spec.xMax);
  return { width: CHART_WIDTH, height: top, x: { min: spec.xMin, max: spec.xMax, step, ticks: xTicks(spec.xMin, spec.xMax, step) }, panels };
}

/** The label under an x tick: the date of that day, "31 jul". */
export function xLabel(today: string, x: number): string {
  return dayMonth(addDays(today, x));
}

export function yLabel(unit: Unit, value: number): string {
  return unit === 'percent' ? percentLabel(value, 0) : formatNumber(value);
}

// --- the charts the bot draws ----------------------------------------------------------------

/** One target group in the digest's chart. */
export interface DigestGroupData {
  group: TargetGroup;
  /** The Dutch name users see ("Oekraïners (GOO)"). */
  label: string;
  /** The region's operational places in this group on each day. */
  realised: (number | null)[];
  targets: { number: number; dueOn: string | null }[];
}

/** What the digest's 30-day chart draws; values are null on days before the first figure. */
export interface DigestChartData {
  /** "YYYY-MM-DD", oldest first; the last is today. */
  days: string[];
  /** National occupancy rate (0–1) of one population as known on each day. */
  nationalRate: (number | null)[];
  /** Who those national figures count ("Oekraïners (noodopvang gemeenten)"). */
  nationalLabel: string;
  /** Every target group with a target or operational places, in the vocabulary's order. */
  groups: DigestGroupData[];
}

function pointsOf(values: (number | null)[], offset: number, scale = 1): LineSeries['points'] {
  return values.map((v, i) => ({ x: i - offset, y: v === null ? null : v * scale }));
}

function firstAndLast(values: (number | null)[], days: string[]): { first?: { day: string; value: number }; last?: { day: string; value: number } } {
  const known = values.flatMap((v, i) => (v === null ? [] : [{ day: days[i]!, value: v }]));
  return { first: known[0], last: known[known.length - 1] };
}

/** "van 800 op 26 apr naar 1.380 op 25 mei" (or one figure when there is only one). */
function fromTo(values: (number | null)[], days: string[], show: (v: number) => string): string {
  const { first, last } = firstAndLast(values, days);
  if (!first || !last) return 'geen cijfers';
  if (first.day === last.day) return `${show(last.value)} op ${dayMonth(last.day)}`;
  return `van ${show(first.value)} op ${dayMonth(first.day)} naar ${show(last.value)} op ${dayMonth(last.day)}`;
}

const percentOfRate = (rate: number) => percentLabel(rate * 100, 1);

/** A small multiple's plot height: five groups stacked under the national panel still fit a phone screen or two. */
const GROUP_PLOT_HEIGHT = 64;

/**
 * The digest's chart: national occupancy on top; below it the region's operational places per
 * target group against that group's targets, one small panel per group (small multiples).
 *
 * Not one shared axis: the groups' sizes differ by an order of magnitude (2.400 Oekraïners
 * against 100 CNO places in the 2022 targets), and on an axis to 2.400 a group of 100 is a line
 * a few pixels above zero, its progress and its target unreadable. Each panel has its own
 * y-axis through its own targets, its targets' labels beside its own lines, and the same x range,
 * so the dates are drawn once, under the last panel. Always small multiples, rather than one axis
 * when the sizes happen to be close: the morning picture keeps its shape from day to day.
 */
export function digestChartSpec(data: DigestChartData): ChartSpec {
  const today = data.days[data.days.length - 1]!;
  const offset = data.days.length - 1;
  // Per group: its figures and its targets, in the order the panels are drawn.
  const perGroup = data.groups.map((g) => {
    const targets = g.targets.map((t) => ({ value: t.number, dueOn: t.dueOn }));
    return `${g.label}: ${fromTo(g.realised, data.days, formatNumber)}; ${targets.length > 0 ? targets.map(targetLabel).join(', ') : 'geen doel'}.`;
  });
  const alt = [
    `Grafiek van de laatste ${data.days.length} dagen (${dayMonth(data.days[0]!)} t/m ${dayMonth(today)}).`,
    `Boven: landelijke bezettingsgraad ${data.nationalLabel}, ${fromTo(data.nationalRate, data.days, percentOfRate)}.`,
    perGroup.length > 0 ? `Onder: operationele plekken per doelgroep in de regio. ${perGroup.join(' ')}` : 'Onder: geen doelgroep met operationele plekken of een doel.',
  ].join(' ');
  const groupPanels = data.groups.map((g, k): PanelSpec => {
    const color = GROUP_COLORS[g.group];
    return {
      title: k === 0 ? 'Regio: operationele plekken per doelgroep' : '',
      unit: 'count',
      targets: g.targets.map((t) => ({ value: t.number, dueOn: t.dueOn, color })),
      series: [{ name: g.label, color, style: 'solid', points: pointsOf(g.realised, offset) }],
      plotHeight: GROUP_PLOT_HEIGHT,
      xLabels: k === data.groups.length - 1,
    };
  });
  return {
    today,
    xMin: -offset,
    xMax: 0,
    alt: alt.slice(0, 1000),
    panels: [
      {
        title: `Landelijke bezettingsgraad (%): ${data.nationalLabel}`,
        unit: 'percent',
        targets: [],
        series: [{ name: 'Bezettingsgraad landelijk', color: COLORS.blue, style: 'solid', points: pointsOf(data.nationalRate, offset, 100) }],
      },
      ...groupPanels,
    ],
  };
}

/** One target group's progress: places so far, its targets, and the pace each open target needs. */
export interface ProgressChartData {
  days: string[];
  realised: (number | null)[];
  groupLabel: string;
  /** Places per day over the last measured days (null when unknown). */
  perDay: number | null;
  paceDays: number;
  targets: { number: number; dueOn: string | null; reached: boolean }[];
}

/** At most this far ahead, so a target a year out does not squash the 30 days of history. */
const PROGRESS_HORIZON_DAYS = 183;

export function progressChartSpec(data: ProgressChartData): ChartSpec {
  const today = data.days[data.days.length - 1]!;
  const offset = data.days.length - 1;
  const current = data.realised[data.realised.length - 1] ?? 0;
  const open = data.targets.filter((t) => t.dueOn && !t.reached && t.dueOn > today);
  const xMax = Math.min(PROGRESS_HORIZON_DAYS, Math.max(0, ...open.map((t) => daysBetween(today, t.dueOn!))));
  const series: LineSeries[] = [{ name: 'Operationeel', color: COLORS.orange, style: 'solid', points: pointsOf(data.realised, offset) }];
  const needs: string[] = [];
  for (const [k, target] of open.entries()) {
    const days = daysBetween(today, target.dueOn!);
    const perDay = Math.ceil((target.number - current) / days);
    // Beyond the horizon the line stops at the chart's edge, on its way to the target.
    const end = Math.min(days, xMax);
    series.push({
      name: `Nodig voor ${targetLabel({ value: target.number, dueOn: target.dueOn })}: ${formatNumber(perDay)} per dag`,
      color: NEED_COLORS[k % NEED_COLORS.length]!,
      style: 'dotted',
      points: [{ x: 0, y: current }, { x: end, y: current + ((target.number - current) * end) / days }],
    });
    needs.push(`nodig ${formatNumber(perDay)} plekken per dag om ${targetLabel({ value: target.number, dueOn: target.dueOn })} te halen`);
  }
  if (data.perDay !== null && xMax > 0) {
    series.push({
      name: `Tempo laatste ${data.paceDays} dagen: ${formatNumber(Math.round(data.perDay))} per dag`,
      color: COLORS.grey,
      style: 'dotted',
      points: [{ x: 0, y: current }, { x: xMax, y: Math.max(0, current + data.perDay * xMax) }],
    });
  }
  const targets = data.targets.map((t) => ({ value: t.number, dueOn: t.dueOn }));
  const alt = [
    `Grafiek: operationele plekken ${data.groupLabel} in de regio, ${fromTo(data.realised, data.days, formatNumber)}.`,
    targets.length > 0 ? `Doelen: ${targets.map(targetLabel).join(', ')}.` : 'Geen doel ingesteld.',
    data.perDay !== null ? `Tempo laatste ${data.paceDays} dagen: ${formatNumber(Math.round(data.perDay))} plekken per dag.` : '',
    needs.length > 0 ? `Daarvoor is ${needs.join('; ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    today,
    xMin: -offset,
    xMax,
    alt: alt.slice(0, 1000),
    panels: [{ title: `Voortgang ${data.groupLabel}: operationele plekken tegen het doel`, unit: 'count', targets, series }],
  };
}
