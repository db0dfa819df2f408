import { formatNumber, round, textElement } from './svgText.js';

/** Plot area and linear scales shared by the line chart and the histogram. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface LinearScale {
  min: number;
  max: number;
  ticks: number[];
  map(value: number): number;
}

export function linearScale(ticks: number[], from: number, to: number): LinearScale {
  const min = ticks[0];
  const max = ticks[ticks.length - 1];
  const span = max - min === 0 ? 1 : max - min;
  return { min, max, ticks, map: (value) => from + ((value - min) / span) * (to - from) };
}

/** Grid lines, tick labels and axis titles around a plot area. */
export function axesSvg(area: PlotArea, x: LinearScale, y: LinearScale, xLabel: string, yLabel: string): string {
  const parts: string[] = [];
  const bottom = area.top + area.height;
  for (const tick of y.ticks) {
    const py = round(y.map(tick));
    parts.push(`<line x1="${area.left}" y1="${py}" x2="${area.left + area.width}" y2="${py}" stroke="#e5e5e5"/>`);
    parts.push(textElement(area.left - 6, py + 4, formatNumber(tick), 'text-anchor="end" fill="#444"'));
  }
  for (const tick of x.ticks) {
    const px = round(x.map(tick));
    parts.push(`<line x1="${px}" y1="${bottom}" x2="${px}" y2="${bottom + 4}" stroke="#444"/>`);
    parts.push(textElement(px, bottom + 17, formatNumber(tick), 'text-anchor="middle" fill="#444"'));
  }
  parts.push(`<line x1="${area.left}" y1="${bottom}" x2="${area.left + area.width}" y2="${bottom}" stroke="#444"/>`);
  parts.push(`<line x1="${area.left}" y1="${area.top}" x2="${area.left}" y2="${bottom}" stroke="#444"/>`);
  parts.push(textElement(area.left + area.width / 2, bottom + 36, xLabel, 'text-anchor="middle" font-size="13"'));
  const yMid = area.top + area.height / 2;
  parts.push(textElement(16, yMid, yLabel, `text-anchor="middle" font-size="13" transform="rotate(-90 16 ${round(yMid)})"`));
  return parts.join('');
}

/** Legend entries stacked at the top right of the plot area. */
export function legendSvg(area: PlotArea, entries: { name: string; colour: string }[]): string {
  if (entries.length <= 1) return '';
  const x = area.left + area.width + 12;
  return entries
    .map((entry, i) => {
      const y = area.top + 8 + i * 18;
      return `<rect x="${x}" y="${y - 9}" width="12" height="12" fill="${entry.colour}"/>` + textElement(x + 18, y + 1, entry.name, 'fill="#222"');
    })
    .join('');
}
