import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../core/config.js';
import { ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { createEncoder } from '../encoder/createEncoder.js';
import { CachingEncoder } from '../features/cachingEncoder.js';
import type { Encoder } from '../types.js';

/** What every `npm run nlu` command gets: config, a logger on stderr, output streams and the encoder. */
export interface CliContext {
  config: Config;
  logger: Logger;
  out: (text: string) => void;
  /** Progress lines (stderr). */
  progress: (line: string) => void;
  /** Opens the configured encoder once (or returns the injected one). */
  encoder: () => Promise<Encoder>;
}

export type CliValues = Record<string, string | boolean | undefined>;

export function stringOption(values: CliValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listOption(values: CliValues, name: string): string[] {
  return (stringOption(values, name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function numberOption(values: CliValues, name: string, fallback: number): number {
  const raw = stringOption(values, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!Number.isFinite(parsed)) throw new ValidationError(`--${name} must be a number, got '${raw}'`);
  return parsed;
}

export function encoderOpener(config: Config, logger: Logger, injected?: Encoder): () => Promise<Encoder> {
  let opened: Promise<Encoder> | undefined;
  return () => {
    opened ??= injected !== undefined ? Promise.resolve(injected) : createEncoder(config.nlu, { dataDir: config.storage.dataDir, logger, tfjsBackend: config.tfjsBackend, cacheSize: 0 });
    return opened;
  };
}

/**
 * A caching encoder whose vectors persist under `${dataDir}/cache/embeddings/` for the given input files, so
 * repeated evaluation runs over the same corpus embed it once. `--no-cache` turns this off.
 */
export async function cachedEncoderFor(ctx: CliContext, files: readonly string[], useDiskCache: boolean): Promise<{ encoder: CachingEncoder; persist: () => Promise<void> }> {
  const raw = await ctx.encoder();
  let lastReported = 0;
  const encoder = new CachingEncoder(raw, 128, (done, total) => {
    if (done === total || done - lastReported >= 1024) {
      lastReported = done;
      ctx.progress(`embedding ${done}/${total}`);
    }
  });
  if (!useDiskCache) return { encoder, persist: async () => undefined };
  const key = createHash('sha256').update(files.map((f) => path.resolve(f)).join('|')).digest('hex').slice(0, 12);
  const dir = path.join(ctx.config.storage.dataDir, 'cache', 'embeddings');
  const prefix = `${raw.id.replace(/[^A-Za-z0-9._-]+/g, '_')}-`;
  const file = path.join(dir, `${prefix}${key}`);
  // Every cache of this encoder is read: corpora shared between runs (a train file with another test) embed once.
  const caches = (await readdir(dir).catch(() => [])).filter((name) => name.startsWith(prefix) && name.endsWith('.json'));
  let loaded = 0;
  for (const name of caches) loaded += await encoder.loadFrom(path.join(dir, name.slice(0, -'.json'.length)));
  if (loaded > 0) ctx.progress(`embedding cache: ${loaded} vectors from ${caches.length} file(s) in ${dir}`);
  return {
    encoder,
    persist: async () => {
      await encoder.saveTo(file);
      ctx.progress(`embedding cache: ${encoder.size} vectors saved to ${file}`);
    },
  };
}
