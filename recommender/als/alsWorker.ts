import { parentPort } from 'node:worker_threads';
import { conjugateGradientRows, type AlsRowsProblem } from './alsMath.js';

/**
 * Worker thread of the CPU ALS backend. All arrays arrive once as SharedArrayBuffer views ('init');
 * each 'run' message updates a row range of one side in place and answers 'done' (or 'error').
 */
interface SharedSide {
  indptr: Int32Array;
  indices: Int32Array;
  confidence: Float32Array;
}

interface InitMessage {
  type: 'init';
  factors: number;
  cgSteps: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  gram: Float64Array;
  users: SharedSide;
  items: SharedSide;
}

interface RunMessage {
  type: 'run';
  side: 'users' | 'items';
  start: number;
  end: number;
}

let shared: InitMessage | undefined;

parentPort?.on('message', (message: InitMessage | RunMessage) => {
  try {
    if (message.type === 'init') {
      shared = message;
      parentPort?.postMessage({ type: 'ready' });
      return;
    }
    if (shared === undefined) throw new Error('ALS worker used before init');
    const side = message.side === 'users' ? shared.users : shared.items;
    const problem: AlsRowsProblem = {
      factors: shared.factors,
      target: message.side === 'users' ? shared.userFactors : shared.itemFactors,
      other: message.side === 'users' ? shared.itemFactors : shared.userFactors,
      gram: shared.gram,
      indptr: side.indptr,
      indices: side.indices,
      confidence: side.confidence,
      cgSteps: shared.cgSteps,
    };
    conjugateGradientRows(problem, message.start, message.end);
    parentPort?.postMessage({ type: 'done' });
  } catch (error) {
    parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
});
