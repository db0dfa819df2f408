import { DataFileError } from '../../core/errors.js';
import { tf } from '../../core/tfjs.js';
import { loadNamedTensors, saveNamedTensors } from '../head/fileWeightsIO.js';
import { localGraphModelHandler } from './useLiteModelFiles.js';

/**
 * USE-lite's weights as the published TF.js graph stores them, read and folded into the form the forward pass
 * (useLiteForward.ts) and the ONNX graph (useLiteOnnx.ts) use, and as plain arrays that can be saved and reloaded
 * (fine-tuned weights).
 */

const P = 'module_apply_default/Encoder_en/KonaTransformer/';
const M = 'module/Encoder_en/KonaTransformer/';

export type Tensor = InstanceType<typeof tf.Tensor>;
type WeightMap = Record<string, Tensor[]>;

export type Variable = InstanceType<typeof tf.Variable>;

/**
 * One transformer layer. The layer norms' scale and bias are folded into the matrix that follows them
 * (LN(x)·W + c = n(x)·(diag(s)·W) + (b·W + c)), and the query scale into the query columns: fewer, larger ops.
 */
export interface LayerWeights<T extends Tensor = Variable> {
  width: number;
  qkvKernel: T;
  qkvBias: T;
  outputKernel: T;
  outputBias: T;
  /** Layer 0 only: projects the 256-d input to 512-d for the residual connection. */
  residualKernel?: T;
  residualBias?: T;
  ffnKernel1: T;
  ffnBias1: T;
  ffnKernel2: T;
  ffnBias2: T;
}

export const LAYER_WEIGHT_NAMES = ['qkvKernel', 'qkvBias', 'outputKernel', 'outputBias', 'residualKernel', 'residualBias', 'ffnKernel1', 'ffnBias1', 'ffnKernel2', 'ffnBias2'] as const;

/** A weight as plain data, for exporting the model to another runtime. */
export interface WeightArray {
  data: Float32Array;
  shape: number[];
}

export interface UseLiteLayerArrays {
  width: number;
  qkvKernel: WeightArray;
  qkvBias: WeightArray;
  outputKernel: WeightArray;
  outputBias: WeightArray;
  residualKernel?: WeightArray;
  residualBias?: WeightArray;
  ffnKernel1: WeightArray;
  ffnBias1: WeightArray;
  ffnKernel2: WeightArray;
  ffnBias2: WeightArray;
}

/** The folded weights (see LayerWeights): layer norms carry no scale/bias of their own here. */
export interface UseLiteWeightArrays {
  /** Already doubled (x = 2E + T). */
  embeddings: WeightArray;
  timing: WeightArray;
  heads: number;
  epsilon: number;
  layers: UseLiteLayerArrays[];
  finalKernel: WeightArray;
  finalBias: WeightArray;
}

export interface UseLiteForwardOptions {
  /** Largest position the timing signal covers (the graph's 128-token limit). */
  maxPositions: number;
}

export const toArray = (t: Tensor): WeightArray => ({ data: Float32Array.from(t.dataSync() as Float32Array), shape: [...t.shape] });

export function layerArrays(l: FoldedLayer): UseLiteLayerArrays {
  const optional = (t: Tensor | undefined): WeightArray | undefined => (t === undefined ? undefined : toArray(t));
  return {
    width: l.width,
    qkvKernel: toArray(l.qkvKernel),
    qkvBias: toArray(l.qkvBias),
    outputKernel: toArray(l.outputKernel),
    outputBias: toArray(l.outputBias),
    residualKernel: optional(l.residualKernel),
    residualBias: optional(l.residualBias),
    ffnKernel1: toArray(l.ffnKernel1),
    ffnBias1: toArray(l.ffnBias1),
    ffnKernel2: toArray(l.ffnKernel2),
    ffnBias2: toArray(l.ffnBias2),
  };
}

/** A layer's folded weights while they are read from the graph (before they become arrays). */
type FoldedLayer = LayerWeights<Tensor>;

