import { createHash } from 'node:crypto';
import { escapeXml } from '../../core/charts/svgText.js';

/**
 * Placeholder product pictures for catalogues without images (the demo data): an SVG with the product's title on a
 * colour derived from its id, so the same product always looks the same and neighbours look different.
 */

const WIDTH = 400;
const HEIGHT = 300;
const LINE_CHARS = 18;
const MAX_LINES = 3;

function wrap(title: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of title.split(/\s+/).filter(Boolean)) {
    if (line !== '' && `${line} ${word}`.length > LINE_CHARS) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  if (lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES - 1), `${lines.slice(MAX_LINES - 1).join(' ').slice(0, LINE_CHARS - 1)}…`];
}

export function placeholderSvg(productId: string, title: string): string {
  const hue = createHash('sha1').update(productId).digest().readUInt16BE(0) % 360;
  const lines = wrap(title);
  const top = HEIGHT / 2 + 28 - ((lines.length - 1) * 26) / 2;
  const text = lines
    .map((l, i) => `<text x="${WIDTH / 2}" y="${top + i * 26}" text-anchor="middle" font-family="system-ui, sans-serif" font-size="22" fill="hsl(${hue} 45% 22%)">${escapeXml(l)}</text>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(title)}">` +
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="hsl(${hue} 60% 88%)"/>` +
    // a parcel: box and ribbon
    `<g transform="translate(${WIDTH / 2 - 28} 52)" fill="none" stroke="hsl(${hue} 45% 35%)" stroke-width="4" stroke-linejoin="round">` +
    `<rect x="0" y="14" width="56" height="44" rx="4"/><path d="M28 14v44M0 30h56M28 14c-6-12-20-12-18-2 2 6 18 2 18 2zM28 14c6-12 20-12 18-2-2 6-18 2-18 2z"/></g>` +
    `${text}</svg>`
  );
}

/** The one SVG icon of the demo page (a speech bubble). */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#1f2937"/>' +
  '<path d="M14 18h36a4 4 0 0 1 4 4v18a4 4 0 0 1-4 4H30l-10 8v-8h-6a4 4 0 0 1-4-4V22a4 4 0 0 1 4-4z" fill="#fbbf24"/>' +
  '<circle cx="24" cy="31" r="3" fill="#1f2937"/><circle cx="32" cy="31" r="3" fill="#1f2937"/><circle cx="40" cy="31" r="3" fill="#1f2937"/></svg>';
