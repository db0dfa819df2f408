import { tf } from '../../core/tfjs.js';
import { LAYER_WEIGHT_NAMES, layerArrays, toArray, type LayerWeights, type Tensor, type UseLiteWeightArrays, type Variable, type WeightArray } from './useLiteWeights.js';

/**
 * The USE-lite forward pass written with TF.js ops over the folded weights (useLiteWeights.ts): the trainable copy
 * of the model that fine-tuning updates (nlu/encoder/fineTune.ts). The transformer layers and the output projection
 * are tf.Variables; the token embeddings stay fixed. Serving runs the ONNX graph built from the same weights
 * (useLiteOnnx.ts). It computes the published function (tests hold it within 1e-4 of
 * the golden vectors and of the ONNX graph):
 *   x      = (2 · Embeddings[id] + timing(position)) · mask          (256-d, sinusoidal timing, padding = 0)
 *   layer0 = h = MHA(LN(x)) + (x·W_dense + b)·mask;  h += FFN(LN(h))·mask          (4 heads × 64, 256 → 512)
 *   layer1 = h += MHA(LN(h));                        h += FFN(LN(h))·mask          (4 heads × 128)
 *   out    = l2normalise(tanh(mean over real tokens(h) · W + b))
 * Attention ignores padded keys (bias -1e9). Unknown characters are token id 0, a real token to the model.
 */

export class UseLiteForward {
  private constructor(
    private readonly embeddings: Tensor,
    private readonly timing: Tensor,
    private readonly layers: readonly LayerWeights[],
    private readonly heads: number,
    private readonly epsilon: number,
    private readonly finalKernel: Variable,
    private readonly finalBias: Variable,
  ) {}

  get outputDimensions(): number {
    return this.finalKernel.shape[1] ?? 0;
  }

  /** The weights fine-tuning may change: every layer matrix and bias and the output projection. */
  get trainableVariables(): Variable[] {
    const layerVariables = this.layers.flatMap((layer) => LAYER_WEIGHT_NAMES.map((name) => layer[name]).filter((v): v is Variable => v !== undefined));
    return [...layerVariables, this.finalKernel, this.finalBias];
  }

  /** Builds the model from folded weights (see UseLiteWeightArrays), e.g. fine-tuned ones read from disk. */
  static fromArrays(arrays: UseLiteWeightArrays): UseLiteForward {
    const variable = (a: WeightArray): Variable => tf.variable(tf.tensor(a.data, a.shape), true);
    const layers = arrays.layers.map((l): LayerWeights => ({
      width: l.width,
      qkvKernel: variable(l.qkvKernel),
      qkvBias: variable(l.qkvBias),
      outputKernel: variable(l.outputKernel),
      outputBias: variable(l.outputBias),
      residualKernel: l.residualKernel === undefined ? undefined : variable(l.residualKernel),
      residualBias: l.residualBias === undefined ? undefined : variable(l.residualBias),
      ffnKernel1: variable(l.ffnKernel1),
      ffnBias1: variable(l.ffnBias1),
      ffnKernel2: variable(l.ffnKernel2),
      ffnBias2: variable(l.ffnBias2),
    }));
    return new UseLiteForward(
      tf.tensor(arrays.embeddings.data, arrays.embeddings.shape),
      tf.tensor(arrays.timing.data, arrays.timing.shape),
      layers,
      arrays.heads,
      arrays.epsilon,
      variable(arrays.finalKernel),
      variable(arrays.finalBias),
    );
  }

  /**
   * The forward pass as a tensor: rows of token ids (each non-empty, at most maxPositions long) in, [rows × 512]
   * tanh outputs out, before the final L2 normalisation. Differentiable with respect to `trainableVariables`; the
   * caller disposes the result (or calls it inside tf.tidy / an optimizer's loss function).
   */
  forward(rows: ReadonlyArray<readonly number[]>): Tensor {
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
    return tf.tidy(() => {
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
        const residual = layer.residualKernel !== undefined && layer.residualBias !== undefined ? masked(dense(h, layer.residualKernel, layer.residualBias)) : h;
        h = tf.add(attended, residual);
        const hidden = tf.relu(dense(this.normalise(h), layer.ffnKernel1, layer.ffnBias1));
        h = tf.add(masked(dense(hidden, layer.ffnKernel2, layer.ffnBias2)), h);
      });
      const width = h.shape[1] ?? 0;
      const summed = tf.sum(tf.reshape(masked(h), [batch, length, width]), 1);
      const pooled = tf.div(summed, tf.tensor2d(counts, [batch, 1]));
      return tf.tanh(dense(pooled, this.finalKernel, this.finalBias));
    });
  }

  /** `forward` as plain numbers, row-major [rows × 512], before the final L2 normalisation. */
  run(rows: ReadonlyArray<readonly number[]>): Float32Array {
    const result = this.forward(rows);
    try {
      return result.dataSync() as Float32Array;
    } finally {
      result.dispose();
    }
  }

  /** Copies the (folded) weights out of TF.js. */
  exportWeights(): UseLiteWeightArrays {
    return {
      embeddings: toArray(this.embeddings),
      timing: toArray(this.timing),
      heads: this.heads,
      epsilon: this.epsilon,
      layers: this.layers.map(layerArrays),
      finalKernel: toArray(this.finalKernel),
      finalBias: toArray(this.finalBias),
    };
  }

  dispose(): void {
    tf.dispose([this.embeddings, this.timing, ...this.trainableVariables]);
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
    const qkv = dense(normed, layer.qkvKernel, layer.qkvBias);
    const [q, k, v] = tf.split(qkv, 3, 1);
    const toHeads = (t: Tensor): Tensor =>
      tf.reshape(tf.transpose(tf.reshape(t, [batch, length, this.heads, depth]), [0, 2, 1, 3]), [batch * this.heads, length, depth]);
    const logits = tf.matMul(toHeads(q), toHeads(k), false, true);
    const biased = keyBias === undefined ? logits : tf.add(tf.reshape(logits, [batch, this.heads, length, length]), keyBias);
    const weights = tf.reshape(tf.softmax(biased), [batch * this.heads, length, length]);
    const context = tf.matMul(weights, toHeads(v));
    const combined = tf.reshape(tf.transpose(tf.reshape(context, [batch, this.heads, length, depth]), [0, 2, 1, 3]), [batch * length, width]);
    return dense(combined, layer.outputKernel, layer.outputBias);
  }
}

/** x·W + b with plain ops: TF.js has gradients for them on every backend. */
function dense(x: Tensor, kernel: Tensor, bias: Tensor): Tensor {
  return tf.add(tf.matMul(x, kernel), bias);
}
