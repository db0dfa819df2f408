import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { AppError, ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ConversationHub } from './conversationHub.js';
import { DIRECT_LINE_BOT, DIRECT_LINE_CHANNEL, type DirectLineAdapter } from './directLineAdapter.js';
import type { DirectLineClaims, DirectLineTokens } from './directLineTokens.js';

export const DIRECT_LINE_BASE = '/v3/directline';

export interface DirectLineDeps {
  hub: ConversationHub;
  adapter: DirectLineAdapter;
  tokens: DirectLineTokens;
  logic: (context: TurnContext) => Promise<void>;
  /** ws(s)://host the stream URLs point at; derived from the request when undefined. */
  publicUrl: string | undefined;
  logger: Logger;
}

type Caller = { kind: 'secret' } | { kind: 'token'; claims: DirectLineClaims };

function bearer(req: Request): string {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (match?.[1] === undefined) throw new AppError('UNAUTHORIZED', 'missing "Authorization: Bearer <secret or token>" header');
  return match[1];
}

function authorize(deps: DirectLineDeps, req: Request, conversationId?: string): Caller {
  const credential = bearer(req);
  if (deps.tokens.isSecret(credential)) return { kind: 'secret' };
  const claims = deps.tokens.verify(credential);
  if (conversationId !== undefined && claims.conversationId !== conversationId) {
    throw new AppError('UNAUTHORIZED', 'token is not valid for this conversation', { status: 403 });
  }
  return { kind: 'token', claims };
}

function requireSecret(caller: Caller): void {
  if (caller.kind !== 'secret') throw new AppError('UNAUTHORIZED', 'this operation needs the Direct Line secret', { status: 403 });
}

const userSchema = z.object({ user: z.object({ id: z.string().min(1).max(128), name: z.string().max(128).optional() }).optional() }).passthrough();

const incomingActivitySchema = z
  .object({
    type: z.enum(['message', 'event', 'typing']),
    text: z.string().optional(),
    value: z.unknown().optional(),
    name: z.string().max(256).optional(),
    from: z.object({ id: z.string().min(1).max(128), name: z.string().max(128).optional() }).passthrough(),
    locale: z.string().max(32).optional(),
    channelData: z.unknown().optional(),
    attachments: z.array(z.unknown()).max(0, 'attachments are not supported: use text').optional(),
  })
  .passthrough();

