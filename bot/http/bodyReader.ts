import type { Next, Request, RequestHandler, Response } from 'restify';
import { AppError, ValidationError } from '../../core/errors.js';
import { exceedsJsonDepth } from './jsonLimits.js';

export interface BodyLimits {
  /** Largest body accepted, in bytes as received (compressed bodies are refused, so this is also the decoded size). */
  maxBodyBytes: number;
  maxJsonDepth: number;
}

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function unsupported(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { status: 415 });
}

function tooLarge(limit: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `request body is larger than ${limit} bytes`);
}

function declaresBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** `application/json`, optionally with `charset=utf-8`; nothing else (no forms, no multipart, no other charsets). */
function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((param) => param === '' || param === 'charset=utf-8' || param === 'charset="utf-8"');
}

function readLimited(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(new ValidationError('request body could not be read', { cause: error }));
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes and parses a JSON body within the limits; every failure is a 4xx AppError. */
export function parseJsonBody(bytes: Uint8Array, limits: BodyLimits): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ValidationError('request body is not valid UTF-8');
  }
  if (exceedsJsonDepth(text, limits.maxJsonDepth)) throw new ValidationError(`request body nests deeper than ${limits.maxJsonDepth} levels`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('request body is not valid JSON');
  }
}

/**
 * The one body reader of the server: JSON only, read into memory up to maxBodyBytes and never written to disk.
 * Content-Encoding other than identity is refused (415): a small compressed body can never inflate past the limit.
 * Multipart and urlencoded bodies are refused without being read. A body cut off at the limit closes the connection.
 */
export function jsonBodyReader(limits: BodyLimits): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    req.body = undefined;
    if (!METHODS_WITH_BODY.has(req.method ?? '') || !declaresBody(req)) {
      next();
      return;
    }
    const fail = (error: AppError): void => {
      // The rest of the body is not read: the connection cannot be reused.
      res.setHeader('Connection', 'close');
      next(error);
    };
    const encoding = req.headers['content-encoding']?.trim().toLowerCase();
    if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
      fail(unsupported(`Content-Encoding '${encoding}' is not accepted: send the body uncompressed`));
      return;
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      fail(unsupported('Content-Type must be application/json'));
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxBodyBytes) {
      fail(tooLarge(limits.maxBodyBytes));
      return;
    }
    readLimited(req, limits.maxBodyBytes)
      .then((bytes) => {
        req.body = bytes.length === 0 ? undefined : parseJsonBody(bytes, limits);
        next();
      })
      .catch((error: unknown) => fail(error instanceof AppError ? error : new ValidationError('request body could not be read', { cause: error })));
  };
}
