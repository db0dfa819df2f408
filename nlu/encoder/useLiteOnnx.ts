import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { AppError } from '../../core/errors.js';
import { ONNX_FLOAT, ONNX_INT64, writeOnnxModel, type OnnxAttribute, type OnnxGraph, type OnnxNode } from './onnxModelWriter.js';
import type { UseLiteWeightArrays, WeightArray } from './useLiteWeights.js';

/**
 * USE-lite as an ONNX graph, built in memory from the published weights (the same function as useLiteForward.ts),
 * and run by onnxruntime-node (native CPU kernels, several threads). Inputs are dense like a transformers.js model:
 * `input_ids` and `attention_mask` (int64, [batch, sequence]); outputs `sentence_embedding` ([batch, 512],
 * L2-normalised) and `last_hidden_state` ([batch, 1, 512], the same vectors, for the feature-extraction pipeline).
 */

const OPSET = 17;

class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxGraph['initializers'] = [];
  private counter = 0;

  weight(name: string, array: WeightArray): string {
    this.initializers.push({ name, dims: array.shape, data: array.data });
    return name;
  }

  floats(name: string, values: number[], dims: number[] = [values.length]): string {
    this.initializers.push({ name, dims, data: Float32Array.from(values) });
    return name;
  }

  ints(values: number[]): string {
    const name = `const_i64_${this.counter++}`;
    this.initializers.push({ name, dims: [values.length], data: BigInt64Array.from(values.map((v) => BigInt(v))) });
    return name;
  }

  op(op: string, inputs: string[], attributes: OnnxAttribute[] = [], outputCount = 1, outputNames?: string[]): string[] {
    const outputs = outputNames ?? Array.from({ length: outputCount }, () => `${op.toLowerCase()}_${this.counter++}`);
    this.nodes.push({ op, inputs, outputs, attributes });
    return outputs;
  }

  one(op: string, inputs: string[], attributes: OnnxAttribute[] = [], outputName?: string): string {
    return this.op(op, inputs, attributes, 1, outputName === undefined ? undefined : [outputName])[0];
  }
}

/** Serialises USE-lite (folded weights) as an ONNX model. */
export function buildUseLiteOnnxModel(weights: UseLiteWeightArrays): Uint8Array {
  const g = new GraphBuilder();
  const embeddings = g.weight('embeddings', weights.embeddings);
  const timingTable = g.weight('timing', weights.timing);
  const one = g.floats('one', [1], []);
  const maskF = g.one('Cast', ['attention_mask'], [{ name: 'to', int: ONNX_FLOAT }]);
  const mask3 = g.one('Unsqueeze', [maskF, g.ints([2])]);
  const sequenceLength = g.one('Slice', [g.one('Shape', ['input_ids']), g.ints([1]), g.ints([2]), g.ints([0])]);
  const timing = g.one('Slice', [timingTable, g.ints([0]), sequenceLength, g.ints([0])]);
  const gathered = g.one('Gather', [embeddings, 'input_ids'], [{ name: 'axis', int: 0 }]);
  let h = g.one('Mul', [g.one('Add', [gathered, timing]), mask3]);
  const notMask = g.one('Sub', [one, maskF]);
  const keyBias = g.one('Unsqueeze', [g.one('Mul', [notMask, g.floats('minus_big', [-1e9], [])]), g.ints([1, 2])]);
  const heads = weights.heads;

  const layerNorm = (x: string, width: number, l: number, which: string): string =>
    g.one('LayerNormalization', [x, g.floats(`ln${l}${which}_scale`, new Array<number>(width).fill(1)), g.floats(`ln${l}${which}_bias`, new Array<number>(width).fill(0))], [
      { name: 'axis', int: -1 },
      { name: 'epsilon', float: weights.epsilon },
    ]);
  const dense = (x: string, kernel: WeightArray, kernelName: string, bias: WeightArray): string =>
    g.one('Add', [g.one('MatMul', [x, g.weight(kernelName, kernel)]), g.weight(`${kernelName}_b`, bias)]);

  weights.layers.forEach((layer, l) => {
    const width = layer.width;
    const depth = width / heads;
    const inputWidth = layer.qkvKernel.shape[0];
    const qkv = dense(layerNorm(h, inputWidth, l, 'a'), layer.qkvKernel, `l${l}_qkv`, layer.qkvBias);
    const [q, k, v] = g.op('Split', [qkv, g.ints([width, width, width])], [{ name: 'axis', int: 2 }], 3);
    const split = (t: string, perm: number[]): string =>
      g.one('Transpose', [g.one('Reshape', [t, g.ints([0, 0, heads, depth])])], [{ name: 'perm', ints: perm }]);
    const logits = g.one('Add', [g.one('MatMul', [split(q, [0, 2, 1, 3]), split(k, [0, 2, 3, 1])]), keyBias]);
    const attention = g.one('Softmax', [logits], [{ name: 'axis', int: -1 }]);
    const context = g.one('MatMul', [attention, split(v, [0, 2, 1, 3])]);
    const combined = g.one('Reshape', [g.one('Transpose', [context], [{ name: 'perm', ints: [0, 2, 1, 3] }]), g.ints([0, 0, width])]);
    const attended = dense(combined, layer.outputKernel, `l${l}_out`, layer.outputBias);
    const residual =
      layer.residualKernel !== undefined && layer.residualBias !== undefined
        ? g.one('Mul', [dense(h, layer.residualKernel, `l${l}_res`, layer.residualBias), mask3])
        : h;
    h = g.one('Add', [attended, residual]);
    const outWidth = layer.ffnKernel2.shape[1];
    const hidden = g.one('Relu', [dense(layerNorm(h, outWidth, l, 'f'), layer.ffnKernel1, `l${l}_ffn1`, layer.ffnBias1)]);
    const ffn = dense(hidden, layer.ffnKernel2, `l${l}_ffn2`, layer.ffnBias2);
    h = g.one('Add', [g.one('Mul', [ffn, mask3]), h]);
  });

  const summed = g.one('ReduceSum', [g.one('Mul', [h, mask3]), g.ints([1])], [{ name: 'keepdims', int: 0 }]);
  const count = g.one('Max', [g.one('ReduceSum', [maskF, g.ints([1])], [{ name: 'keepdims', int: 1 }]), one]);
  const pooled = g.one('Div', [summed, count]);
  const projected = g.one('Tanh', [dense(pooled, weights.finalKernel, 'final', weights.finalBias)]);
  g.one('LpNormalization', [projected], [{ name: 'axis', int: -1 }, { name: 'p', int: 2 }], 'sentence_embedding');
  g.one('Unsqueeze', ['sentence_embedding', g.ints([1])], [], 'last_hidden_state');

  const dims = weights.finalKernel.shape[1];
  return writeOnnxModel({
    name: 'use_lite',
    opset: OPSET,
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [
      { name: 'input_ids', elementType: ONNX_INT64, shape: ['batch', 'sequence'] },
      { name: 'attention_mask', elementType: ONNX_INT64, shape: ['batch', 'sequence'] },
    ],
    outputs: [
      { name: 'sentence_embedding', elementType: ONNX_FLOAT, shape: ['batch', dims] },
      { name: 'last_hidden_state', elementType: ONNX_FLOAT, shape: ['batch', 1, dims] },
    ],
  });
}

