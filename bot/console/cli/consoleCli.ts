/**
 * `npm run console -- <command>`: account administration from the shell, for the first admin and for recovery.
 *   create-user --email EMAIL --role admin|agent|marketer [--name NAME]
 *   reset-password --email EMAIL
 *   list-users
 * The password is read from CONSOLE_USER_PASSWORD, else asked twice without echo (never taken from the command line,
 * which shells and process lists keep).
 */
import { parseArgs } from 'node:util';
import { environmentWithDotenv, loadConfig } from '../../../core/config.js';
import { isAppError } from '../../../core/errors.js';
import { createLogger } from '../../../core/logger.js';
import { CONSOLE_ROLES, type ConsoleRole } from '../../../core/storage/consoleTypes.js';
import { openStore } from '../../../core/storage/openStore.js';
import { SessionService } from '../auth/sessions.js';
import { UserService } from '../users.js';
import { readPassword } from './passwordPrompt.js';

const USAGE = `usage: npm run console -- create-user --email EMAIL --role ${CONSOLE_ROLES.join('|')} [--name NAME]
       npm run console -- reset-password --email EMAIL
       npm run console -- list-users
The password comes from CONSOLE_USER_PASSWORD or is asked without echo.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean' } } });
  const command = positionals[0];
  if (values.help === true || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined && values.help !== true ? 2 : 0;
  }
  const config = loadConfig(environmentWithDotenv());
  const logger = createLogger({ level: 'warn' });
  const store = await openStore(config.storage, logger);
  const sessions = new SessionService(store, { ttlMs: config.console.sessionTtlHours * 3_600_000, idleMs: config.console.sessionIdleMinutes * 60_000 });
  const users = new UserService(store, sessions);
  try {
    if (command === 'list-users') {
      const page = await store.consoleUsers.list({ limit: 1000 });
      for (const u of page.items) process.stdout.write(`${u.email}\t${u.role}${u.disabled ? '\tdisabled' : ''}\n`);
      return 0;
    }
    if (values.email === undefined) throw new Error(`--email is required\n${USAGE}`);
    if (command === 'create-user') {
      const role = values.role as ConsoleRole | undefined;
      if (role === undefined || !CONSOLE_ROLES.includes(role)) throw new Error(`--role must be one of ${CONSOLE_ROLES.join(', ')}`);
      const password = await readPassword(process.env.CONSOLE_USER_PASSWORD);
      const user = await users.create({ email: values.email, displayName: values.name ?? values.email.split('@')[0] ?? values.email, role, password });
      process.stdout.write(`created ${user.role} ${user.email}\n`);
      return 0;
    }
    if (command === 'reset-password') {
      const user = await store.consoleUsers.getByEmail(values.email);
      if (user === undefined) throw new Error(`no console user ${values.email}`);
      await users.setPassword(user.id, await readPassword(process.env.CONSOLE_USER_PASSWORD));
      process.stdout.write(`password of ${user.email} changed; their sessions have ended\n`);
      return 0;
    }
    throw new Error(`unknown command ${command}\n${USAGE}`);
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`console: ${isAppError(error) || error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
