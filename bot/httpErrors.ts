import type { HttpError, Request, Response, Server } from 'restify';
import { AppError, isAppError, type ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  405: 'VALIDATION_FAILED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'VALIDATION_FAILED',
  501: 'NOT_IMPLEMENTED',
};

/** Any error (ours or restify's: bad JSON, too large, unknown route) as an AppError with the right status. */
export function toHttpAppError(error: HttpError | AppError): AppError {
  if (isAppError(error)) return error;
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
  const code = CODE_BY_STATUS[status] ?? 'INTERNAL';
  return new AppError(code, status >= 500 ? 'internal error' : error.message, { status, cause: error });
}

/** The one error handler: every failed route answers `{error: {code, message}}` with the AppError's status. */
export function installErrorHandler(server: Server, logger: Logger): void {
  server.on('restifyError', (req: Request, _res: Response, error: HttpError, callback: () => void) => {
    const appError = toHttpAppError(error);
    if (appError.status >= 500) logger.error({ err: error, url: req.url }, 'request failed');
    else logger.debug({ code: appError.code, url: req.url }, 'request rejected');
    const body = { error: { code: appError.code, message: appError.message } };
    error.statusCode = appError.status;
    error.toJSON = () => body;
    error.body = body;
    callback();
  });
}
