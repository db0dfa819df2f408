/**
 * One error family for the whole product. Recognise errors by class or by `code`, never by message text.
 * `status` is the HTTP status an endpoint answers with when the error reaches it.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'STORAGE_UNAVAILABLE'
  | 'STORAGE_FAILED'
  | 'DATA_FILE_INVALID'
  | 'MODEL_NOT_TRAINED'
  | 'MODEL_LOAD_FAILED'
  | 'MODEL_INTEGRITY'
  | 'TRAINING_FAILED'
  | 'ENCODER_FAILED'
  | 'BACKEND_UNAVAILABLE'
  | 'NOT_IMPLEMENTED'
  | 'INTERNAL';

export interface AppErrorOptions {
  status?: number;
  cause?: unknown;
  details?: Record<string, unknown>;
}

const DEFAULT_STATUS: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  STORAGE_UNAVAILABLE: 503,
  STORAGE_FAILED: 500,
  DATA_FILE_INVALID: 422,
  MODEL_NOT_TRAINED: 503,
  MODEL_LOAD_FAILED: 500,
  MODEL_INTEGRITY: 500,
  TRAINING_FAILED: 500,
  ENCODER_FAILED: 500,
  BACKEND_UNAVAILABLE: 503,
  NOT_IMPLEMENTED: 501,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? DEFAULT_STATUS[code];
    this.details = options.details;
  }

  toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export class ConfigError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('CONFIG_INVALID', message, options);
  }
}

export class ValidationError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('VALIDATION_FAILED', message, options);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('NOT_FOUND', message, options);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('CONFLICT', message, options);
  }
}

export class StorageUnavailableError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('STORAGE_UNAVAILABLE', message, options);
  }
}

/** A data file people edit (YAML, CSV, model artifact) is broken. The message names the file and the entry. */
export class DataFileError extends AppError {
  readonly file: string;
  readonly entry: string | undefined;
  constructor(file: string, entry: string | undefined, problem: string, options: AppErrorOptions = {}) {
    super('DATA_FILE_INVALID', `${file}${entry === undefined ? '' : ` (${entry})`}: ${problem}`, {
      ...options,
      details: { file, entry, ...options.details },
    });
    this.file = file;
    this.entry = entry;
  }
}

export class ModelNotTrainedError extends AppError {
  constructor(what: string) {
    super('MODEL_NOT_TRAINED', `${what} is not trained: train or load a model first`);
  }
}

/**
 * A saved model's files do not match its checksum manifest (missing, altered or truncated): the model must be
 * retrained or replaced, never served.
 */
export class ModelIntegrityError extends AppError {
  readonly dir: string;
  constructor(dir: string, problem: string, options: AppErrorOptions = {}) {
    super('MODEL_INTEGRITY', `model in ${dir} failed its integrity check: ${problem}`, { ...options, details: { dir, problem, ...options.details } });
    this.dir = dir;
  }
}

export class TrainingError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('TRAINING_FAILED', message, options);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Wraps anything thrown into an AppError, keeping the original as `cause`. */
export function toAppError(value: unknown, fallback: ErrorCode = 'INTERNAL'): AppError {
  if (value instanceof AppError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new AppError(fallback, message, { cause: value });
}
