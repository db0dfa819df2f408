import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export interface LoggerConfig {
  level: string;
  pretty?: boolean;
}

/** Structured JSON logs. Library code receives a Logger; it never writes to the console itself. */
export function createLogger(config: LoggerConfig, destination?: NodeJS.WritableStream): Logger {
  const options: LoggerOptions = {
    level: config.level,
    base: { service: 'csbot' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination === undefined ? pino(options) : pino(options, destination as pino.DestinationStream);
}

/** A logger that drops everything: for tests and for library defaults. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
