import { ValidationError } from '../errors.js';
import {
  CONVERSATION_STATUSES,
  INTERACTION_KINDS,
  ORDER_STATUSES,
  TRANSCRIPT_ROLES,
  type Conversation,
  type Customer,
  type Interaction,
  type InteractionKind,
  type Order,
  type Product,
  type TranscriptEntry,
} from './types.js';

/**
 * Input checks shared by every adapter. Each `problemIn*` returns a human-readable problem, or undefined
 * when the record is valid; bulk calls turn a problem into a VALIDATION_FAILED rejection, single calls throw.
 */

export const MAX_ID_LENGTH = 512;

type Problem = string | undefined;

function idProblem(value: unknown, field: string): Problem {
  if (typeof value !== 'string' || value.trim().length === 0) return `${field} must be a non-empty string`;
  if (value.length > MAX_ID_LENGTH) return `${field} is longer than ${MAX_ID_LENGTH} characters`;
  return undefined;
}

function dateProblem(value: unknown, field: string): Problem {
  return value instanceof Date && Number.isFinite(value.getTime()) ? undefined : `${field} must be a valid Date`;
}

function optionalDateProblem(value: unknown, field: string): Problem {
  return value === undefined ? undefined : dateProblem(value, field);
}

function stringProblem(value: unknown, field: string, allowEmpty: boolean): Problem {
  if (typeof value !== 'string') return `${field} must be a string`;
  return !allowEmpty && value.trim().length === 0 ? `${field} must not be empty` : undefined;
}

function optionalStringProblem(value: unknown, field: string): Problem {
  return value === undefined ? undefined : stringProblem(value, field, true);
}

function finiteProblem(value: unknown, field: string): Problem {
  return typeof value === 'number' && Number.isFinite(value) ? undefined : `${field} must be a finite number`;
}

function oneOfProblem(value: unknown, allowed: readonly string[], field: string): Problem {
  return typeof value === 'string' && allowed.includes(value) ? undefined : `${field} must be one of ${allowed.join(', ')}`;
}

function first(...problems: Problem[]): Problem {
  return problems.find((p) => p !== undefined);
}

function recordProblem(value: unknown): Problem {
  return value !== null && typeof value === 'object' ? undefined : 'record must be an object';
}

export function problemInCustomer(c: Customer): Problem {
  return (
    recordProblem(c) ??
    first(
      idProblem(c.id, 'id'),
      c.externalId === undefined ? undefined : idProblem(c.externalId, 'externalId'),
      optionalStringProblem(c.name, 'name'),
      optionalStringProblem(c.email, 'email'),
      optionalStringProblem(c.locale, 'locale'),
      optionalStringProblem(c.country, 'country'),
      dateProblem(c.createdAt, 'createdAt'),
    )
  );
}

export function problemInProduct(p: Product): Problem {
  return (
    recordProblem(p) ??
    first(
      idProblem(p.id, 'id'),
      stringProblem(p.title, 'title', false),
      stringProblem(p.description, 'description', true),
      optionalStringProblem(p.category, 'category'),
      p.price === undefined ? undefined : finiteProblem(p.price, 'price'),
      p.price !== undefined && p.price < 0 ? 'price must not be negative' : undefined,
      stringProblem(p.currency, 'currency', false),
      typeof p.inStock === 'boolean' ? undefined : 'inStock must be a boolean',
      optionalStringProblem(p.url, 'url'),
      optionalStringProblem(p.imageUrl, 'imageUrl'),
    )
  );
}

export function problemInInteraction(i: Interaction): Problem {
  return (
    recordProblem(i) ??
    first(
      idProblem(i.id, 'id'),
      idProblem(i.customerId, 'customerId'),
      idProblem(i.productId, 'productId'),
      oneOfProblem(i.kind, INTERACTION_KINDS, 'kind'),
      finiteProblem(i.value, 'value'),
      dateProblem(i.timestamp, 'timestamp'),
      stringProblem(i.source, 'source', false),
    )
  );
}