/** Reads and folds the weights of the published graph (see LayerWeights); the graph's tensors are left as they are. */
export function foldGraphWeights(weights: WeightMap, source: string, options: UseLiteForwardOptions): UseLiteWeightArrays {
  const get = (name: string): Tensor => {
    const tensor = weights[name]?.[0];
    if (tensor === undefined) throw new DataFileError(source, name, 'weight missing from the USE-lite graph');
    return tensor;
  };
  const scalar = (name: string): number => get(name).dataSync()[0];
  const own: Tensor[] = [];
  const keep = (t: Tensor): Tensor => {
    own.push(t);
    return t;
  };
  /** diag(scale)·W and bias·W + c, for a layer norm followed by x·W + c. */
  const foldNorm = (scale: Tensor, bias: Tensor, kernel: Tensor, kernelBias: Tensor): [Tensor, Tensor] => [
    keep(tf.tidy(() => tf.mul(tf.reshape(scale, [-1, 1]), kernel))),
    keep(tf.tidy(() => tf.add(tf.squeeze(tf.matMul(tf.reshape(bias, [1, -1]), kernel), [0]), kernelBias))),
  ];
  const layer = (l: number): FoldedLayer => {
    const lp = `${P}Encode/Layer_${l}/TransformerLayer/`;
    const sp = `${P}Encode/TransformerStack/Layer_${l}/TransformerLayer/`;
    const mp = `${M}Encode/Layer_${l}/TransformerLayer/`;
    const qkv4d = get(`${mp}MultiheadAttention/qkv_transform_single/kernel/part_0`);
    const output = get(`${mp}MultiheadAttention/output_transform_single/kernel/part_0`);
    const width = (qkv4d.shape[3] ?? 0) / 3;
    const queryScale = scalar(`${sp}MultiheadAttention/mul/y`);
    // Scale the query columns (the first third) of the kernel and bias.
    const columnScale = tf.tidy(() => tf.concat([tf.fill([width], queryScale), tf.ones([2 * width])]));
    const qkvKernel = tf.tidy(() => tf.mul(tf.reshape(qkv4d, [qkv4d.shape[2] ?? 0, 3 * width]), columnScale));
    const qkvBias = tf.tidy(() => tf.mul(get(`${lp}MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat`), columnScale));
    const [foldedQkv, foldedQkvBias] = foldNorm(
      get(`${lp}layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`),
      get(`${lp}layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`),
      qkvKernel,
      qkvBias,
    );
    tf.dispose([columnScale, qkvKernel, qkvBias]);
    const [ffnKernel1, ffnBias1] = foldNorm(
      get(`${lp}FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`),
      get(`${lp}FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`),
      get(`${sp}FFN/conv1/Tensordot/Reshape_1`),
      get(`${lp}FFN/conv1/bias/ConcatPartitions/concat`),
    );
    return {
      qkvKernel: foldedQkv,
      qkvBias: foldedQkvBias,
      outputKernel: keep(tf.reshape(output, [output.shape[2] ?? 0, output.shape[3] ?? 0])),
      outputBias: get(`${lp}MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat`),
      width,
      residualKernel: l === 0 ? get(`${lp}dense/kernel/ConcatPartitions/concat`) : undefined,
      residualBias: l === 0 ? get(`${lp}dense/bias/ConcatPartitions/concat`) : undefined,
      ffnKernel1,
      ffnBias1,
      ffnKernel2: get(`${sp}FFN/conv2/Tensordot/Reshape_1`),
      ffnBias2: get(`${lp}FFN/conv2/bias/ConcatPartitions/concat`),
    };
  };
  const layers = [layer(0), layer(1)];
  const inverseTimescales = get(`${P}Encode/TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`);
  // timing[p] = [sin(p · inv), cos(p · inv)], as the graph's AddTimingSignal computes it.
  const timing = tf.tidy(() => {
    const positions = tf.reshape(tf.range(0, options.maxPositions, 1, 'float32'), [options.maxPositions, 1]);
    const angles = tf.mul(positions, inverseTimescales);
    return tf.concat([tf.sin(angles), tf.cos(angles)], 1);
  });
  const heads = scalar(`${P}Encode/TransformerStack/Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2`);
  const epsilon = scalar(`${P}Encode/TransformerStack/Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x`);
  const finalKernel = get('module/Encoder_en/hidden_layers/tanh_layer_0/weights');
  own.push(timing);
  // x = E + (E + T) = 2E + T: keep the doubled table (doubling is exact in float32).
  const doubledEmbeddings = keep(tf.tidy(() => tf.mul(get('module/Embeddings_en'), 2)));
  const arrays: UseLiteWeightArrays = {
    embeddings: toArray(doubledEmbeddings),
    timing: toArray(timing),
    heads,
    epsilon,
    layers: layers.map(layerArrays),
    finalKernel: toArray(finalKernel),
    finalBias: toArray(get('module/Encoder_en/hidden_layers/tanh_layer_0/bias')),
  };
  tf.dispose(own);
  return arrays;
}

