import { tf } from '../../core/tfjs.js';
import { DataFileError } from '../../core/errors.js';

/**
 * The USE-lite forward pass written directly with TF.js ops, using the weights of the published graph.
 *
 * Why: the converted graph takes sparse inputs and runs ~300 small ops, several of them data-dependent (Where,
 * SparseToDense), so it must go through the asynchronous executor; on the wasm backend that costs far more than the
 * arithmetic. This runs the same function as ~40 synchronous ops inside one tf.tidy. It reproduces the graph
 * (checked against the golden vectors within 1e-4, and against the graph in tests):
 *   x      = (2 · Embeddings[id] + timing(position)) · mask          (256-d, sinusoidal timing, padding = 0)
 *   layer0 = h = MHA(LN(x)) + (x·W_dense + b)·mask;  h += FFN(LN(h))·mask          (4 heads × 64, 256 → 512)
 *   layer1 = h += MHA(LN(h));                        h += FFN(LN(h))·mask          (4 heads × 128)
 *   out    = l2normalise(tanh(mean over real tokens(h) · W + b))
 * Attention ignores padded keys (bias -1e9). Unknown characters are token id 0, a real token to the model.
 */

const P = 'module_apply_default/Encoder_en/KonaTransformer/';
const M = 'module/Encoder_en/KonaTransformer/';

type Tensor = InstanceType<typeof tf.Tensor>;
type WeightMap = Record<string, Tensor[]>;

/**
 * One transformer layer. The layer norms' scale and bias are folded into the matrix that follows them
 * (LN(x)·W + c = n(x)·(diag(s)·W) + (b·W + c)), and the query scale into the query columns: fewer, larger ops.
 */
interface LayerWeights {
  qkvKernel: Tensor;
  qkvBias: Tensor;
  outputKernel: Tensor;
  outputBias: Tensor;
  width: number;
  /** Layer 0 only: projects the 256-d input to 512-d for the residual connection. */
  residualKernel?: Tensor;
  residualBias?: Tensor;
  ffnKernel1: Tensor;
  ffnBias1: Tensor;
  ffnKernel2: Tensor;
  ffnBias2: Tensor;
}

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

export class UseLiteForward {
  private readonly ownTensors: Tensor[] = [];

  private constructor(
    private readonly embeddings: Tensor,
    private readonly timing: Tensor,
    private readonly layers: readonly LayerWeights[],
    private readonly heads: number,
    private readonly epsilon: number,
    private readonly finalKernel: Tensor,
    private readonly finalBias: Tensor,
    readonly outputDimensions: number,
    ownTensors: Tensor[],
  ) {
    this.ownTensors = ownTensors;
  }