function jsonBody(req: Request, required: boolean): unknown {
  const raw = req.body;
  if (raw === undefined || raw === null || raw === '') {
    if (required) throw new ValidationError('request body is required');
    return {};
  }
  const type = req.getContentType();
  if (type !== 'application/json') throw new AppError('VALIDATION_FAILED', 'Content-Type must be application/json', { status: 415 });
  if (typeof raw !== 'object') throw new ValidationError('request body must be a JSON object');
  return raw;
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(`invalid request body: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function conversationIdParam(req: Request): string {
  const id = req.params.conversationId;
  if (id === undefined || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ValidationError('invalid conversation id');
  return id;
}

function streamUrl(deps: DirectLineDeps, req: Request, conversationId: string, token: string, watermark?: string): string {
  const base = deps.publicUrl ?? `http://${req.headers.host ?? 'localhost'}`;
  const ws = base.replace(/^http/, 'ws').replace(/\/$/, '');
  const query = new URLSearchParams({ t: token });
  if (watermark !== undefined) query.set('watermark', watermark);
  return `${ws}${DIRECT_LINE_BASE}/conversations/${conversationId}/stream?${query.toString()}`;
}

/** Registers the Direct Line 3.0 subset Web Chat needs. Errors are thrown as AppErrors (mapped by the server). */
export function registerDirectLineRoutes(server: Server, deps: DirectLineDeps): void {
  const startConversation = async (conversationId: string): Promise<void> => {
    if (!deps.hub.start(conversationId)) return;
    const userId = deps.hub.userOf(conversationId);
    const members = [DIRECT_LINE_BOT, ...(userId === undefined ? [] : [{ id: userId, name: userId }])];
    const update: Partial<Activity> = {
      type: ActivityTypes.ConversationUpdate,
      channelId: DIRECT_LINE_CHANNEL,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      recipient: DIRECT_LINE_BOT,
      from: userId === undefined ? { id: 'directline', name: 'directline' } : { id: userId, name: userId },
      membersAdded: members,
      timestamp: new Date(),
      serviceUrl: '',
    };
    await deps.adapter.processActivity(update, deps.logic);
  };

  server.post(`${DIRECT_LINE_BASE}/tokens/generate`, async (req: Request, res: Response) => {
    requireSecret(authorize(deps, req));
    const body = parseBody(userSchema, jsonBody(req, false));
    const conversationId = deps.hub.create(body.user?.id);
    const issued = deps.tokens.issue(conversationId, body.user?.id);
    res.send(200, { conversationId, token: issued.token, expires_in: issued.expiresIn });
  });

  server.post(`${DIRECT_LINE_BASE}/tokens/refresh`, async (req: Request, res: Response) => {
    const caller = authorize(deps, req);
    if (caller.kind !== 'token') throw new ValidationError('refresh needs a token, not the secret');
    const issued = deps.tokens.issue(caller.claims.conversationId, caller.claims.userId);
    res.send(200, { conversationId: caller.claims.conversationId, token: issued.token, expires_in: issued.expiresIn });
  });

  server.post(`${DIRECT_LINE_BASE}/conversations`, async (req: Request, res: Response) => {
    const caller = authorize(deps, req);
    let conversationId: string;
    let token: string;
    let expiresIn: number;
    let created = true;
    if (caller.kind === 'secret') {
      const body = parseBody(userSchema, jsonBody(req, false));
      conversationId = deps.hub.create(body.user?.id);
      ({ token, expiresIn } = deps.tokens.issue(conversationId, body.user?.id));
    } else {
      conversationId = caller.claims.conversationId;
      if (!deps.hub.has(conversationId)) throw new AppError('NOT_FOUND', 'conversation no longer exists: generate a new token');
      token = bearer(req);
      expiresIn = Math.max(0, caller.claims.expiresAt - Math.floor(Date.now() / 1000));
      created = !deps.hub.has(conversationId) || deps.hub.activitiesAfter(conversationId, undefined).activities.length === 0;
    }
    await startConversation(conversationId);
    res.send(created ? 201 : 200, { conversationId, token, expires_in: expiresIn, streamUrl: streamUrl(deps, req, conversationId, token) });
  });

  server.get(`${DIRECT_LINE_BASE}/conversations/:conversationId`, async (req: Request, res: Response) => {
    const conversationId = conversationIdParam(req);
    const caller = authorize(deps, req, conversationId);
    if (!deps.hub.has(conversationId)) throw new AppError('NOT_FOUND', `conversation ${conversationId} not found`);
    const token = caller.kind === 'token' ? bearer(req) : deps.tokens.issue(conversationId, deps.hub.userOf(conversationId)).token;
    const watermark = typeof req.query.watermark === 'string' ? req.query.watermark : undefined;
    res.send(200, { conversationId, token, streamUrl: streamUrl(deps, req, conversationId, token, watermark) });
  });

  server.get(`${DIRECT_LINE_BASE}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const conversationId = conversationIdParam(req);
    authorize(deps, req, conversationId);
    const watermark = typeof req.query.watermark === 'string' ? req.query.watermark : undefined;
    res.send(200, deps.hub.activitiesAfter(conversationId, watermark));
  });

  server.post(`${DIRECT_LINE_BASE}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const conversationId = conversationIdParam(req);
    const caller = authorize(deps, req, conversationId);
    const body = parseBody(incomingActivitySchema, jsonBody(req, true));
    if (!deps.hub.has(conversationId)) throw new AppError('NOT_FOUND', `conversation ${conversationId} not found`);
    const boundUser = caller.kind === 'token' ? caller.claims.userId : undefined;
    const from = { ...body.from, id: boundUser ?? body.from.id, role: 'user' };
    const activity = {
      ...body,
      from,
      channelId: DIRECT_LINE_CHANNEL,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      recipient: DIRECT_LINE_BOT,
      serviceUrl: '',
      timestamp: new Date(),
    } as Partial<Activity>;
    activity.id = deps.hub.append(conversationId, activity);
    try {
      await deps.adapter.processActivity(activity, deps.logic);
    } catch (error) {
      deps.logger.error({ err: error, conversationId }, 'bot turn failed');
      throw new AppError('INTERNAL', 'the bot could not process the activity', { status: 502, cause: error });
    }
    res.send(200, { id: activity.id });
  });

  server.post(`${DIRECT_LINE_BASE}/conversations/:conversationId/upload`, async () => {
    throw new AppError('NOT_IMPLEMENTED', 'uploads are not supported by this bot');
  });
}
