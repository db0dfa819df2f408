import { ConfigError } from './errors.js';

/** Parsers for configuration values that need more than a zod schema; each error names its variable. */

export function invalid(variable: string, problem: string): ConfigError {
  return new ConfigError(`Invalid configuration: ${variable}: ${problem}`);
}

/** `https://shop.example, http://localhost:3000` → origins, each checked to be scheme://host[:port]; `*` stands alone. */
export function parseOrigins(value: string): string[] {
  const origins = value.split(',').map((o) => o.trim()).filter((o) => o !== '');
  for (const origin of origins) {
    if (origin === '*') continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin.replace(/\/$/, '')) {
      throw invalid('ALLOWED_ORIGINS', `'${origin}' is not an origin like https://shop.example`);
    }
  }
  return origins.map((o) => o.replace(/\/$/, ''));
}

export function checkedPattern(variable: string, source: string): string {
  try {
    new RegExp(source, 'gi');
  } catch (error) {
    throw invalid(variable, `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`);
  }
  return source;
}

/** PII_KEEP_PATTERNS is a JSON array of regular expressions: `["\\bRMA-\\d{6}\\b"]`. */
export function parseKeepPatterns(value: string | undefined): string[] {
  if (value === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string' && p !== '')) {
    throw invalid('PII_KEEP_PATTERNS', 'expected a JSON array of regular expressions, e.g. ["\\\\bRMA-\\\\d{6}\\\\b"]');
  }
  return parsed.map((p: string) => checkedPattern('PII_KEEP_PATTERNS', p));
}

/** The password part of a connection URI (mongodb://user:pass@host), if any. */
export function uriPassword(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  try {
    const password = decodeURIComponent(new URL(uri).password);
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}