type OrtModule = typeof import('onnxruntime-node');

/** Runs the in-memory ONNX model with onnxruntime-node. */
export class UseLiteOnnxRunner {
  private constructor(
    private readonly ort: OrtModule,
    private readonly session: InferenceSession,
    readonly threads: number,
  ) {}

  static async create(weights: UseLiteWeightArrays, options: { threads?: number } = {}): Promise<UseLiteOnnxRunner> {
    let ort: OrtModule;
    try {
      ort = await import('onnxruntime-node');
    } catch (error) {
      throw new AppError('BACKEND_UNAVAILABLE', 'onnxruntime-node is not installed: the onnx runner cannot start', { cause: error });
    }
    const threads = options.threads ?? 1;
    try {
      const session = await ort.InferenceSession.create(buildUseLiteOnnxModel(weights), {
        executionProviders: ['cpu'],
        graphOptimizationLevel: 'all',
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
      });
      return new UseLiteOnnxRunner(ort, session, threads);
    } catch (error) {
      throw new AppError('MODEL_LOAD_FAILED', 'onnxruntime could not load the USE-lite ONNX graph', { cause: error });
    }
  }

  /** Same contract as UseLiteForward.run: rows of ids in, [rows × 512] values out (here already normalised). */
  async run(rows: ReadonlyArray<readonly number[]>): Promise<Float32Array> {
    const batch = rows.length;
    const length = rows.reduce((max, ids) => Math.max(max, ids.length), 1);
    const ids = new BigInt64Array(batch * length);
    const mask = new BigInt64Array(batch * length);
    rows.forEach((row, r) => {
      row.forEach((id, p) => {
        ids[r * length + p] = BigInt(id);
        mask[r * length + p] = 1n;
      });
    });
    const feeds: Record<string, OrtTensor> = {
      input_ids: new this.ort.Tensor('int64', ids, [batch, length]),
      attention_mask: new this.ort.Tensor('int64', mask, [batch, length]),
    };
    const result = await this.session.run(feeds, ['sentence_embedding']);
    const output = result.sentence_embedding;
    if (output === undefined) throw new AppError('ENCODER_FAILED', 'onnxruntime returned no sentence_embedding');
    const data = Float32Array.from(output.data as Float32Array);
    output.dispose();
    return data;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
