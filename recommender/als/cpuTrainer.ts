import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TrainingError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { CsrMatrix } from '../models/sparse.js';
import { conjugateGradientRows, gramWithRegularization, type AlsRowsProblem } from './alsMath.js';
import type { AlsIterationHooks, AlsProblem, AlsTrainer } from './alsTrainer.js';

export interface CpuTrainerOptions {
  /** Worker threads; 0 = os.availableParallelism(). */
  workers: number;
  /** Below this many observed cells, train on the calling thread (worker start-up costs more than it saves). */
  minInteractionsForWorkers: number;
  logger: Logger;
}

type Side = 'users' | 'items';

/**
 * CPU backend: conjugate-gradient ALS on Float32Array factors, rows split across worker_threads that share the
 * factor and matrix buffers (SharedArrayBuffer). Rows are independent within a half-iteration, so results do not
 * depend on the worker count. Under tsx/vitest the worker is the .ts source, started with `--import tsx`.
 */
export class CpuAlsTrainer implements AlsTrainer {
  readonly backend = 'cpu';

  constructor(private readonly options: CpuTrainerOptions) {}

  async train(problem: AlsProblem, hooks: AlsIterationHooks): Promise<void> {
    const cells = problem.userItems.indptr[problem.userItems.rows];
    const workerCount = this.options.workers > 0 ? this.options.workers : availableParallelism();
    const useWorkers = cells >= this.options.minInteractionsForWorkers;
    this.options.logger.debug({ workers: useWorkers ? workerCount : 0, cells }, 'ALS cpu backend');
    if (!useWorkers) return trainInline(problem, hooks);
    const pool = await WorkerPool.start(problem, workerCount);
    try {
      for (let iteration = 1; iteration <= problem.iterations; iteration++) {
        for (const side of ['users', 'items'] as const) {
          hooks.signal?.throwIfAborted();
          const other = side === 'users' ? pool.itemFactors : pool.userFactors;
          const otherCount = side === 'users' ? problem.itemUsers.rows : problem.userItems.rows;
          pool.gram.set(gramWithRegularization(other, otherCount, problem.factors, problem.regularization));
          await pool.run(side);
        }
        hooks.onIteration(iteration, { userFactors: pool.userFactors, itemFactors: pool.itemFactors });
      }
      problem.userFactors.set(pool.userFactors);
      problem.itemFactors.set(pool.itemFactors);
    } finally {
      await pool.close();
    }
  }
}

