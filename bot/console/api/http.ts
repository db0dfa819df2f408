import type { Request, Response } from 'restify';
import type { z } from 'zod';
import { AppError, ValidationError } from '../../../core/errors.js';

/** Small helpers shared by the console's JSON routes. */

/** The JSON body validated by `schema`; a body that is not JSON is refused (415), a bad field named (400). */
export function jsonBody<T>(req: Request, schema: z.ZodType<T>): T {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new AppError('VALIDATION_FAILED', 'send a JSON body (Content-Type: application/json)', { status: 415 });
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
    throw new ValidationError(`invalid request: ${field}${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The query string validated by `schema` (values are strings; the schema coerces). */
export function queryOf<T>(req: Request, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(req.query ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(`invalid query: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function param(req: Request, name: string): string {
  const value = req.params[name];
  if (value === undefined || value === '') throw new ValidationError(`missing ${name}`);
  return value;
}

/** API answers are private and never cached. */
export function sendJson(res: Response, status: number, body: unknown): void {
  res.header('Cache-Control', 'no-store');
  res.send(status, body);
}
