import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { AppError } from './errors.js';
import type { Logger } from './logger.js';

/**
 * Chooses and initialises the TF.js backend once per process, and logs which one runs.
 * 'tensorflow' needs the optional @tensorflow/tfjs-node-gpu (libtensorflow, CUDA); 'wasm' (SIMD) is the portable
 * default; 'cpu' is the pure-JS reference. 'auto' tries tensorflow, then wasm, and says so in the log.
 * A backend asked for explicitly is never silently replaced: failing to start it throws BACKEND_UNAVAILABLE.
 */
export type TfjsBackendPreference = 'auto' | 'wasm' | 'cpu' | 'tensorflow';
export type TfjsBackendName = 'tensorflow' | 'wasm' | 'cpu';

let initialised: Promise<TfjsBackendName> | undefined;

export { tf };

async function tryTensorflow(): Promise<boolean> {
  try {
    // Optional dependency: present only where libtensorflow (GPU build) could be installed.
    const moduleName = '@tensorflow/tfjs-node-gpu';
    await import(moduleName);
    return tf.findBackend('tensorflow') !== undefined && (await tf.setBackend('tensorflow'));
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  const require = createRequire(import.meta.url);
  const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
  setWasmPaths(dist);
  return tf.setBackend('wasm');
}

async function start(preference: TfjsBackendPreference, logger: Logger): Promise<TfjsBackendName> {
  const attempts: TfjsBackendName[] = preference === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [preference];
  const failed: string[] = [];
  for (const name of attempts) {
    const ok = name === 'tensorflow' ? await tryTensorflow() : name === 'wasm' ? await tryWasm() : await tf.setBackend('cpu');
    if (ok) {
      await tf.ready();
      logger.info(
        {
          backend: name,
          requested: preference,
          unavailable: failed,
          simd: name === 'wasm' ? tf.env().getBool('WASM_HAS_SIMD_SUPPORT') : undefined,
        },
        `TF.js backend: ${name}${failed.length > 0 ? ` (unavailable: ${failed.join(', ')})` : ''}`,
      );
      return name;
    }
    failed.push(name);
  }
  throw new AppError('BACKEND_UNAVAILABLE', `TF.js backend '${preference}' could not be started`, {
    details: { requested: preference },
  });
}

/** Idempotent: the first call picks the backend for the process; later calls must agree with it. */
export async function initTfjs(preference: TfjsBackendPreference, logger: Logger): Promise<TfjsBackendName> {
  if (initialised === undefined) {
    initialised = start(preference, logger).catch((error: unknown) => {
      initialised = undefined;
      throw error;
    });
    return initialised;
  }
  const current = await initialised;
  if (preference !== 'auto' && preference !== current) {
    throw new AppError('BACKEND_UNAVAILABLE', `TF.js already runs on '${current}'; '${preference}' was asked for`);
  }
  return current;
}