async function trainInline(problem: AlsProblem, hooks: AlsIterationHooks): Promise<void> {
  for (let iteration = 1; iteration <= problem.iterations; iteration++) {
    for (const side of ['users', 'items'] as const) {
      hooks.signal?.throwIfAborted();
      const rows = rowsProblem(problem, side, problem.userFactors, problem.itemFactors);
      const otherCount = side === 'users' ? problem.itemUsers.rows : problem.userItems.rows;
      rows.gram.set(gramWithRegularization(rows.other, otherCount, problem.factors, problem.regularization));
      const matrix = side === 'users' ? problem.userItems : problem.itemUsers;
      conjugateGradientRows(rows, 0, matrix.rows);
    }
    hooks.onIteration(iteration, { userFactors: problem.userFactors, itemFactors: problem.itemFactors });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function rowsProblem(problem: AlsProblem, side: Side, userFactors: Float32Array, itemFactors: Float32Array): AlsRowsProblem {
  const matrix = side === 'users' ? problem.userItems : problem.itemUsers;
  return {
    factors: problem.factors,
    target: side === 'users' ? userFactors : itemFactors,
    other: side === 'users' ? itemFactors : userFactors,
    gram: new Float64Array(problem.factors * problem.factors),
    indptr: matrix.indptr,
    indices: matrix.indices,
    confidence: matrix.values,
    cgSteps: problem.cgSteps,
  };
}

function sharedCopy<T extends Float32Array | Int32Array | Float64Array>(source: T, make: (buffer: SharedArrayBuffer, length: number) => T): T {
  const target = make(new SharedArrayBuffer(Math.max(8, source.byteLength)), source.length);
  target.set(source);
  return target;
}

const f32 = (b: SharedArrayBuffer, n: number): Float32Array => new Float32Array(b, 0, n);
const i32 = (b: SharedArrayBuffer, n: number): Int32Array => new Int32Array(b, 0, n);

function sharedSide(matrix: CsrMatrix): { indptr: Int32Array; indices: Int32Array; confidence: Float32Array } {
  return { indptr: sharedCopy(matrix.indptr, i32), indices: sharedCopy(matrix.indices, i32), confidence: sharedCopy(matrix.values, f32) };
}

/** Splits rows into `parts` contiguous ranges of about equal work (cells + a per-row cost for the f² part). */
export function balancedRanges(indptr: Int32Array, rows: number, parts: number, rowCost: number): Array<[number, number]> {
  const total = indptr[rows] + rows * rowCost;
  const ranges: Array<[number, number]> = [];
  let start = 0;
  for (let part = 1; part <= parts; part++) {
    const goal = (total * part) / parts;
    let end = start;
    while (end < rows && (part === parts || indptr[end] + end * rowCost < goal)) end++;
    ranges.push([start, end]);
    start = end;
  }
  return ranges.filter(([a, b]) => b > a);
}

/**
 * Starts the worker. From compiled JavaScript it is alsWorker.js; from TypeScript sources (tsx, vitest) it is
 * alsWorker.ts, loaded through tsx's tsImport in a tiny eval bootstrap: on Node 20 a worker started with
 * `execArgv: ['--import', 'tsx']` does not get tsx's loader for its own entry file (ERR_UNKNOWN_FILE_EXTENSION).
 */
function spawnAlsWorker(): Worker {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return new Worker(path.join(path.dirname(here), 'alsWorker.js'));
  const workerUrl = new URL('./alsWorker.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(workerUrl)}, ${JSON.stringify(workerUrl)}))`;
  return new Worker(bootstrap, { eval: true });
}

class WorkerPool {
  private constructor(
    private readonly workers: Worker[],
    private readonly ranges: Record<Side, Array<[number, number]>>,
    readonly userFactors: Float32Array,
    readonly itemFactors: Float32Array,
    readonly gram: Float64Array,
  ) {}

  static async start(problem: AlsProblem, count: number): Promise<WorkerPool> {
    const userFactors = sharedCopy(problem.userFactors, f32);
    const itemFactors = sharedCopy(problem.itemFactors, f32);
    const gram = new Float64Array(new SharedArrayBuffer(8 * problem.factors * problem.factors));
    const init = {
      type: 'init',
      factors: problem.factors,
      cgSteps: problem.cgSteps,
      userFactors,
      itemFactors,
      gram,
      users: sharedSide(problem.userItems),
      items: sharedSide(problem.itemUsers),
    };
    const workers = Array.from({ length: count }, () => spawnAlsWorker());
    const pool = new WorkerPool(
      workers,
      {
        users: balancedRanges(problem.userItems.indptr, problem.userItems.rows, count, problem.factors),
        items: balancedRanges(problem.itemUsers.indptr, problem.itemUsers.rows, count, problem.factors),
      },
      userFactors,
      itemFactors,
      gram,
    );
    try {
      await Promise.all(workers.map((worker) => pool.request(worker, init)));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  async run(side: Side): Promise<void> {
    await Promise.all(
      this.ranges[side].map(([start, end], k) => this.request(this.workers[k], { type: 'run', side, start, end })),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private request(worker: Worker, message: object): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const onMessage = (reply: { type: string; message?: string }): void => {
        cleanup();
        if (reply.type === 'error') reject(new TrainingError(`ALS worker failed: ${reply.message ?? 'unknown error'}`));
        else resolve();
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(new TrainingError(`ALS worker crashed: ${error.message}`, { cause: error }));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage(message);
    });
  }
}
