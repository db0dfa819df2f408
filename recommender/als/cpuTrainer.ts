import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TrainingError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { alsKernelModule, instantiateAlsKernels, type AlsKernels } from './kernels/alsKernels.js';
import { SharedAlsProblem, updateGram, updateRows, type Side } from './kernels/sharedAlsProblem.js';
import type { AlsIterationHooks, AlsProblem, AlsTrainer } from './alsTrainer.js';

export interface CpuTrainerOptions {
  /** Worker threads; 0 = os.availableParallelism(). */
  workers: number;
  /** Below this many observed cells, train on the calling thread (worker start-up costs more than it saves). */
  minInteractionsForWorkers: number;
  logger: Logger;
}

const SIDES: readonly Side[] = ['users', 'items'];

/**
 * CPU backend: conjugate-gradient ALS in WebAssembly SIMD kernels (kernels/assembly/alsKernels.ts, f32 like
 * implicit). The problem lives in one shared WebAssembly memory; worker_threads instantiate the same kernels on it
 * and each updates its own contiguous range of rows in place, so results do not depend on the worker count.
 * The Gram matrix of the fixed side is computed on the calling thread between half-iterations.
 * Under tsx/vitest the worker is the .ts source, loaded through tsx (see spawnAlsWorker).
 */
export class CpuAlsTrainer implements AlsTrainer {
  readonly backend = 'cpu';

  constructor(private readonly options: CpuTrainerOptions) {}

  async train(problem: AlsProblem, hooks: AlsIterationHooks): Promise<void> {
    const cells = problem.userItems.indptr[problem.userItems.rows];
    const workerCount = this.options.workers > 0 ? this.options.workers : availableParallelism();
    const threads = cells >= this.options.minInteractionsForWorkers ? workerCount : 0;
    this.options.logger.debug({ workers: threads, cells }, 'ALS cpu backend');
    let shared: SharedAlsProblem;
    try {
      shared = SharedAlsProblem.place(problem, Math.max(1, threads));
    } catch (error) {
      throw new TrainingError(`ALS cpu backend: ${error instanceof Error ? error.message : String(error)}; train on tfjs-gpu instead`, { cause: error });
    }
    const kernels = instantiateAlsKernels(shared.memory);
    const pool = threads > 0 ? await WorkerPool.start(shared, problem, threads) : undefined;
    try {
      for (let iteration = 1; iteration <= problem.iterations; iteration++) {
        for (const side of SIDES) {
          hooks.signal?.throwIfAborted();
          updateGram(kernels, shared.layout, side);
          if (pool === undefined) updateInline(kernels, shared, side);
          else await pool.run(side);
        }
        hooks.onIteration(iteration, { userFactors: shared.userFactors, itemFactors: shared.itemFactors });
        // Inline training still lets the event loop breathe between iterations.
        if (pool === undefined) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      problem.userFactors.set(shared.userFactors);
      problem.itemFactors.set(shared.itemFactors);
    } finally {
      await pool?.close();
    }
  }
}

function updateInline(kernels: AlsKernels, shared: SharedAlsProblem, side: Side): void {
  const rows = side === 'users' ? shared.layout.users.rows : shared.layout.items.rows;
  updateRows(kernels, shared.layout, side, 0, rows, 0);
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
  ) {}

  static async start(shared: SharedAlsProblem, problem: AlsProblem, count: number): Promise<WorkerPool> {
    const module = alsKernelModule();
    const workers = Array.from({ length: count }, () => spawnAlsWorker());
    const pool = new WorkerPool(workers, {
      users: balancedRanges(problem.userItems.indptr, problem.userItems.rows, count, problem.factors),
      items: balancedRanges(problem.itemUsers.indptr, problem.itemUsers.rows, count, problem.factors),
    });
    try {
      await Promise.all(
        workers.map((worker, slot) => pool.request(worker, { type: 'init', memory: shared.memory, module, layout: shared.layout, slot })),
      );
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
