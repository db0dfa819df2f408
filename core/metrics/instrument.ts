import { isAppError } from '../errors.js';
import type { CallOutcome, Metrics } from './metrics.js';

export type Clock = () => number;

const monotonicMs: Clock = () => performance.now();

/**
 * Runs `call` and reports its outcome and duration in seconds to `record`; the call's result or error passes
 * through unchanged. `now` returns milliseconds (tests inject a fake clock).
 */
export async function timed<T>(
  call: () => Promise<T>,
  record: (outcome: CallOutcome, seconds: number) => void,
  now: Clock = monotonicMs,
): Promise<T> {
  const started = now();
  try {
    const result = await call();
    record('ok', (now() - started) / 1000);
    return result;
  } catch (error) {
    record('error', (now() - started) / 1000);
    throw error;
  }
}

function errorCode(error: unknown): string {
  return isAppError(error) ? error.code : 'INTERNAL';
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'then') === 'function';
}

/** A proxy must return a frozen property's own value (Proxy invariant), so such properties stay unwrapped. */
function isFixed(object: object, property: string): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(object, property);
  return descriptor?.configurable === false && descriptor.writable === false;
}

/** One repository (or the store itself): every method call that throws or rejects counts as a store error. */
function countMethodErrors<T extends object>(target: T, operationPrefix: string, metrics: Metrics, nested: boolean): T {
  const wrappers = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof property === 'symbol' || isFixed(object, property)) return value;
      const cached = wrappers.get(property);
      if (cached !== undefined) return cached;
      let wrapped: unknown = value;
      if (typeof value === 'function') {
        const operation = `${operationPrefix}${property}`;
        const report = (error: unknown): never => {
          metrics.storeError({ operation, code: errorCode(error) });
          throw error;
        };
        wrapped = (...args: unknown[]): unknown => {
          let result: unknown;
          try {
            result = Reflect.apply(value, object, args);
          } catch (error) {
            return report(error);
          }
          return isThenable(result) ? Promise.resolve(result).catch(report) : result;
        };
      } else if (nested && typeof value === 'object' && value !== null) {
        wrapped = countMethodErrors(value, `${property}.`, metrics, false);
      }
      if (wrapped !== value) wrappers.set(property, wrapped);
      return wrapped;
    },
  });
}

/**
 * The store with every failing call counted in `csbot_store_errors_total{operation, code}`: repositories
 * (`conversations.update`) and the store's own methods (`ping`). Errors are rethrown untouched, so callers
 * behave as before. Errors raised while iterating a returned async iterable (`stream()`) are not counted.
 */
export function countStoreErrors<T extends object>(store: T, metrics: Metrics): T {
  return countMethodErrors(store, '', metrics, true);
}
