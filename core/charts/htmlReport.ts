import { ValidationError } from '../errors.js';
import { escapeXml } from './svgText.js';

export interface ReportSection {
  heading: string;
  svg?: string;
  /** Trusted HTML fragment (the caller escapes any user text in it, e.g. with escapeXml). */
  html?: string;
}

const STYLE = [
  'body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}',
  'h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}',
  'figure{margin:12px 0;overflow-x:auto}table{border-collapse:collapse;font-size:13px}',
  'td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}th{background:#f6f6f6}td.num{text-align:right;font-variant-numeric:tabular-nums}',
  '.generated{color:#777;font-size:12px}',
].join('');

/** Self-contained HTML page (inline CSS and SVG, no external assets). Headings are escaped. */
export function htmlReport(title: string, sections: { heading: string; svg?: string; html?: string }[], generatedAt: Date = new Date()): string {
  if (sections.length === 0) throw new ValidationError(`htmlReport '${title}': needs at least one section`);
  const body = sections
    .map((section) => {
      const parts = [`<section><h2>${escapeXml(section.heading)}</h2>`];
      if (section.svg !== undefined) parts.push(`<figure>${section.svg}</figure>`);
      if (section.html !== undefined) parts.push(`<div>${section.html}</div>`);
      parts.push('</section>');
      return parts.join('\n');
    })
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeXml(title)}</h1><p class="generated">Generated ${escapeXml(generatedAt.toISOString())}</p>`,
    body,
    '</body></html>',
    '',
  ].join('\n');
}

/** A simple HTML table with escaped cells; numbers are printed with `digits` decimals. */
export function htmlTable(header: string[], rows: (string | number)[][], digits = 4): string {
  const cell = (value: string | number, tag: 'td' | 'th'): string =>
    typeof value === 'number'
      ? `<${tag} class="num">${escapeXml(Number.isInteger(value) ? String(value) : value.toFixed(digits))}</${tag}>`
      : `<${tag}>${escapeXml(value)}</${tag}>`;
  return `<table><thead><tr>${header.map((h) => cell(h, 'th')).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((v) => cell(v, 'td')).join('')}</tr>`)
    .join('')}</tbody></table>`;
}
