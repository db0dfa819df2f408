import type { HttpError, Request, Response, Server } from 'restify';
import { AppError, isAppError, type ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { requestIdOf } from './http/requestId.js';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  405: 'VALIDATION_FAILED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  501: 'NOT_IMPLEMENTED',
};

/** What a client is told about a server-side failure: never the internal message. */
const GENERIC_MESSAGE: Record<number, string> = {
  502: 'the bot could not complete the request',
  503: 'the service is temporarily unavailable, please retry',
  504: 'the bot did not answer in time',
};

/** Any error (ours or restify's: bad JSON, too large, unknown route) as an AppError with the right status. */
export function toHttpAppError(error: HttpError | AppError): AppError {
  if (isAppError(error)) return error;
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
  const code = CODE_BY_STATUS[status] ?? 'INTERNAL';
  return new AppError(code, status >= 500 ? 'internal error' : error.message, { status, cause: error });
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; correlationId?: string };
}

/**
 * The body a failed request answers with. Client errors (4xx, and 501 "not supported") explain themselves; server
 * errors carry only their code, a generic message and the correlation id that the log line of the failure carries.
 */
export function errorBody(appError: AppError, correlationId: string): ErrorBody {
  if (appError.status < 500 || appError.status === 501) return { error: { code: appError.code, message: appError.message } };
  return { error: { code: appError.code, message: GENERIC_MESSAGE[appError.status] ?? 'internal error', correlationId } };
}

/** The one error handler: every failed route answers `{error: {code, message}}` with the AppError's status. */
export function installErrorHandler(server: Server, logger: Logger): void {
  server.on('restifyError', (req: Request, res: Response, error: HttpError, callback: () => void) => {
    const appError = toHttpAppError(error);
    const correlationId = requestIdOf(res);
    if (appError.status >= 500) logger.error({ err: error, correlationId, method: req.method, url: req.url }, 'request failed');
    else logger.debug({ code: appError.code, correlationId, url: req.url }, 'request rejected');
    const body = errorBody(appError, correlationId);
    error.statusCode = appError.status;
    error.toJSON = () => body;
    error.body = body;
    callback();
  });
}
