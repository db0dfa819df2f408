import { tf, type TfjsBackendName } from '../../core/tfjs.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { UseLiteForward } from './useLiteForward.js';
import { UseLiteOnnxRunner } from './useLiteOnnx.js';

/**
 * The three ways to run the USE-lite forward pass. All compute the same function (tests hold them within 1e-5 of
 * each other and of the golden vectors), so they share one encoder id and trained classifiers work with any.
 * - 'onnx':   the model rebuilt as an ONNX graph in memory, run by onnxruntime-node (native kernels): fastest.
 * - 'direct': the forward pass as ~40 synchronous TF.js ops (useLiteForward.ts), on the TF.js backend (wasm here).
 * - 'graph':  the published TF.js graph through GraphModel.executeAsync: the reference, slowest.
 * 'auto' picks 'onnx' when onnxruntime-node can start, otherwise 'direct', and logs why.
 */
export type UseLiteRunnerName = 'onnx' | 'direct' | 'graph';
export type UseLiteRunnerPreference = UseLiteRunnerName | 'auto';

export interface UseLiteRowRunner {
  readonly name: UseLiteRunnerName;
  /** What executes it, for logs and status: e.g. 'onnxruntime-node cpu (1 thread)', 'tfjs wasm'. */
  readonly runtime: string;
  /** Rows of token ids (each non-empty) in, [rows × 512] raw vectors out (normalised by the caller). */
  run(rows: ReadonlyArray<readonly number[]>): Promise<Float32Array>;
  dispose(): Promise<void>;
}

type Tensor = InstanceType<typeof tf.Tensor>;

export interface LoadedGraph {
  readonly weights: Record<string, Tensor[]>;
  executeAsync(inputs: Record<string, Tensor>): Promise<Tensor | Tensor[]>;
  dispose(): void;
}

/** The published graph: token ids as a sparse matrix (`indices`: [row, position] pairs, `values`: ids). */
async function runGraph(model: LoadedGraph, rows: ReadonlyArray<readonly number[]>): Promise<Float32Array> {
  const total = rows.reduce((sum, ids) => sum + ids.length, 0);
  const indices = new Int32Array(total * 2);
  const values = new Int32Array(total);
  let k = 0;
  rows.forEach((ids, row) => {
    ids.forEach((id, position) => {
      indices[2 * k] = row;
      indices[2 * k + 1] = position;
      values[k] = id;
      k++;
    });
  });
  const indicesTensor = tf.tensor2d(indices, [total, 2], 'int32');
  const valuesTensor = tf.tensor1d(values, 'int32');
  let output: Tensor | Tensor[] | undefined;
  try {
    output = await model.executeAsync({ indices: indicesTensor, values: valuesTensor });
    const tensor = Array.isArray(output) ? output[0] : output;
    return (await tensor.data()) as Float32Array;
  } finally {
    indicesTensor.dispose();
    valuesTensor.dispose();
    if (output !== undefined) tf.dispose(output);
  }
}

export interface CreateRunnerOptions {
  model: LoadedGraph;
  /** Where the weights came from, for error messages. */
  source: string;
  maxPositions: number;
  tfjsBackend: TfjsBackendName;
  /** onnxruntime intra-op threads. Default 1: latency per message on a small shared machine. */
  onnxThreads?: number;
  logger: Logger;
}

/** Builds the runner; takes ownership of `model` (disposed by the runner, or here when no longer needed). */
export async function createUseLiteRunner(preference: UseLiteRunnerPreference, options: CreateRunnerOptions): Promise<UseLiteRowRunner> {
  const { model, logger } = options;
  if (preference === 'graph') {
    return {
      name: 'graph',
      runtime: `tfjs ${options.tfjsBackend} (GraphModel)`,
      run: (rows) => runGraph(model, rows),
      dispose: async () => model.dispose(),
    };
  }
  let forward: UseLiteForward;
  try {
    forward = UseLiteForward.fromGraphWeights(model.weights, options.source, { maxPositions: options.maxPositions });
  } catch (error) {
    model.dispose();
    throw error;
  }
  if (preference === 'onnx' || preference === 'auto') {
    const threads = options.onnxThreads ?? 1;
    try {
      const onnx = await UseLiteOnnxRunner.create(forward.exportWeights(), { threads });
      forward.dispose();
      model.dispose();
      return {
        name: 'onnx',
        runtime: `onnxruntime-node cpu (${threads} thread${threads === 1 ? '' : 's'})`,
        run: (rows) => onnx.run(rows),
        dispose: () => onnx.dispose(),
      };
    } catch (error) {
      if (preference === 'onnx') {
        forward.dispose();
        model.dispose();
        throw error instanceof AppError ? error : new AppError('BACKEND_UNAVAILABLE', 'USE-lite onnx runner failed to start', { cause: error });
      }
      logger.warn({ err: error }, `USE-lite: onnxruntime-node unavailable, running on TF.js ${options.tfjsBackend} instead (slower)`);
    }
  }
  return {
    name: 'direct',
    runtime: `tfjs ${options.tfjsBackend}`,
    run: async (rows) => forward.run(rows),
    dispose: async () => {
      forward.dispose();
      model.dispose();
    },
  };
}
