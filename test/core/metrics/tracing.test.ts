import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config.js';
import { createLogger } from '../../../core/logger.js';
import { parseOtlpHeaders } from '../../../core/metrics/otlpHeaders.js';
import { startTracing } from '../../../core/metrics/tracing.js';

interface Received {
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

let collector: Server | undefined;

/** A stand-in OpenTelemetry collector: records every OTLP/HTTP request it gets. */
async function startCollector(): Promise<{ endpoint: string; received: Received[] }> {
  const received: Received[] = [];
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const server = collector;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received };
}

function capturedLogger() {
  const lines: Array<{ level: string; msg: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as { level: string; msg: string });
      done();
    },
  });
  return { logger: createLogger({ level: 'info' }, sink), lines };
}

afterEach(async () => {
  const server = collector;
  collector = undefined;
  if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('startTracing', () => {
  it('exports spans to <endpoint>/v1/traces with the service name and the configured headers', async () => {
    const { endpoint, received } = await startCollector();
    const { logger, lines } = capturedLogger();
    const config = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s%3Dcret',
      OTEL_SERVICE_NAME: 'csbot-test',
    });
    const tracing = await startTracing(config.tracing, logger);
    expect(tracing.enabled).toBe(true);
    trace
      .getTracer('csbot')
      .startSpan('bot.turn', { attributes: { 'csbot.channel': 'directline' } })
      .end();
    await tracing.shutdown();
    expect(received.map((r) => r.path)).toEqual(['/v1/traces']);
    expect(received[0]?.headers['x-api-key']).toBe('s=cret');
    expect(received[0]?.body).toContain('"bot.turn"');
    expect(received[0]?.body).toContain('"csbot-test"');
    expect(lines.map((l) => l.msg)).toContain('tracing on: exporting OpenTelemetry spans over OTLP/HTTP');
    expect(JSON.stringify(lines)).not.toContain('cret');
  });

  it('stays off without an endpoint and says so; spans are then dropped', async () => {
    const { logger, lines } = capturedLogger();
    const tracing = await startTracing(loadConfig({}).tracing, logger);
    expect(tracing.enabled).toBe(false);
    expect(trace.getTracer('csbot').startSpan('bot.turn').isRecording()).toBe(false);
    expect(lines.map((l) => l.msg)).toEqual(['tracing off: set OTEL_EXPORTER_OTLP_ENDPOINT to export OpenTelemetry traces']);
  });

  it('stays off with a warning when the optional SDK packages cannot be loaded', async () => {
    const { logger, lines } = capturedLogger();
    const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
    const tracing = await startTracing(config.tracing, logger, () =>
      Promise.reject(new Error("Cannot find package '@opentelemetry/sdk-trace'")),
    );
    expect(tracing.enabled).toBe(false);
    expect(lines.map((l) => l.level)).toEqual(['warn']);
    expect(lines[0]?.msg).toMatch(/optional OpenTelemetry packages are not installed/);
  });
});

describe('tracing configuration', () => {
  it('parses OTLP headers and rejects malformed ones and non-URL endpoints, naming the variable', () => {
    expect(parseOtlpHeaders('a=1, b = two%20words,')).toEqual({ a: '1', b: 'two words' });
    expect(parseOtlpHeaders('novalue')).toBeUndefined();
    expect(parseOtlpHeaders('a=%E0%A4%A')).toBeUndefined();
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_HEADERS: '=x' })).toThrow(/OTEL_EXPORTER_OTLP_HEADERS/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(loadConfig({}).tracing).toEqual({ endpoint: undefined, headers: {}, serviceName: 'csbot' });
  });
});
