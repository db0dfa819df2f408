import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export interface LoggerConfig {
  level: string;
  pretty?: boolean;
  /** Secret values (the Direct Line secret, passwords) replaced by [Redacted] wherever they appear in a line. */
  redactValues?: readonly string[];
}

export const REDACTED = '[Redacted]';

/** Field names whose values are secrets wherever they appear (headers, bodies, options), up to three levels deep. */
const SECRET_FIELDS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'password',
  'secret',
  'token',
  'assertion',
  'directLineSecret',
  'appPassword',
  'hs256Secret',
  'accessToken',
  'refreshToken',
  'clientSecret',
];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const field of SECRET_FIELDS) {
    const plain = /^[A-Za-z_$][\w$]*$/.test(field);
    const top = plain ? field : `["${field}"]`;
    const nested = plain ? `.${field}` : top;
    paths.push(top, `*${nested}`, `*.*${nested}`, `*.*.*${nested}`);
  }
  return paths;
}

/**
 * Credentials that travel inside strings: `Bearer <credential>`, token query parameters (`?t=`, `token=`) and the
 * password of a connection URI (`mongodb://user:password@host`).
 */
const CREDENTIAL_IN_TEXT: [RegExp, string][] = [
  [/(\bBearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`],
  [/([?&](?:t|token|access_token|code)=)[^&\s"'#]+/gi, `$1${REDACTED}`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"]*:)[^\s@/"]+@/gi, `$1${REDACTED}@`],
];

function scrubber(values: readonly string[]): (line: string) => string {
  // Secrets are matched as they appear inside a JSON string (escaped), longest first.
  const escaped = [...new Set(values)]
    .filter((v) => v.length >= 4)
    .map((v) => JSON.stringify(v).slice(1, -1))
    .sort((a, b) => b.length - a.length);
  return (line) => {
    let out = line;
    for (const value of escaped) if (out.includes(value)) out = out.split(value).join(REDACTED);
    for (const [pattern, replacement] of CREDENTIAL_IN_TEXT) out = out.replace(pattern, replacement);
    return out;
  };
}

/** Requests are logged as method, url and headers; the secret headers are then removed by the redact paths. */
function requestSerializer(req: unknown): unknown {
  if (typeof req !== 'object' || req === null || !('method' in req)) return req;
  const { method, url, headers, socket } = req as { method?: string; url?: string; headers?: Record<string, unknown>; socket?: { remoteAddress?: string } };
  return { method, url, headers: { ...headers }, remoteAddress: socket?.remoteAddress };
}

/**
 * Structured JSON logs. Library code receives a Logger; it never writes to the console itself.
 * Secret fields are redacted by name and the configured secret values (and bearer credentials) by value, so a
 * request logged whole, an error message or a URL with a token never carries a credential.
 */
export function createLogger(config: LoggerConfig, destination?: NodeJS.WritableStream): Logger {
  const options: LoggerOptions = {
    level: config.level,
    base: { service: 'csbot' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactPaths(), censor: REDACTED },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err, req: requestSerializer, request: requestSerializer },
    hooks: { streamWrite: scrubber(config.redactValues ?? []) },
  };
  return destination === undefined ? pino(options) : pino(options, destination as pino.DestinationStream);
}

/** A logger that drops everything: for tests and for library defaults. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
