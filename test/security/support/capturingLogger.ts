import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../core/logger.js';

export interface LogLine {
  level: string;
  msg?: string;
  err?: { code?: string; message?: string; type?: string };
  [key: string]: unknown;
}

/** The product's logger writing into memory: `text()` is everything written, `lines()` the parsed JSON lines. */
export function capturingLogger(options: { level?: string; redactValues?: string[] } = {}): { logger: Logger; text: () => string; lines: () => LogLine[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: options.level ?? 'debug', redactValues: options.redactValues ?? [] }, sink);
  const text = (): string => chunks.join('');
  const lines = (): LogLine[] =>
    text()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogLine);
  return { logger, text, lines };
}
