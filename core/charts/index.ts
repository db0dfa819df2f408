export { lineChartSvg, type LineChartSpec, type LineSeries } from './lineChart.js';
export { histogramSvg, binCounts, type HistogramSpec } from './histogram.js';
export { heatmapSvg, heatColour, type HeatmapSpec } from './heatmap.js';
export { htmlReport, htmlTable, type ReportSection } from './htmlReport.js';
export { escapeXml, formatNumber, niceTicks } from './svgText.js';
