import { ValidationError } from '../errors.js';
import { axesSvg, legendSvg, linearScale, type PlotArea } from './axes.js';
import { escapeXml, niceTicks, requireFinite, round, seriesColour, svgOpen, textElement } from './svgText.js';

export interface LineSeries {
  name: string;
  points: { x: number; y: number }[];
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
}

const CHART = 'lineChartSvg';

/** Line chart with markers, one line per series (points drawn in x order). Throws ValidationError on empty or non-finite data. */
export function lineChartSvg(spec: LineChartSpec): string {
  const series = spec.series.filter((s) => s.points.length > 0);
  if (series.length === 0) throw new ValidationError(`${CHART} '${spec.title}': no data points in any series`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series) {
    for (const p of s.points) {
      requireFinite(CHART, `x of '${s.name}'`, p.x);
      requireFinite(CHART, `y of '${s.name}'`, p.y);
      xs.push(p.x);
      ys.push(p.y);
    }
  }
  const legendWidth = series.length > 1 ? 40 + Math.min(200, 7 * Math.max(...series.map((s) => s.name.length))) : 0;
  const width = 640 + legendWidth;
  const height = 380;
  const area: PlotArea = { left: 64, top: 40, width: 640 - 64 - 24, height: height - 40 - 56 };
  const x = linearScale(niceTicks(Math.min(...xs), Math.max(...xs)), area.left, area.left + area.width);
  const y = linearScale(niceTicks(Math.min(0, ...ys), Math.max(...ys)), area.top + area.height, area.top);
  const parts = [svgOpen(width, height, spec.title), textElement(width / 2, 22, spec.title, 'text-anchor="middle" font-size="15" font-weight="600"')];
  parts.push(axesSvg(area, x, y, spec.xLabel, spec.yLabel));
  series.forEach((s, index) => {
    const colour = seriesColour(index);
    const sorted = [...s.points].sort((a, b) => a.x - b.x);
    const path = sorted.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(x.map(p.x))},${round(y.map(p.y))}`).join(' ');
    parts.push(`<g><title>${escapeXml(s.name)}</title><path d="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const p of sorted) {
      parts.push(`<circle cx="${round(x.map(p.x))}" cy="${round(y.map(p.y))}" r="3" fill="${colour}"/>`);
    }
    parts.push('</g>');
  });
  parts.push(legendSvg(area, series.map((s, i) => ({ name: s.name, colour: seriesColour(i) }))));
  parts.push('</svg>');
  return parts.join('');
}