  /** Reads the weights of the loaded graph (they stay owned by it: dispose the graph after this runner). */
  static fromGraphWeights(weights: WeightMap, source: string, options: UseLiteForwardOptions): UseLiteForward {
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
    const layer = (l: number): LayerWeights => {
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
    return new UseLiteForward(
      doubledEmbeddings,
      timing,
      layers,
      heads,
      epsilon,
      finalKernel,
      get('module/Encoder_en/hidden_layers/tanh_layer_0/bias'),
      finalKernel.shape[1] ?? 0,
      own,
    );
  }

  /**
   * Embeds rows of token ids (each non-empty, at most maxPositions long). Returns the rows' vectors, row-major,
   * before the final L2 normalisation (the caller normalises in float64).
   */
  run(rows: ReadonlyArray<readonly number[]>): Float32Array {
    const batch = rows.length;
    const length = rows.reduce((max, ids) => Math.max(max, ids.length), 1);
    const ids = new Int32Array(batch * length);
    const mask = new Float32Array(batch * length);
    const counts = new Float32Array(batch);
    rows.forEach((row, r) => {
      row.forEach((id, p) => {
        ids[r * length + p] = id;
        mask[r * length + p] = 1;
      });
      counts[r] = Math.max(row.length, 1);
    });
    const padded = rows.some((row) => row.length !== length);
    const result = tf.tidy(() => {
      const tokenMask = tf.tensor2d(mask, [batch * length, 1]);
      const positions = tf.tile(tf.slice(this.timing, [0, 0], [length, -1]), [batch, 1]);
      // The graph adds the timing signal as a residual block on top of the embeddings: x = E + (E + T).
      const masked = (t: Tensor): Tensor => (padded ? tf.mul(t, tokenMask) : t);
      const x = masked(tf.add(tf.gather(this.embeddings, tf.tensor1d(ids, 'int32')), positions));
      // Padded keys get -1e9 added to their attention logits: [batch, 1, 1, length].
      const keyBias = padded ? tf.reshape(tf.mul(tf.sub(1, tf.tensor1d(mask)), -1e9), [batch, 1, 1, length]) : undefined;
      let h: Tensor = x;
      this.layers.forEach((layer) => {
        const attended = this.attention(this.normalise(h), layer, batch, length, keyBias);
        const residual =
          layer.residualKernel !== undefined && layer.residualBias !== undefined
            ? masked(tf.fused.matMul({ a: h, b: layer.residualKernel, bias: layer.residualBias }))
            : h;
        h = tf.add(attended, residual);
        const hidden = tf.fused.matMul({ a: this.normalise(h), b: layer.ffnKernel1, bias: layer.ffnBias1, activation: 'relu' });
        h = tf.add(masked(tf.fused.matMul({ a: hidden, b: layer.ffnKernel2, bias: layer.ffnBias2 })), h);
      });
      const width = h.shape[1] ?? 0;
      const summed = tf.sum(tf.reshape(masked(h), [batch, length, width]), 1);
      const pooled = tf.div(summed, tf.tensor2d(counts, [batch, 1]));
      return tf.tanh(tf.fused.matMul({ a: pooled, b: this.finalKernel, bias: this.finalBias }));
    });
    try {
      return result.dataSync() as Float32Array;
    } finally {
      result.dispose();
    }
  }

  /** Copies the (folded) weights out of TF.js. */
  exportWeights(): UseLiteWeightArrays {
    const array = (t: Tensor): WeightArray => ({ data: Float32Array.from(t.dataSync() as Float32Array), shape: [...t.shape] });
    const optional = (t: Tensor | undefined): WeightArray | undefined => (t === undefined ? undefined : array(t));
    return {
      embeddings: array(this.embeddings),
      timing: array(this.timing),
      heads: this.heads,
      epsilon: this.epsilon,
      layers: this.layers.map((l) => ({
        width: l.width,
        qkvKernel: array(l.qkvKernel),
        qkvBias: array(l.qkvBias),
        outputKernel: array(l.outputKernel),
        outputBias: array(l.outputBias),
        residualKernel: optional(l.residualKernel),
        residualBias: optional(l.residualBias),
        ffnKernel1: array(l.ffnKernel1),
        ffnBias1: array(l.ffnBias1),
        ffnKernel2: array(l.ffnKernel2),
        ffnBias2: array(l.ffnBias2),
      })),
      finalKernel: array(this.finalKernel),
      finalBias: array(this.finalBias),
    };
  }

  dispose(): void {
    tf.dispose(this.ownTensors);
  }

  /** Layer norm without its scale and bias (those are folded into the next matrix). */
  private normalise(x: Tensor): Tensor {
    const centred = tf.sub(x, tf.mean(x, -1, true));
    const variance = tf.mean(tf.square(centred), -1, true);
    return tf.mul(centred, tf.rsqrt(tf.add(variance, this.epsilon)));
  }

  /** Multi-head self-attention on [batch·length, in] rows; returns [batch·length, out]. */
  private attention(normed: Tensor, layer: LayerWeights, batch: number, length: number, keyBias: Tensor | undefined): Tensor {
    const width = layer.width;
    const depth = width / this.heads;
    const qkv = tf.fused.matMul({ a: normed, b: layer.qkvKernel, bias: layer.qkvBias });
    const [q, k, v] = tf.split(qkv, 3, 1);
    const toHeads = (t: Tensor): Tensor =>
      tf.reshape(tf.transpose(tf.reshape(t, [batch, length, this.heads, depth]), [0, 2, 1, 3]), [batch * this.heads, length, depth]);
    const logits = tf.matMul(toHeads(q), toHeads(k), false, true);
    const biased = keyBias === undefined ? logits : tf.add(tf.reshape(logits, [batch, this.heads, length, length]), keyBias);
    const weights = tf.reshape(tf.softmax(biased), [batch * this.heads, length, length]);
    const context = tf.matMul(weights, toHeads(v));
    const combined = tf.reshape(tf.transpose(tf.reshape(context, [batch, this.heads, length, depth]), [0, 2, 1, 3]), [batch * length, width]);
    return tf.fused.matMul({ a: combined, b: layer.outputKernel, bias: layer.outputBias });
  }
}
