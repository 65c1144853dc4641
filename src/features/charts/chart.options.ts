import type { EChartsOption, LineSeriesOption } from 'echarts';
import { COLORS, FONT_FAMILY, LABEL_FONT_SIZE, xLabel, yLabel, type ChartLayout, type ChartSpec, type LineSeries } from './chart';

/**
 * Pure: the laid-out chart as an ECharts option. Axis ranges, steps and the target labels'
 * places come from the layout; ECharts draws them. (Only a type is imported from echarts, so this
 * file does not load the library.)
 */
export function chartOption(spec: ChartSpec, layout: ChartLayout): EChartsOption {
  const panels = layout.panels;
  const series: LineSeriesOption[] = [];
  panels.forEach((panel, i) => {
    if (layout.x.max > 0) {
      // A chart that looks ahead marks today: left of it is measured, right of it is needed.
      series.push({ type: 'line', name: 'vandaag', xAxisIndex: i, yAxisIndex: i, data: [[0, panel.y.min], [0, panel.y.max]], symbol: 'none', silent: true, lineStyle: { color: COLORS.muted, width: 1 }, z: 1 });
    }
    for (const line of panel.spec.series) series.push(lineSeries(line, i));
    for (const label of panel.targetLabels) {
      // The dashed target line across the whole plot; its label is a graphic in the right margin.
      series.push({
        type: 'line',
        name: label.text,
        xAxisIndex: i,
        yAxisIndex: i,
        data: [
          [layout.x.min, label.value],
          [layout.x.max, label.value],
        ],
        symbol: 'none',
        silent: true,
        lineStyle: { color: label.color, width: 1.5, type: [6, 4] },
        z: 1,
      });
    }
  });

  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY, color: COLORS.ink, fontSize: 12 },
    title: panels.filter((p) => p.spec.title).map((p) => ({
      text: p.spec.title,
      left: p.plot.left - 8,
      top: p.titleTop,
      textStyle: { fontFamily: FONT_FAMILY, fontSize: 14, fontWeight: 'bold', color: COLORS.ink },
    })),
    // One legend per row: the layout decides the wrapping, so a legend never runs into the plot.
    legend: panels.flatMap((p) =>
      p.legend.map((row) => ({
        left: p.plot.left - 4,
        top: row.top,
        itemWidth: 22,
        itemHeight: 3,
        itemGap: 18,
        icon: 'rect',
        textStyle: { fontFamily: FONT_FAMILY, fontSize: 11, color: COLORS.ink },
        data: row.names,
      })),
    ),
    grid: panels.map((p) => ({ left: p.plot.left, top: p.plot.top, width: p.plot.right - p.plot.left, height: p.plot.bottom - p.plot.top })),
    xAxis: panels.map((p, i) => ({
      type: 'value' as const,
      gridIndex: i,
      min: layout.x.min,
      max: layout.x.max,
      interval: layout.x.step,
      // The y-axis stays on the left edge, not at x = 0 (today).
      axisLine: { onZero: false, lineStyle: { color: COLORS.muted } },
      // Ticks counted from today, not from the range's start: today always gets its date.
      axisTick: { show: true, customValues: layout.x.ticks },
      splitLine: { show: true, lineStyle: { color: COLORS.grid } },
      axisLabel: { show: p.xLabels, customValues: layout.x.ticks, fontFamily: FONT_FAMILY, fontSize: 11, color: COLORS.ink, formatter: (x: number) => xLabel(spec.today, x) },
    })),
    yAxis: panels.map((p, i) => ({
      type: 'value' as const,
      gridIndex: i,
      min: p.y.min,
      max: p.y.max,
      interval: p.y.step,
      axisLine: { show: true, onZero: false, lineStyle: { color: COLORS.muted } },
      splitLine: { show: true, lineStyle: { color: COLORS.grid } },
      axisLabel: { fontFamily: FONT_FAMILY, fontSize: 11, color: COLORS.ink, formatter: (v: number) => yLabel(p.spec.unit, v) },
    })),
    series,
    graphic: panels.flatMap((p) =>
      p.targetLabels.map((label) => ({
        type: 'text' as const,
        x: label.x,
        y: label.y,
        silent: true,
        style: { text: label.text, fill: label.color, fontFamily: FONT_FAMILY, fontSize: LABEL_FONT_SIZE, verticalAlign: 'middle' as const, align: 'left' as const },
      })),
    ),
  };
}

/** A line; a point with no neighbour (a series of one figure, or one after a gap) gets a dot, or it would not show. */
function lineSeries(line: LineSeries, panel: number): LineSeriesOption {
  const isolated = (i: number) => line.points[i]!.y !== null && (line.points[i - 1]?.y ?? null) === null && (line.points[i + 1]?.y ?? null) === null;
  return {
    type: 'line',
    name: line.name,
    xAxisIndex: panel,
    yAxisIndex: panel,
    color: line.color,
    showSymbol: true,
    symbol: 'none',
    connectNulls: false,
    lineStyle: { color: line.color, width: line.style === 'solid' ? 2.5 : 2, type: line.style === 'solid' ? 'solid' : [3, 4] },
    data: line.points.map((p, i) =>
      isolated(i) ? { value: [p.x, p.y], symbol: 'circle', symbolSize: 8, itemStyle: { color: line.color } } : { value: [p.x, p.y === null ? '-' : p.y] },
    ),
    z: 3,
  } as LineSeriesOption;
}
