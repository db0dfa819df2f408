import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../../core/errors.js';
import { createLogger, silentLogger } from '../../core/logger.js';
import { openStore } from '../../core/storage/openStore.js';

const workDir = mkdtempSync(join(tmpdir(), 'csbot-open-store-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level: 'info' }, sink);
  return { logger, lines: () => chunks.join('').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('openStore', () => {
  it('opens SQLite at dataDir/csbot.sqlite when no MongoDB URI is set, creating the directory, and logs it', async () => {
    const dataDir = join(workDir, 'nested', 'data');
    const { logger, lines } = capturingLogger();
    const store = await openStore({ dataDir, mongodbUri: undefined, mongodbConnectTimeoutMs: 1000, demoData: false }, logger);
    expect(store.kind).toBe('sqlite');
    await store.ping();
    await store.close();
    expect(existsSync(join(dataDir, 'csbot.sqlite'))).toBe(true);
    expect(lines()).toContainEqual(expect.objectContaining({ kind: 'sqlite', path: join(dataDir, 'csbot.sqlite') }));
  });

  it('answers an unusable data directory with StorageUnavailableError', async () => {
    const blocker = join(workDir, 'a-file');
    writeFileSync(blocker, 'x');
    const attempt = openStore({ dataDir: join(blocker, 'data'), mongodbUri: undefined, mongodbConnectTimeoutMs: 1000, demoData: false }, silentLogger());
    await expect(attempt).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('uses MongoDB when a URI is set and fails fast with StorageUnavailableError when nothing listens there', async () => {
    const attempt = openStore({ dataDir: workDir, mongodbUri: 'mongodb://bot:secret@127.0.0.1:1/csbot', mongodbConnectTimeoutMs: 300, demoData: false }, silentLogger());
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(String((error as Error).message)).not.toContain('secret');
  });
});
