import { randomUUID } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../../core/errors.js';
import { MAX_NOTE_CHARS } from '../../../core/storage/consoleValidation.js';
import type { Conversation } from '../../../core/storage/types.js';
import type { ConsoleContext } from './consoleContext.js';
import { customerPanel } from './customerPanel.js';
import { jsonBody, param, queryOf, sendJson } from './http.js';

/** Tags people set: letters, digits, space, `_ . -`. Tags with a colon (`handoff:<reason>`) belong to the bot. */
const MANUAL_TAG = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,39}$/u;
const HANDOFF_PREFIX = 'handoff:';
const TRANSCRIPT_PAGE = 200;

const tag = z.string().trim().regex(MANUAL_TAG, 'a tag has 1-40 letters, digits, spaces, _ . or - (tags with ":" are set by the bot)');
const tagsSchema = z
  .object({ add: z.array(tag).max(20).default([]), remove: z.array(tag).max(20).default([]) })
  .refine((body) => body.add.length + body.remove.length > 0, 'give tags to add or remove');
const noteSchema = z.object({ text: z.string().trim().min(1).max(MAX_NOTE_CHARS) });
const pageQuery = z.object({ cursor: z.string().max(2000).optional() });

async function requireConversation(ctx: ConsoleContext, req: Request): Promise<Conversation> {
  const id = param(req, 'id');
  const conversation = await ctx.store.conversations.get(id);
  if (conversation === undefined) throw new NotFoundError(`conversation ${id} not found`);
  return conversation;
}

/** Why the bot handed the conversation over, from its `handoff:<reason>` tags. */
export function handoffReasons(conversation: Conversation): string[] {
  return conversation.tags.filter((t) => t.startsWith(HANDOFF_PREFIX)).map((t) => t.slice(HANDOFF_PREFIX.length));
}

/** One conversation: transcript with NLU annotations, handoff reasons, the customer panel, notes and tags. */
export function registerConversationRoutes(server: Server, ctx: ConsoleContext): void {
  server.get('/api/console/conversations/:id', async (req: Request, res: Response) => {
    await ctx.auth.authenticateRequest(req, 'conversations:read');
    const conversation = await requireConversation(ctx, req);
    await ctx.flushTranscripts();
    const transcript = await ctx.store.transcripts.list(conversation.id, { limit: TRANSCRIPT_PAGE });
    sendJson(res, 200, { conversation, handoffReasons: handoffReasons(conversation), transcript: { items: transcript.items, nextCursor: transcript.nextCursor ?? null }, serverTime: ctx.now() });
  });

  server.get('/api/console/conversations/:id/transcript', async (req: Request, res: Response) => {
    await ctx.auth.authenticateRequest(req, 'conversations:read');
    const conversation = await requireConversation(ctx, req);
    const { cursor } = queryOf(req, pageQuery);
    const page = await ctx.store.transcripts.list(conversation.id, { limit: TRANSCRIPT_PAGE, cursor });
    sendJson(res, 200, { items: page.items, nextCursor: page.nextCursor ?? null });
  });

  server.get('/api/console/conversations/:id/customer', async (req: Request, res: Response) => {
    await ctx.auth.authenticateRequest(req, 'customers:read');
    const conversation = await requireConversation(ctx, req);
    sendJson(res, 200, await customerPanel(ctx.store, conversation));
  });

  server.get('/api/console/conversations/:id/notes', async (req: Request, res: Response) => {
    await ctx.auth.authenticateRequest(req, 'conversations:read');
    const conversation = await requireConversation(ctx, req);
    const { cursor } = queryOf(req, pageQuery);
    const page = await ctx.store.conversationNotes.list(conversation.id, { limit: 200, cursor });
    sendJson(res, 200, { items: page.items, nextCursor: page.nextCursor ?? null });
  });

  server.post('/api/console/conversations/:id/notes', async (req: Request, res: Response) => {
    const principal = await ctx.auth.authenticateRequest(req, 'conversations:annotate');
    const conversation = await requireConversation(ctx, req);
    const { text } = jsonBody(req, noteSchema);
    const note = { id: randomUUID(), conversationId: conversation.id, authorId: principal.user.id, authorName: principal.user.displayName, text, createdAt: ctx.now() };
    await ctx.store.conversationNotes.add(note);
    await ctx.audit.record(principal, 'note_added', { type: 'conversation', id: conversation.id }, { noteId: note.id });
    sendJson(res, 201, note);
  });

  server.post('/api/console/conversations/:id/tags', async (req: Request, res: Response) => {
    const principal = await ctx.auth.authenticateRequest(req, 'conversations:annotate');
    const conversation = await requireConversation(ctx, req);
    const { add, remove } = jsonBody(req, tagsSchema);
    if (add.some((t) => remove.includes(t))) throw new ValidationError('a tag cannot be added and removed at once');
    const tags = [...new Set([...conversation.tags.filter((t) => !remove.includes(t)), ...add])];
    // Tagging keeps updatedAt, so it does not move the conversation in the queue or reset its waiting time.
    const updated = await ctx.store.conversations.update(conversation.id, { tags, updatedAt: conversation.updatedAt });
    await ctx.audit.record(principal, 'tags_changed', { type: 'conversation', id: conversation.id }, { added: add.join(','), removed: remove.join(',') });
    sendJson(res, 200, { conversation: updated, handoffReasons: handoffReasons(updated) });
  });
}
