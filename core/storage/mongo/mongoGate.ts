import mongoose from 'mongoose';
import { AppError, StorageUnavailableError } from '../../errors.js';

const { mongo } = mongoose;

/** True for driver errors that mean the server cannot be reached or the client is gone. */
export function isConnectivityError(error: unknown): boolean {
  // A bulk write that fails on the network comes back as a MongoBulkWriteError wrapping the driver error.
  if (error instanceof mongo.MongoBulkWriteError) {
    const wrapped: unknown = error.errorResponse;
    return wrapped !== error && wrapped instanceof Error && isConnectivityError(wrapped);
  }
  return (
    error instanceof mongo.MongoNetworkError ||
    error instanceof mongo.MongoServerSelectionError ||
    error instanceof mongo.MongoNotConnectedError ||
    error instanceof mongo.MongoTopologyClosedError ||
    error instanceof mongoose.Error.MongooseServerSelectionError
  );
}

export function toMongoStorageError(error: unknown, operation: string): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isConnectivityError(error)) return new StorageUnavailableError(`MongoDB unavailable during ${operation}: ${message}`, { cause: error });
  return new AppError('STORAGE_FAILED', `MongoDB failed during ${operation}: ${message}`, { cause: error });
}

export function isDuplicateKeyCode(code: unknown): boolean {
  return code === 11000 || code === 11001;
}

/** The per-document write errors of a bulk failure; empty when the whole call failed (network, write concern). */
export function writeErrorsOf(error: mongoose.mongo.MongoBulkWriteError): mongoose.mongo.WriteError[] {
  return ([] as mongoose.mongo.WriteError[]).concat(error.writeErrors);
}

/**
 * Every repository call passes through the gate: once the store is closed nothing reaches the driver,
 * and driver failures come out as AppErrors (StorageUnavailableError when the server is unreachable).
 * Operations are time-bounded by the connection's serverSelectionTimeoutMS.
 */
export class MongoGate {
  private closed = false;

  constructor(readonly redactedUri: string) {}

  get isOpen(): boolean {
    return !this.closed;
  }

  markClosed(): void {
    this.closed = true;
  }

  assertOpen(operation: string): void {
    if (this.closed) throw new StorageUnavailableError(`MongoDB store ${this.redactedUri} is closed (${operation})`);
  }

  async run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    this.assertOpen(operation);
    try {
      return await work();
    } catch (error) {
      throw toMongoStorageError(error, operation);
    }
  }
}

/** Hides the password of a connection string for logs. */
export function redactMongoUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)([^@/]*)@/, (_, scheme: string, credentials: string) => {
    const user = credentials.split(':')[0];
    return `${scheme}${user}:***@`;
  });
}
