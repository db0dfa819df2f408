import { randomUUID } from 'node:crypto';
import type { Next, Request, RequestHandler, Response } from 'restify';

export const REQUEST_ID_HEADER = 'x-request-id';
/** An id set by a proxy in front of the bot is kept when it looks like one; anything else is replaced. */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Gives every response an `X-Request-Id`; error bodies and log lines carry the same id as their correlation id. */
export function requestIds(): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    const incoming = req.headers[REQUEST_ID_HEADER];
    res.setHeader(REQUEST_ID_HEADER, typeof incoming === 'string' && ACCEPTED_ID.test(incoming) ? incoming : randomUUID());
    next();
  };
}

/** The correlation id of a response (one is made up if the request bypassed requestIds()). */
export function requestIdOf(res: Response): string {
  const id = res.getHeader(REQUEST_ID_HEADER);
  if (typeof id === 'string') return id;
  const made = randomUUID();
  if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, made);
  return made;
}
