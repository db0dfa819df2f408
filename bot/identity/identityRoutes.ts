import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { AppError, ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { CustomerAssertionVerifier, VerifiedCustomer } from './customerAssertion.js';

export const IDENTITY_TOKEN_ROUTE = '/api/identity/token';

/** A Direct Line conversation whose token is bound to one customer. */
export interface BoundConversation {
  conversationId: string;
  token: string;
  expiresIn: number;
}

/** Creates a conversation bound to `customerId` and a token for it (the Direct Line runtime provides it). */
export type StartBoundConversation = (customerId: string) => Promise<BoundConversation>;

export interface IdentityRouteDeps {
  /** Undefined when no assertion key is configured: the route then answers 501. */
  verifier: CustomerAssertionVerifier | undefined;
  startConversation: StartBoundConversation;
  logger: Logger;
}

const requestSchema = z.object({ assertion: z.string().min(1).max(8192) });

/**
 * POST /api/identity/token {"assertion": "<JWT signed by the shop>"} → a Direct Line token bound to the asserted
 * customer: {conversationId, token, expires_in}. The page hands the token to Web Chat; the customer id it carries
 * cannot be changed by the client.
 */
export function registerIdentityRoutes(server: Server, deps: IdentityRouteDeps): void {
  server.post(IDENTITY_TOKEN_ROUTE, async (req: Request, res: Response) => {
    if (deps.verifier === undefined) {
      throw new AppError('NOT_IMPLEMENTED', 'customer identity is not configured: set IDENTITY_ISSUER, IDENTITY_AUDIENCE and IDENTITY_HS256_SECRET, IDENTITY_PUBLIC_KEY_FILE or IDENTITY_JWKS_FILE');
    }
    const parsed = requestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw new ValidationError('body must be {"assertion": "<signed JWT>"}');
    let customer: VerifiedCustomer;
    try {
      customer = await deps.verifier.verify(parsed.data.assertion);
    } catch (error) {
      deps.logger.info({ reason: error instanceof AppError ? error.details?.reason : undefined }, 'customer assertion rejected');
      throw error;
    }
    const conversation = await deps.startConversation(customer.customerId);
    deps.logger.info({ conversationId: conversation.conversationId }, 'conversation bound to a verified customer');
    res.send(200, { conversationId: conversation.conversationId, token: conversation.token, expires_in: conversation.expiresIn });
  });
}

/** Today's in-process Direct Line: a hub conversation bound to the customer plus a token that carries the binding. */
export function hubConversationStarter(
  hub: { create(userId?: string): string },
  tokens: { issue(conversationId: string, userId?: string): { token: string; expiresIn: number } },
): StartBoundConversation {
  return async (customerId) => {
    const conversationId = hub.create(customerId);
    const issued = tokens.issue(conversationId, customerId);
    return { conversationId, token: issued.token, expiresIn: issued.expiresIn };
  };
}
