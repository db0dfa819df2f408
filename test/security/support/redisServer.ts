import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestRedis {
  /** What REDIS_URL would be set to: redis://… or a unix socket path. */
  url: string;
  stop(): Promise<void>;
}

/** Why no Redis can be had for the tests, or undefined when one can (REDIS_TEST_URL, or a local redis-server). */
export function redisSkipReason(): string | undefined {
  if (process.env.REDIS_TEST_URL !== undefined && process.env.REDIS_TEST_URL !== '') return undefined;
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0 ? undefined : 'redis-server not installed and REDIS_TEST_URL not set (apt-get install -y redis-server)';
}

/**
 * REDIS_TEST_URL when set (CI), else a private redis-server on a unix socket in a temporary directory (no TCP
 * port, nothing persisted), stopped by stop().
 */
export async function startTestRedis(): Promise<TestRedis> {
  const configured = process.env.REDIS_TEST_URL;
  if (configured !== undefined && configured !== '') return { url: configured, stop: async () => undefined };
  const dir = mkdtempSync(path.join(tmpdir(), 'csbot-redis-'));
  const socket = path.join(dir, 'redis.sock');
  const child: ChildProcess = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error(`redis-server did not start (exit code ${String(child.exitCode)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: socket,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
