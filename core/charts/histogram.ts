import { ValidationError } from '../errors.js';
import { axesSvg, legendSvg, linearScale, type PlotArea } from './axes.js';
import { niceTicks, requireFinite, round, seriesColour, svgOpen, textElement } from './svgText.js';

export interface HistogramSpec {
  title: string;
  xLabel: string;
  series: { name: string; values: number[] }[];
  bins?: number;
}

const CHART = 'histogramSvg';

/** Counts per bin over shared edges; values equal to the last edge fall into the last bin. */
export function binCounts(values: readonly number[], min: number, max: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const span = max - min;
  for (const v of values) {
    const index = span === 0 ? 0 : Math.min(bins - 1, Math.floor(((v - min) / span) * bins));
    counts[index] += 1;
  }
  return counts;
}

/** Overlaid step histograms (semi-transparent bars), shared bins across series. Throws ValidationError on empty data. */
export function histogramSvg(spec: HistogramSpec): string {
  const bins = spec.bins ?? 20;
  if (!Number.isInteger(bins) || bins < 1 || bins > 1000) throw new ValidationError(`${CHART} '${spec.title}': bins must be an integer 1..1000`);
  const series = spec.series.filter((s) => s.values.length > 0);
  if (series.length === 0) throw new ValidationError(`${CHART} '${spec.title}': no values in any series`);
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (const v of s.values) {
      requireFinite(CHART, `value of '${s.name}'`, v);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min === max) {
    const pad = min === 0 ? 0.5 : Math.abs(min) * 0.05;
    min -= pad;
    max += pad;
  }
  const counts = series.map((s) => binCounts(s.values, min, max, bins));
  const maxCount = Math.max(...counts.map((c) => Math.max(...c)));
  const legendWidth = series.length > 1 ? 40 + Math.min(200, 7 * Math.max(...series.map((s) => s.name.length))) : 0;
  const width = 640 + legendWidth;
  const height = 380;
  const area: PlotArea = { left: 64, top: 40, width: 640 - 64 - 24, height: height - 40 - 56 };
  const xTicks = niceTicks(min, max).filter((t) => t >= min && t <= max);
  const x = { ...linearScale([min, max], area.left, area.left + area.width), ticks: xTicks.length >= 2 ? xTicks : [min, max] };
  const y = linearScale(niceTicks(0, maxCount), area.top + area.height, area.top);
  const parts = [svgOpen(width, height, spec.title), textElement(width / 2, 22, spec.title, 'text-anchor="middle" font-size="15" font-weight="600"')];
  parts.push(axesSvg(area, x, y, spec.xLabel, 'count'));
  const binWidth = (max - min) / bins;
  counts.forEach((seriesCounts, index) => {
    const colour = seriesColour(index);
    const opacity = series.length > 1 ? 0.45 : 0.8;
    seriesCounts.forEach((count, bin) => {
      if (count === 0) return;
      const x0 = x.map(min + bin * binWidth);
      const x1 = x.map(min + (bin + 1) * binWidth);
      const top = y.map(count);
      parts.push(
        `<rect x="${round(x0)}" y="${round(top)}" width="${round(Math.max(0.5, x1 - x0 - 0.5))}" height="${round(area.top + area.height - top)}" fill="${colour}" fill-opacity="${opacity}"/>`,
      );
    });
  });
  parts.push(legendSvg(area, series.map((s, i) => ({ name: s.name, colour: seriesColour(i) }))));
  parts.push('</svg>');
  return parts.join('');
}
