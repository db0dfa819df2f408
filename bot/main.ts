import { environmentWithDotenv, loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { buildServer } from './server.js';

/** Entry point: config → logger → server → listen; graceful shutdown on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig(environmentWithDotenv());
  const logger = createLogger(config.logging);
  const bot = await buildServer(config, { logger });
  const { url } = await bot.listen();
  logger.info({ url, messages: `${url}/api/messages`, directLine: `${url}/v3/directline`, demo: config.security.demoMode ? `${url}/` : 'off' }, 'bot listening');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    bot
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`bot failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
