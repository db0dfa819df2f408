import type { Config } from '../../../core/config.js';
import type { Logger } from '../../../core/logger.js';
import type { AuditRecorder } from '../audit.js';
import type { ApiTokenService } from '../auth/apiTokens.js';
import type { ConsoleAuthenticator } from '../auth/authenticator.js';
import type { RateLimiter } from '../auth/rateLimiter.js';
import type { SessionService } from '../auth/sessions.js';
import type { ConsoleStore } from '../consoleStore.js';
import type { UserService } from '../users.js';

/** What the console's route modules share (built once by registerConsole). */
export interface ConsoleContext {
  store: ConsoleStore;
  auth: ConsoleAuthenticator;
  sessions: SessionService;
  tokens: ApiTokenService;
  users: UserService;
  audit: AuditRecorder;
  loginLimits: { perAccount: RateLimiter; perIp: RateLimiter };
  config: Config['console'];
  /** Writes queued transcript entries, so a view shows every message the bot has handled. */
  flushTranscripts: () => Promise<void>;
  logger: Logger;
  now: () => Date;
}
