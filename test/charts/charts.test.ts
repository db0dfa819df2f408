import { describe, expect, it } from 'vitest';
import { binCounts, heatmapSvg, histogramSvg, htmlReport, htmlTable, lineChartSvg, niceTicks } from '../../core/charts/index.js';
import { ValidationError } from '../../core/errors.js';
import { parseXmlElements } from './xmlCheck.js';

const hostile = 'a<b & "c" \'d\' >e';

describe('lineChartSvg', () => {
  it('draws one path per series with a marker per point, well-formed and escaped', () => {
    const svg = lineChartSvg({
      title: hostile,
      xLabel: 'K',
      yLabel: 'NDCG',
      series: [
        { name: 'als', points: [{ x: 5, y: 0.05 }, { x: 10, y: 0.08 }, { x: 20, y: 0.1 }] },
        { name: hostile, points: [{ x: 10, y: 0.03 }] },
      ],
    });
    const names = parseXmlElements(svg);
    expect(names[0]).toBe('svg');
    expect(names.filter((n) => n === 'path')).toHaveLength(2);
    expect(names.filter((n) => n === 'circle')).toHaveLength(4);
    expect(svg).not.toContain(hostile);
    expect(svg).toContain('a&lt;b &amp; &quot;c&quot; &#39;d&#39; &gt;e');
  });

  it('rejects empty and non-finite data with a ValidationError', () => {
    expect(() => lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [] })).toThrow(ValidationError);
    expect(() => lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [] }] })).toThrow(ValidationError);
    expect(() => lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [{ x: 1, y: NaN }] }] })).toThrow(
      /finite/,
    );
  });

  it('handles a single point (degenerate ranges)', () => {
    const svg = lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [{ x: 3, y: 3 }] }] });
    expect(parseXmlElements(svg)).toContain('circle');
    expect(svg).not.toContain('NaN');
  });
});

describe('histogramSvg', () => {
  it('bins values so that the counts add up, max value in the last bin', () => {
    expect(binCounts([0, 0.1, 0.5, 0.99, 1], 0, 1, 2)).toEqual([2, 3]);
  });

  it('draws bars for non-empty bins, well-formed', () => {
    const svg = histogramSvg({ title: 'Confidence', xLabel: 'p', bins: 4, series: [{ name: 'in', values: [0.1, 0.2, 0.9] }, { name: 'oos', values: [0.3] }] });
    const names = parseXmlElements(svg);
    // 1 background rect + bars (in: bins 0 and 3; oos: bin 1) + 2 legend swatches
    expect(names.filter((n) => n === 'rect')).toHaveLength(1 + 3 + 2);
  });

  it('handles all-equal values and rejects empty data and bad bins', () => {
    expect(histogramSvg({ title: 't', xLabel: 'x', series: [{ name: 's', values: [2, 2, 2] }] })).not.toContain('NaN');
    expect(() => histogramSvg({ title: 't', xLabel: 'x', series: [{ name: 's', values: [] }] })).toThrow(ValidationError);
    expect(() => histogramSvg({ title: 't', xLabel: 'x', bins: 0, series: [{ name: 's', values: [1] }] })).toThrow(ValidationError);
  });
});

describe('heatmapSvg', () => {
  it('draws one cell per value for a 77×77 matrix with readable label sizes', () => {
    const labels = Array.from({ length: 77 }, (_, i) => `intent_with_a_rather_long_name_${i}`);
    const values = labels.map((_, r) => labels.map((__, c) => (r === c ? 40 : (r * c) % 3)));
    const svg = heatmapSvg({ title: 'Confusion', rowLabels: labels, colLabels: labels, values, rowAxis: 'true', colAxis: 'predicted' });
    parseXmlElements(svg);
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(77 * 77);
    const fonts = [...svg.matchAll(/font-size="(\d+)"/g)].map((m) => Number(m[1]));
    expect(Math.min(...fonts)).toBeGreaterThanOrEqual(7);
    expect(svg).toContain('intent_with_a_rather_long_name_76 → intent_with_a_rather_long_name_76: 40');
  });

  it('escapes labels and rejects shape mismatches and empty matrices', () => {
    const svg = heatmapSvg({ title: 't', rowLabels: [hostile], colLabels: ['x'], values: [[1]] });
    parseXmlElements(svg);
    expect(svg).not.toContain(hostile);
    expect(() => heatmapSvg({ title: 't', rowLabels: ['a'], colLabels: ['x', 'y'], values: [[1]] })).toThrow(ValidationError);
    expect(() => heatmapSvg({ title: 't', rowLabels: [], colLabels: [], values: [] })).toThrow(ValidationError);
  });
});

describe('htmlReport', () => {
  it('embeds sections in a self-contained, well-formed page with escaped headings', () => {
    const svg = lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [{ x: 1, y: 2 }] }] });
    const html = htmlReport(hostile, [
      { heading: hostile, svg },
      { heading: 'Table', html: htmlTable(['model', 'ndcg'], [[hostile, 0.12345]]) },
    ]);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/(src|href)=/);
    expect(html).not.toContain(hostile);
    expect(html).toContain('0.1235');
    const withoutMeta = html.replace(/<meta[^>]*>/g, '');
    expect(parseXmlElements(withoutMeta)).toContain('svg');
  });

  it('rejects a report with no sections', () => {
    expect(() => htmlReport('t', [])).toThrow(ValidationError);
  });
});

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    const ticks = niceTicks(0.013, 0.098);
    expect(ticks[0]).toBeLessThanOrEqual(0.013);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(0.098);
    expect(ticks.length).toBeLessThan(10);
  });
});
