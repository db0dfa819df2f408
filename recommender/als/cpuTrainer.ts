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
 * and take chunks of rows from a shared atomic counter (dynamic scheduling, like implicit's OpenMP loop), updating
 * them in place. Rows are independent within a half-iteration, so results do not depend on the worker count.
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
    const pool = threads > 0 ? await WorkerPool.start(shared, threads) : undefined;
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
    private readonly shared: SharedAlsProblem,
  ) {}

  static async start(shared: SharedAlsProblem, count: number): Promise<WorkerPool> {
    const module = alsKernelModule();
    const workers = Array.from({ length: count }, () => spawnAlsWorker());
    const pool = new WorkerPool(workers, shared);
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
    Atomics.store(this.shared.counter, 0, 0);
    await Promise.all(this.workers.map((worker) => this.request(worker, { type: 'run', side })));
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
