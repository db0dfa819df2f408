import { ValidationError } from '../errors.js';
import { escapeXml, formatNumber, requireFinite, round, svgOpen, textElement } from './svgText.js';

export interface HeatmapSpec {
  title: string;
  rowLabels: string[];
  colLabels: string[];
  values: number[][];
  rowAxis?: string;
  colAxis?: string;
}

const CHART = 'heatmapSvg';

/** White → dark blue, t in [0, 1]. */
export function heatColour(t: number): string {
  const clamped = Math.max(0, Math.min(1, t));
  const from = [255, 255, 255];
  const to = [8, 48, 107];
  const channel = (i: number): string => Math.round(from[i] + (to[i] - from[i]) * clamped).toString(16).padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

function truncate(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

/**
 * Heatmap (e.g. a confusion matrix). Scales to large matrices (77×77): cell size and label font shrink, labels are
 * truncated with the full text in a tooltip, values are printed in cells only when they fit. Each cell has a tooltip.
 * Non-negative data (counts) use a square-root colour scale.
 */
export function heatmapSvg(spec: HeatmapSpec): string {
  const rows = spec.rowLabels.length;
  const cols = spec.colLabels.length;
  if (rows === 0 || cols === 0) throw new ValidationError(`${CHART} '${spec.title}': needs at least one row and one column`);
  if (spec.values.length !== rows || spec.values.some((row) => row.length !== cols)) {
    throw new ValidationError(`${CHART} '${spec.title}': values must be ${rows}×${cols} to match the labels`);
  }
  let min = Infinity;
  let max = -Infinity;
  spec.values.forEach((row, r) =>
    row.forEach((v, c) => {
      requireFinite(CHART, `value at (${r}, ${c})`, v);
      if (v < min) min = v;
      if (v > max) max = v;
    }),
  );
  const span = max - min === 0 ? 1 : max - min;
  // Square-root colour scale for counts, so that small off-diagonal confusions stay visible next to a large diagonal.
  const sqrtScale = min >= 0;
  const largest = Math.max(rows, cols);
  const cell = Math.max(9, Math.min(40, Math.floor(800 / largest)));
  const labelFont = Math.max(7, Math.min(12, cell - 2));
  const labelChars = 28;
  const labelSpace = Math.round(labelFont * 0.6 * Math.min(labelChars, Math.max(...spec.rowLabels.map((l) => l.length), ...spec.colLabels.map((l) => l.length)))) + 12;
  const left = labelSpace + (spec.rowAxis === undefined ? 8 : 28);
  const top = 40 + labelSpace + (spec.colAxis === undefined ? 0 : 20);
  const width = left + cols * cell + 90;
  const height = top + rows * cell + 24;
  const showValues = cell >= 24;
  const parts = [svgOpen(width, height, spec.title), textElement(width / 2, 22, spec.title, 'text-anchor="middle" font-size="15" font-weight="600"')];
  spec.values.forEach((row, r) =>
    row.forEach((v, c) => {
      const linear = (v - min) / span;
      const t = sqrtScale ? Math.sqrt(linear) : linear;
      const x = left + c * cell;
      const y = top + r * cell;
      const tooltip = `${spec.rowLabels[r]} → ${spec.colLabels[c]}: ${formatNumber(v)}`;
      parts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${heatColour(t)}" stroke="#f0f0f0" stroke-width="0.5"><title>${escapeXml(tooltip)}</title></rect>`);
      if (showValues && v !== 0) {
        parts.push(textElement(x + cell / 2, y + cell / 2 + 4, formatNumber(v), `text-anchor="middle" font-size="10" fill="${t > 0.5 ? '#fff' : '#222'}"`));
      }
    }),
  );
  spec.rowLabels.forEach((label, r) => {
    const y = top + r * cell + cell / 2 + labelFont / 3;
    parts.push(`<text x="${left - 4}" y="${round(y)}" text-anchor="end" font-size="${labelFont}"><title>${escapeXml(label)}</title>${escapeXml(truncate(label, labelChars))}</text>`);
  });
  spec.colLabels.forEach((label, c) => {
    const x = left + c * cell + cell / 2 + labelFont / 3;
    const y = top - 4;
    parts.push(`<text x="${round(x)}" y="${y}" text-anchor="start" font-size="${labelFont}" transform="rotate(-90 ${round(x)} ${y})"><title>${escapeXml(label)}</title>${escapeXml(truncate(label, labelChars))}</text>`);
  });
  if (spec.rowAxis !== undefined) {
    const mid = top + (rows * cell) / 2;
    parts.push(textElement(14, mid, spec.rowAxis, `text-anchor="middle" font-size="13" transform="rotate(-90 14 ${round(mid)})"`));
  }
  if (spec.colAxis !== undefined) parts.push(textElement(left + (cols * cell) / 2, 50, spec.colAxis, 'text-anchor="middle" font-size="13"'));
  const barX = left + cols * cell + 24;
  const barHeight = Math.min(200, rows * cell);
  for (let i = 0; i < 20; i += 1) {
    parts.push(`<rect x="${barX}" y="${round(top + (barHeight * i) / 20)}" width="14" height="${round(barHeight / 20 + 0.5)}" fill="${heatColour(sqrtScale ? Math.sqrt(1 - i / 19) : 1 - i / 19)}"/>`);
  }
  parts.push(textElement(barX + 18, top + 10, formatNumber(max), 'font-size="10"'));
  parts.push(textElement(barX + 18, top + barHeight, formatNumber(min), 'font-size="10"'));
  parts.push('</svg>');
  return parts.join('');
}