export function problemInOrder(o: Order): Problem {
  const base =
    recordProblem(o) ??
    first(
      idProblem(o.id, 'id'),
      idProblem(o.customerId, 'customerId'),
      Array.isArray(o.lines) ? undefined : 'lines must be an array',
      oneOfProblem(o.status, ORDER_STATUSES, 'status'),
      stringProblem(o.currency, 'currency', false),
      optionalStringProblem(o.trackingNumber, 'trackingNumber'),
      dateProblem(o.placedAt, 'placedAt'),
      dateProblem(o.updatedAt, 'updatedAt'),
      optionalDateProblem(o.shippedAt, 'shippedAt'),
      optionalDateProblem(o.deliveredAt, 'deliveredAt'),
    );
  if (base !== undefined) return base;
  for (const [index, line] of o.lines.entries()) {
    const problem =
      recordProblem(line) ??
      first(
        idProblem(line.productId, `lines[${index}].productId`),
        finiteProblem(line.quantity, `lines[${index}].quantity`),
        finiteProblem(line.unitPrice, `lines[${index}].unitPrice`),
      );
    if (problem !== undefined) return problem;
  }
  return undefined;
}

export function problemInConversation(c: Conversation): Problem {
  return (
    recordProblem(c) ??
    first(
      idProblem(c.id, 'id'),
      stringProblem(c.channel, 'channel', false),
      c.customerId === undefined ? undefined : idProblem(c.customerId, 'customerId'),
      oneOfProblem(c.status, CONVERSATION_STATUSES, 'status'),
      optionalStringProblem(c.assignedAgent, 'assignedAgent'),
      Array.isArray(c.tags) && c.tags.every((t) => typeof t === 'string') ? undefined : 'tags must be an array of strings',
      dateProblem(c.createdAt, 'createdAt'),
      dateProblem(c.updatedAt, 'updatedAt'),
    )
  );
}

export function problemInTranscriptEntry(e: TranscriptEntry): Problem {
  const base =
    recordProblem(e) ??
    first(
      idProblem(e.id, 'id'),
      idProblem(e.conversationId, 'conversationId'),
      optionalStringProblem(e.activityId, 'activityId'),
      oneOfProblem(e.role, TRANSCRIPT_ROLES, 'role'),
      stringProblem(e.text, 'text', true),
      dateProblem(e.timestamp, 'timestamp'),
      e.nlu === undefined ? undefined : recordProblem(e.nlu),
    );
  if (base !== undefined || e.nlu === undefined) return base;
  const nlu = e.nlu;
  return first(
    optionalStringProblem(nlu.intent, 'nlu.intent'),
    nlu.confidence === undefined ? undefined : finiteProblem(nlu.confidence, 'nlu.confidence'),
    nlu.outOfScope === undefined || typeof nlu.outOfScope === 'boolean' ? undefined : 'nlu.outOfScope must be a boolean',
    nlu.sentiment === undefined ? undefined : oneOfProblem(nlu.sentiment, ['negative', 'neutral', 'positive'], 'nlu.sentiment'),
    nlu.sentimentScore === undefined ? undefined : finiteProblem(nlu.sentimentScore, 'nlu.sentimentScore'),
  );
}

/** Throws a ValidationError naming the problem, if there is one. */
export function assertNoProblem(problem: Problem, what: string): void {
  if (problem !== undefined) throw new ValidationError(`Invalid ${what}: ${problem}`, { details: { problem } });
}

/** For lookups by id: an empty or non-string id is a caller bug, not a miss. */
export function assertId(id: unknown, field = 'id'): asserts id is string {
  assertNoProblem(idProblem(id, field), field);
}

/** Stream/list filters. */
export function assertInteractionKinds(kinds: readonly InteractionKind[] | undefined): void {
  if (kinds === undefined) return;
  if (!Array.isArray(kinds)) throw new ValidationError('kinds must be an array');
  for (const kind of kinds) assertNoProblem(oneOfProblem(kind, INTERACTION_KINDS, 'kind'), 'interaction kind filter');
}

export function assertOptionalDate(value: Date | undefined, field: string): void {
  assertNoProblem(optionalDateProblem(value, field), field);
}

export function assertConversationStatusFilter(status: unknown): void {
  if (status !== undefined) assertNoProblem(oneOfProblem(status, CONVERSATION_STATUSES, 'status'), 'status filter');
}

/** Validates every entry before anything is written: append is all or nothing. */
export function assertTranscriptEntries(entries: TranscriptEntry[]): void {
  if (!Array.isArray(entries)) throw new ValidationError('append expects an array of transcript entries');
  entries.forEach((entry, index) => assertNoProblem(problemInTranscriptEntry(entry), `transcript entry ${index}`));
}

export function assertBatchSize(batchSize: number | undefined): number {
  if (batchSize === undefined) return 5000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw new ValidationError('batchSize must be an integer between 1 and 100000', { details: { batchSize } });
  }
  return batchSize;
}
