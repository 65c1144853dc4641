import { describe, expect, it } from 'vitest';
import {
  CHART_WIDTH,
  GROUP_COLORS,
  LABEL_SPACING,
  boxesOverlap,
  dayMonth,
  digestChartSpec,
  layoutChart,
  labelBox,
  legendRows,
  overlappingLabels,
  progressChartSpec,
  spreadLabels,
  targetLabel,
  xTicks,
  yAxis,
} from '../../../src/features/charts/chart';
import { chartOption } from '../../../src/features/charts/chart.options';
import { digestData } from './fixtures';

const days = digestData.days;

describe('chart layout (pure)', () => {
  it('labels targets in Dutch: doel 2.400 (31 jul)', () => {
    expect(targetLabel({ value: 2400, dueOn: '2022-07-31' })).toBe('doel 2.400 (31 jul)');
    expect(targetLabel({ value: 150, dueOn: null })).toBe('doel 150');
    expect(dayMonth('2022-03-05')).toBe('5 mrt');
  });

  it('always includes the targets in the y-axis, also far above the data', () => {
    const axis = yAxis({ title: '', unit: 'count', series: [{ name: 'x', color: '', style: 'solid', points: [{ x: 0, y: 12 }] }], targets: [{ value: 46_091, dueOn: null }] });
    expect(axis.min).toBe(0);
    expect(axis.max).toBeGreaterThanOrEqual(46_091);
    expect(axis.max % axis.step).toBe(0);
    const percent = yAxis({ title: '', unit: 'percent', series: [{ name: 'x', color: '', style: 'solid', points: [{ x: 0, y: 84.5 }, { x: 1, y: 104 }] }], targets: [] });
    expect(percent.min).toBeLessThanOrEqual(84.5);
    expect(percent.max).toBeGreaterThanOrEqual(104);
  });

  it('puts target labels right of the plot (never on the data), apart from each other and inside the panel', () => {
    const layout = layoutChart(digestChartSpec(digestData));
    const panel = layout.panels[1]!;
    expect(panel.targetLabels.map((l) => l.text)).toEqual(['doel 2.040 (31 jul)', 'doel 2.000 (23 jun)']);
    for (const label of panel.targetLabels) {
      expect(label.x).toBeGreaterThan(panel.plot.right);
      expect(label.value).toBeLessThanOrEqual(panel.y.max);
      expect(label.lineY).toBeGreaterThanOrEqual(panel.plot.top);
      expect(label.y).toBeGreaterThanOrEqual(panel.plot.top - 6);
      expect(label.y).toBeLessThanOrEqual(panel.plot.bottom + 6);
    }
    // 2.000 and 2.040 are a few pixels apart: the labels are moved apart, the lines stay.
    const [a, b] = panel.targetLabels;
    expect(Math.abs(a!.lineY - b!.lineY)).toBeLessThan(LABEL_SPACING);
    expect(b!.y - a!.y).toBeGreaterThanOrEqual(LABEL_SPACING);
  });

  it('draws every target group in its own small panel: its own colour, its own dashed targets, an axis through them', () => {
    const spec = digestChartSpec(digestData);
    const layout = layoutChart(spec);
    const groups = layout.panels.slice(1);
    expect(groups.map((p) => p.legend.flatMap((row) => row.names))).toEqual([['Oekraïners (GOO)'], ['Crisisnoodopvang (CNO)'], ['Statushouders']]);
    expect(groups.map((p) => p.spec.series[0]!.color)).toEqual([GROUP_COLORS.oekrainers, GROUP_COLORS.cno, GROUP_COLORS.statushouders]);
    expect(new Set(Object.values(GROUP_COLORS)).size).toBe(Object.keys(GROUP_COLORS).length);
    expect(groups.map((p) => p.targetLabels.map((l) => [l.text, l.color]))).toEqual([
      [['doel 2.040 (31 jul)', GROUP_COLORS.oekrainers], ['doel 2.000 (23 jun)', GROUP_COLORS.oekrainers]],
      [['doel 100', GROUP_COLORS.cno]],
      [],
    ]);
    // Each group on its own scale: CNO's 100 is not squashed under Oekraïners' 2.040.
    expect(groups.map((p) => p.y.max)).toEqual([3000, 150, 60]);
    for (const panel of groups) for (const label of panel.targetLabels) expect(label.value).toBeLessThanOrEqual(panel.y.max);
    // One shared title over the groups, dates once under the last panel.
    expect(groups.map((p) => [p.spec.title, p.xLabels])).toEqual([['Regio: operationele plekken per doelgroep', false], ['', false], ['', true]]);
    // Stacked panels do not overlap.
    for (const [a, b] of layout.panels.slice(0, -1).map((p, i) => [p, layout.panels[i + 1]!] as const)) expect(a.top + a.height).toBeLessThanOrEqual(b.top);
  });

  it('never lets target labels overlap each other or the data, also when a small panel holds many targets close together', () => {
    expect(overlappingLabels(layoutChart(digestChartSpec(digestData)))).toEqual([]);
    const crowded = {
      ...digestData,
      groups: [
        { ...digestData.groups[0]!, targets: [2000, 2010, 2020, 2030, 2040, 2050, 2060, 2070].map((n, k) => ({ number: n, dueOn: `2022-0${6 + (k % 3)}-1${k}` })) },
        { ...digestData.groups[1]!, targets: [{ number: 100, dueOn: null }, { number: 0, dueOn: '2022-06-01' }] },
      ],
    };
    const layout = layoutChart(digestChartSpec(crowded));
    expect(overlappingLabels(layout)).toEqual([]);
    for (const panel of layout.panels) {
      for (const label of panel.targetLabels) {
        const box = labelBox(label);
        // Right of the plot (the data area), inside the picture and inside its own panel.
        expect(box.left).toBeGreaterThan(panel.plot.right);
        expect(box.right).toBeLessThanOrEqual(CHART_WIDTH);
        expect(box.top).toBeGreaterThanOrEqual(panel.top);
        expect(box.bottom).toBeLessThanOrEqual(panel.top + panel.height);
      }
    }
    expect(layout.panels[1]!.targetLabels).toHaveLength(8);
  });

  it('tells overlapping label boxes from ones that only come close', () => {
    const at = (y: number) => labelBox({ text: 'doel 2.400 (31 jul)', value: 0, color: '', lineY: y, y, x: 680 });
    expect(boxesOverlap(at(100), at(100 + LABEL_SPACING - 5))).toBe(true);
    expect(boxesOverlap(at(100), at(100 + LABEL_SPACING))).toBe(false);
    expect(boxesOverlap(at(100), labelBox({ text: 'doel 1', value: 0, color: '', lineY: 100, y: 100, x: 400 }))).toBe(false);
  });

  it('spreads labels that crowd at the bottom upwards, keeping the spacing', () => {
    expect(spreadLabels([100, 101, 102], 15, 0, 110)).toEqual([80, 95, 110]);
    expect(spreadLabels([10, 60], 15, 0, 110)).toEqual([10, 60]);
  });

  it('wraps a long legend into rows that fit, and the plot starts below them', () => {
    const rows = legendRows(['Operationeel', 'Nodig voor doel 2.000 (23 jun): 22 per dag', 'Nodig voor doel 2.400 (31 jul): 16 per dag', 'Tempo laatste 14 dagen: 12 per dag'], 736);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.flat()).toHaveLength(4);
  });

  it('puts x ticks on whole weeks counted back from today, so today has its date', () => {
    expect(xTicks(-29, 0, 7)).toEqual([-28, -21, -14, -7, 0]);
    const layout = layoutChart(digestChartSpec(digestData));
    expect(layout.x.ticks).toContain(0);
  });

  it('gives a series of one point a dot, and lines no dots', () => {
    const spec = progressChartSpec({ days, realised: days.map((_, i) => (i < 29 ? null : 1380)), groupLabel: 'Oekraïners (GOO)', perDay: null, paceDays: 0, targets: [] });
    const option = chartOption(spec, layoutChart(spec)) as { series: { name: string; data: { symbol?: string }[] }[] };
    const realised = option.series.find((s) => s.name === 'Operationeel')!;
    expect(realised.data.filter((d) => d.symbol === 'circle')).toHaveLength(1);
    const digest = chartOption(digestChartSpec(digestData), layoutChart(digestChartSpec(digestData))) as typeof option;
    expect(digest.series.flatMap((s) => s.data).filter((d) => d.symbol === 'circle')).toHaveLength(0);
  });

  it('writes alt text that states the figures', () => {
    const spec = digestChartSpec(digestData);
    expect(spec.alt).toContain('landelijke bezettingsgraad Oekraïners (noodopvang gemeenten), van 80,9% op 1 mei naar 84,9% op 25 mei');
    // Every group's figures and targets, in the panels' order.
    expect(spec.alt).toContain(
      'Onder: operationele plekken per doelgroep in de regio. ' +
        'Oekraïners (GOO): van 860 op 29 apr naar 1.380 op 25 mei; doel 2.000 (23 jun), doel 2.040 (31 jul). ' +
        'Crisisnoodopvang (CNO): van 26 op 29 apr naar 78 op 25 mei; doel 100. ' +
        'Statushouders: van 40 op 29 apr naar 40 op 25 mei; geen doel.',
    );
    expect(spec.alt.length).toBeLessThanOrEqual(1000);
    expect(digestChartSpec({ ...digestData, groups: [] }).alt).toContain('Onder: geen doelgroep met operationele plekken of een doel.');
  });

  it('draws the pace each open target needs, up to its date', () => {
    const spec = progressChartSpec({
      days,
      realised: days.map((_, i) => 800 + i * 20),
      groupLabel: 'Oekraïners (GOO)',
      perDay: 20,
      paceDays: 14,
      targets: [
        { number: 2400, dueOn: '2022-07-31', reached: false },
        { number: 1000, dueOn: '2022-05-01', reached: true },
      ],
    });
    expect(spec.xMax).toBe(67);
    const need = spec.panels[0]!.series.find((s) => s.name.startsWith('Nodig'))!;
    expect(need.name).toBe('Nodig voor doel 2.400 (31 jul): 16 per dag');
    expect(need.points).toEqual([{ x: 0, y: 1380 }, { x: 67, y: 2400 }]);
    expect(spec.alt).toContain('nodig 16 plekken per dag om doel 2.400 (31 jul) te halen');
    expect(spec.alt).toContain('Tempo laatste 14 dagen: 20 plekken per dag');
  });
});
