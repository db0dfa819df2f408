import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { openSqliteStore } from '../../core/storage/sqlite/sqliteStore.js';
import { verifyPassword } from '../../bot/console/auth/passwords.js';

const dataDir = mkdtempSync(join(tmpdir(), 'csbot-console-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}, input = '') {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bot/console/cli/consoleCli.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, DEMO_DATA: 'false', LOG_LEVEL: 'silent', ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run console (CLI)', () => {
  it('creates an admin with the password from the environment or a piped line, never from the arguments', async () => {
    const created = cli(['create-user', '--role', 'admin', '--email', 'Owner@Shop.Example', '--name', 'Owner'], { CONSOLE_USER_PASSWORD: 'a strong first password' });
    expect(created.stderr).toBe('');
    expect(created.stdout).toBe('created admin owner@shop.example\n');
    expect(cli(['create-user', '--role', 'agent', '--email', 'ada@shop.example'], {}, 'piped passphrase 42\n').status).toBe(0);
    expect(cli(['create-user', '--role', 'agent', '--email', 'weak@shop.example'], { CONSOLE_USER_PASSWORD: 'short' }).stderr).toContain('at least 12 characters');
    expect(cli(['create-user', '--role', 'root', '--email', 'x@shop.example']).stderr).toContain('--role must be one of admin, agent, marketer');
    expect(cli(['create-user', '--role', 'agent', '--email', 'ada@shop.example'], { CONSOLE_USER_PASSWORD: 'a strong first password' }).status).toBe(1);
    expect(cli(['list-users']).stdout).toBe('ada@shop.example\tagent\nowner@shop.example\tadmin\n');
    const store = await openSqliteStore(join(dataDir, 'csbot.sqlite'), silentLogger());
    const owner = await store.consoleUsers.getByEmail('owner@shop.example');
    expect(owner).toMatchObject({ role: 'admin', displayName: 'Owner' });
    expect(await verifyPassword(owner?.passwordHash, 'a strong first password')).toBe(true);
    expect(await verifyPassword((await store.consoleUsers.getByEmail('ada@shop.example'))?.passwordHash, 'piped passphrase 42')).toBe(true);
    await store.close();
  });
});
