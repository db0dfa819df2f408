import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { AppError, NotFoundError, ValidationError } from '../core/errors.js';
import { CONVERSATION_STATUSES } from '../core/storage/types.js';
import type { ConversationHub } from './directline/conversationHub.js';
import type { DirectLineTokens } from './directline/directLineTokens.js';
import type { BotStore } from './ports.js';
import { AGENT_CHANNEL_DATA_KEY, type StoreTranscriptStore } from './transcripts/storeTranscriptStore.js';

/**
 * A small REST API for human agents: list pending conversations, read a transcript, answer, release back to
 * the bot. Protected by the Direct Line secret (`Authorization: Bearer <DIRECTLINE_SECRET>`).
 */
export interface AgentRouteDeps {
  store: BotStore;
  hub: ConversationHub;
  tokens: DirectLineTokens;
  transcriptStore: StoreTranscriptStore;
}

const messageSchema = z.object({ text: z.string().trim().min(1).max(4000), agent: z.string().trim().min(1).max(64).default('agent') });

function requireAgent(deps: AgentRouteDeps, req: Request): void {
  const header = req.headers.authorization;
  const credential = typeof header === 'string' ? header.replace(/^Bearer\s+/i, '') : '';
  if (!deps.tokens.isSecret(credential)) throw new AppError('UNAUTHORIZED', 'agent API needs "Authorization: Bearer <DIRECTLINE_SECRET>"');
}

async function requireConversation(deps: AgentRouteDeps, id: string | undefined) {
  const conversation = id === undefined ? undefined : await deps.store.conversations.get(id);
  if (conversation === undefined) throw new NotFoundError(`conversation ${id ?? ''} not found`);
  return conversation;
}

export function registerAgentRoutes(server: Server, deps: AgentRouteDeps): void {
  server.get('/api/agent/conversations', async (req: Request, res: Response) => {
    requireAgent(deps, req);
    const status = z.enum(CONVERSATION_STATUSES).optional().safeParse(req.query.status);
    if (!status.success) throw new ValidationError(`status must be one of ${CONVERSATION_STATUSES.join(', ')}`);
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const page = await deps.store.conversations.list({ ...(status.data === undefined ? {} : { status: status.data }), ...(cursor === undefined ? {} : { cursor }) });
    res.send(200, page);
  });

  server.get('/api/agent/conversations/:id/transcript', async (req: Request, res: Response) => {
    requireAgent(deps, req);
    const conversation = await requireConversation(deps, req.params.id);
    await deps.transcriptStore.flush();
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    res.send(200, { conversation, ...(await deps.store.transcripts.list(conversation.id, cursor === undefined ? {} : { cursor })) });
  });

  server.post('/api/agent/conversations/:id/messages', async (req: Request, res: Response) => {
    requireAgent(deps, req);
    const conversation = await requireConversation(deps, req.params.id);
    const parsed = messageSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw new ValidationError(`invalid message: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    if (!deps.hub.has(conversation.id)) throw new AppError('NOT_IMPLEMENTED', 'agent messages are only supported on Direct Line conversations of this process');
    const activity = {
      type: 'message',
      text: parsed.data.text,
      from: { id: `agent:${parsed.data.agent}`, name: parsed.data.agent, role: 'bot' },
      conversation: { id: conversation.id, isGroup: false, conversationType: 'personal', name: '' },
      channelId: 'directline',
      channelData: { [AGENT_CHANNEL_DATA_KEY]: parsed.data.agent },
      timestamp: new Date(),
    };
    const id = deps.hub.append(conversation.id, activity);
    deps.transcriptStore.logActivity({ ...activity, id } as Parameters<StoreTranscriptStore['logActivity']>[0]);
    if (conversation.status === 'pending') await deps.store.conversations.update(conversation.id, { status: 'agent', assignedAgent: parsed.data.agent, updatedAt: new Date() });
    res.send(200, { id });
  });

  server.post('/api/agent/conversations/:id/release', async (req: Request, res: Response) => {
    requireAgent(deps, req);
    const conversation = await requireConversation(deps, req.params.id);
    const updated = await deps.store.conversations.update(conversation.id, { status: 'bot', updatedAt: new Date() });
    res.send(200, updated);
  });
}