/** The published graph's weights by name, decoded from its shards (no graph is built). The caller disposes them. */
export async function readGraphWeights(modelDir: string): Promise<WeightMap> {
  const artifacts = await localGraphModelHandler(modelDir).load?.();
  if (artifacts?.weightData === undefined || artifacts.weightSpecs === undefined) throw new DataFileError(`${modelDir}/model.json`, undefined, 'no weights in the USE-lite graph');
  const named = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  return Object.fromEntries(Object.entries(named).map(([name, tensor]) => [name, [tensor]]));
}

/** The folded weights of the USE-lite package in `modelDir`. */
export async function readPublishedWeights(modelDir: string, maxPositions: number): Promise<UseLiteWeightArrays> {
  const weights = await readGraphWeights(modelDir);
  try {
    return foldGraphWeights(weights, `${modelDir}/model.json`, { maxPositions });
  } finally {
    tf.dispose(Object.values(weights).flat());
  }
}

const TUNED_FORMAT = 'csbot-use-lite-weights@1';

interface TunedMetadata {
  format: string;
  heads: number;
  epsilon: number;
  widths: number[];
  /** What the weights were tuned for and how: free-form, kept for provenance. */
  [key: string]: unknown;
}

/**
 * Writes folded (e.g. fine-tuned) weights to `dir` (weights.json + weights.bin), with provenance metadata. The token
 * embeddings and the timing signal are fixed (never tuned), so they are not written: they come from the package.
 */
export async function saveUseLiteWeights(dir: string, arrays: UseLiteWeightArrays, provenance: Record<string, string | number>): Promise<void> {
  const tensors: Record<string, Tensor> = {};
  const add = (name: string, a: WeightArray | undefined): void => {
    if (a !== undefined) tensors[name] = tf.tensor(a.data, a.shape);
  };
  add('finalKernel', arrays.finalKernel);
  add('finalBias', arrays.finalBias);
  arrays.layers.forEach((layer, l) => LAYER_WEIGHT_NAMES.forEach((name) => add(`layer${l}.${name}`, layer[name])));
  const metadata: TunedMetadata = { ...provenance, format: TUNED_FORMAT, heads: arrays.heads, epsilon: arrays.epsilon, widths: arrays.layers.map((l) => l.width) };
  try {
    await saveNamedTensors(dir, tensors, metadata as Record<string, {}>);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** Reads weights written by `saveUseLiteWeights` (embeddings and timing from `published`), with their metadata. */
export async function loadUseLiteWeights(dir: string, published: UseLiteWeightArrays): Promise<{ arrays: UseLiteWeightArrays; metadata: Record<string, unknown> }> {
  const { tensors, metadata } = await loadNamedTensors(dir);
  try {
    const meta = metadata as Partial<TunedMetadata>;
    if (meta.format !== TUNED_FORMAT || !Array.isArray(meta.widths) || typeof meta.heads !== 'number' || typeof meta.epsilon !== 'number') {
      throw new DataFileError(dir, 'metadata', `not USE-lite weights (format '${String(meta.format)}')`);
    }
    const need = (name: string): WeightArray => {
      const tensor = tensors[name];
      if (tensor === undefined) throw new DataFileError(dir, name, 'weight missing');
      return toArray(tensor);
    };
    const optional = (name: string): WeightArray | undefined => (tensors[name] === undefined ? undefined : need(name));
    const layers = meta.widths.map((width, l): UseLiteLayerArrays => ({
      width,
      qkvKernel: need(`layer${l}.qkvKernel`),
      qkvBias: need(`layer${l}.qkvBias`),
      outputKernel: need(`layer${l}.outputKernel`),
      outputBias: need(`layer${l}.outputBias`),
      residualKernel: optional(`layer${l}.residualKernel`),
      residualBias: optional(`layer${l}.residualBias`),
      ffnKernel1: need(`layer${l}.ffnKernel1`),
      ffnBias1: need(`layer${l}.ffnBias1`),
      ffnKernel2: need(`layer${l}.ffnKernel2`),
      ffnBias2: need(`layer${l}.ffnBias2`),
    }));
    return {
      arrays: { embeddings: published.embeddings, timing: published.timing, heads: meta.heads, epsilon: meta.epsilon, layers, finalKernel: need('finalKernel'), finalBias: need('finalBias') },
      metadata,
    };
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
