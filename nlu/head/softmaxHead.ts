import { TrainingError } from '../../core/errors.js';
import { tf } from '../../core/tfjs.js';
import type { SparseVector } from '../features/hashedNgrams.js';
import { seededRandom, shuffled } from '../util/random.js';
import { linearRowProbabilities, trainLinearHead } from './linearHeadTrainer.js';

/**
 * A softmax classification head on [dense sentence embedding ‖ sparse hashed n-grams], trained with TF.js:
 * linear (hiddenUnits = 0) or one hidden ReLU layer, dropout, label smoothing, Adam, early stopping on a held-out slice.
 * Deterministic for a seed: initialisers, shuffling and dropout masks are all seeded here.
 * Sparse rows are expanded to dense only one batch at a time (no embedding lookup, so no missing wasm gradient kernel).
 */
export interface HeadSettings {
  hiddenUnits: number;
  inputDropout: number;
  dropout: number;
  labelSmoothing: number;
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  /** Epochs without validation improvement before stopping. */
  patience: number;
  /** Linear head only: the learning rate decays linearly to this share of itself at the last epoch (1 = constant). */
  finalLearningRateFactor: number;
}

export const DEFAULT_HEAD_SETTINGS: HeadSettings = {
  hiddenUnits: 0,
  inputDropout: 0,
  dropout: 0.2,
  labelSmoothing: 0.1,
  learningRate: 0.005,
  batchSize: 64,
  maxEpochs: 40,
  patience: 4,
  finalLearningRateFactor: 1,
};

export interface HeadRows {
  dense: readonly Float32Array[];
  sparse: readonly SparseVector[];
}

export interface HeadShape {
  denseDims: number;
  sparseDims: number;
  classes: number;
}

export interface HeadTrainRequest {
  rows: HeadRows;
  labels: Int32Array;
  trainIndices: readonly number[];
  validationIndices: readonly number[];
  shape: HeadShape;
  settings: HeadSettings;
  seed: number;
  /** Fixed epoch count (no early stopping), e.g. when refitting on all data. */
  epochs?: number;
  /** Linear heads only: start from this head's weights (same shape) instead of the initialisers; it is not modified. */
  warmStart?: SoftmaxHead;
  onEpoch?: (epoch: number, maxEpochs: number, loss: number) => void;
}

export interface HeadTrainResult {
  head: SoftmaxHead;
  epochs: number;
  bestEpoch: number;
  validationAccuracy: number | undefined;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function batchMatrix(rows: HeadRows, indices: readonly number[], shape: HeadShape): tf.Tensor2D {
  const width = shape.denseDims + shape.sparseDims;
  const data = new Float32Array(indices.length * width);
  indices.forEach((rowIndex, r) => {
    const offset = r * width;
    const dense = rows.dense[rowIndex];
    const sparse = rows.sparse[rowIndex];
    if (dense !== undefined) data.set(dense, offset);
    if (sparse !== undefined) {
      for (let k = 0; k < sparse.indices.length; k += 1) {
        data[offset + shape.denseDims + (sparse.indices[k] ?? 0)] = sparse.values[k] ?? 0;
      }
    }
  });
  return tf.tensor2d(data, [indices.length, width]);
}

export class SoftmaxHead {
  /** Linear heads: W (row-major [inputs × classes]) and b as plain arrays, read once, for predict(). */
  private linearArrays: { w: Float32Array; b: Float32Array } | undefined;

  private constructor(
    readonly shape: HeadShape,
    readonly hiddenUnits: number,
    private readonly variables: Map<string, tf.Variable>,
  ) {}

  static create(shape: HeadShape, hiddenUnits: number, seed: number): SoftmaxHead {
    const width = shape.denseDims + shape.sparseDims;
    const glorot = (shapeOf: [number, number], offset: number): tf.Tensor => tf.initializers.glorotUniform({ seed: seed + offset }).apply(shapeOf);
    const vars = new Map<string, tf.Variable>();
    if (hiddenUnits > 0) {
      vars.set('w1', tf.variable(glorot([width, hiddenUnits], 1), true));
      vars.set('b1', tf.variable(tf.zeros([hiddenUnits]), true));
      vars.set('w2', tf.variable(glorot([hiddenUnits, shape.classes], 2), true));
      vars.set('b2', tf.variable(tf.zeros([shape.classes]), true));
    } else {
      vars.set('w', tf.variable(glorot([width, shape.classes], 1), true));
      vars.set('b', tf.variable(tf.zeros([shape.classes]), true));
    }
    return new SoftmaxHead(shape, hiddenUnits, vars);
  }

  static fromTensors(shape: HeadShape, hiddenUnits: number, tensors: tf.NamedTensorMap): SoftmaxHead {
    const vars = new Map<string, tf.Variable>();
    for (const [name, tensor] of Object.entries(tensors)) vars.set(name, tf.variable(tensor, false));
    return new SoftmaxHead(shape, hiddenUnits, vars);
  }

  static async train(request: HeadTrainRequest): Promise<HeadTrainResult> {
    const { rows, labels, shape, settings, seed } = request;
    if (request.trainIndices.length === 0) throw new TrainingError('no training examples');
    if (settings.hiddenUnits === 0 && settings.inputDropout === 0) return SoftmaxHead.trainLinear(request);
    const head = SoftmaxHead.create(shape, settings.hiddenUnits, seed);
    const optimizer = tf.train.adam(settings.learningRate);
    const random = seededRandom(seed);
    const maxEpochs = request.epochs ?? settings.maxEpochs;
    const earlyStopping = request.epochs === undefined && request.validationIndices.length > 0;
    let best: { accuracy: number; loss: number; epoch: number; snapshot: Map<string, Float32Array> } | undefined;
    let step = 0;
    let epoch = 0;
    try {
      for (epoch = 1; epoch <= maxEpochs; epoch += 1) {
        const order = shuffled(request.trainIndices, random);
        let lossSum = 0;
        let batches = 0;
        for (let start = 0; start < order.length; start += settings.batchSize) {
          const batch = order.slice(start, start + settings.batchSize);
          step += 1;
          const loss = tf.tidy(() => {
            const x = batchMatrix(rows, batch, shape);
            const y = tf.oneHot(tf.tensor1d(batch.map((i) => labels[i] ?? 0), 'int32'), shape.classes);
            const cost = optimizer.minimize(
              () => tf.losses.softmaxCrossEntropy(y, head.logits(x, settings, seed * 7919 + step), undefined, settings.labelSmoothing) as tf.Scalar,
              true,
              [...head.variables.values()],
            );
            return cost === null ? 0 : (cost.dataSync()[0] ?? 0);
          });
          lossSum += loss;
          batches += 1;
          if (batches % 8 === 0) await yieldToEventLoop();
        }
        const meanLoss = lossSum / Math.max(1, batches);
        if (!Number.isFinite(meanLoss)) throw new TrainingError(`training diverged at epoch ${epoch} (loss ${meanLoss})`);
        request.onEpoch?.(epoch, maxEpochs, meanLoss);
        if (!earlyStopping) continue;
        const evaluation = head.evaluate(rows, labels, request.validationIndices);
        if (best === undefined || evaluation.accuracy > best.accuracy || (evaluation.accuracy === best.accuracy && evaluation.loss < best.loss)) {
          best = { ...evaluation, epoch, snapshot: head.snapshot() };
        } else if (epoch - best.epoch >= settings.patience) {
          break;
        }
      }
    } catch (error) {
      head.dispose();
      throw error instanceof TrainingError ? error : new TrainingError('head training failed', { cause: error });
    } finally {
      optimizer.dispose();
    }
    if (best !== undefined) head.restore(best.snapshot);
    return { head, epochs: Math.min(epoch, maxEpochs), bestEpoch: best?.epoch ?? maxEpochs, validationAccuracy: best?.accuracy };
  }

  /**
   * Linear head (no hidden layer, no input dropout): the training loop runs on typed arrays (linearHeadTrainer.ts,
   * which says why); TF.js initialises the weights and holds the result for inference and serialisation.
   */
  private static async trainLinear(request: HeadTrainRequest): Promise<HeadTrainResult> {
    const { shape, settings } = request;
    const start = request.warmStart ?? SoftmaxHead.create(shape, 0, request.seed);
    const [wInit, bInit] = [start.variables.get('w'), start.variables.get('b')];
    if (wInit === undefined || bInit === undefined || start.hiddenUnits !== 0) throw new TrainingError('warm start needs a linear head of the same shape');
    const w = wInit.dataSync().slice() as Float32Array;
    const b = bInit.dataSync().slice() as Float32Array;
    if (request.warmStart === undefined) start.dispose();
    try {
      const result = await trainLinearHead({
        rows: request.rows,
        labels: request.labels,
        trainIndices: request.trainIndices,
        validationIndices: request.validationIndices,
        shape,
        w,
        b,
        learningRate: settings.learningRate,
        finalLearningRateFactor: settings.finalLearningRateFactor,
        batchSize: settings.batchSize,
        labelSmoothing: settings.labelSmoothing,
        maxEpochs: request.epochs ?? settings.maxEpochs,
        earlyStopping: request.epochs === undefined && request.validationIndices.length > 0,
        patience: settings.patience,
        seed: request.seed,
        onEpoch: request.onEpoch,
      });
      const tensors = { w: tf.tensor2d(w, [shape.denseDims + shape.sparseDims, shape.classes]), b: tf.tensor1d(b) };
      const head = SoftmaxHead.fromTensors(shape, 0, tensors);
      Object.values(tensors).forEach((t) => t.dispose());
      return { head, ...result };
    } catch (error) {
      throw error instanceof TrainingError ? error : new TrainingError('head training failed', { cause: error });
    }
  }

  private logits(x: tf.Tensor2D, settings: HeadSettings | undefined, dropoutSeed: number): tf.Tensor2D {
    const v = (name: string): tf.Variable => {
      const found = this.variables.get(name);
      if (found === undefined) throw new TrainingError(`head weight '${name}' is missing`);
      return found;
    };
    const input = settings !== undefined && settings.inputDropout > 0 ? tf.dropout(x, settings.inputDropout, undefined, dropoutSeed) : x;
    if (this.hiddenUnits === 0) return tf.add(tf.matMul(input, v('w')), v('b'));
    let hidden: tf.Tensor = tf.relu(tf.add(tf.matMul(input, v('w1')), v('b1')));
    if (settings !== undefined && settings.dropout > 0) hidden = tf.dropout(hidden, settings.dropout, undefined, dropoutSeed + 1);
    return tf.add(tf.matMul(hidden, v('w2')), v('b2'));
  }

  /**
   * Class probabilities for the given rows (no dropout). A linear head computes them on typed arrays: for one bot
   * message that is ~20k multiply-adds, far less than the cost of dispatching TF.js ops.
   */
  predict(rows: HeadRows, indices?: readonly number[]): Float32Array[] {
    const all = indices ?? rows.dense.map((_, i) => i);
    if (this.hiddenUnits === 0) return all.map((row) => this.linearProbabilities(rows, row));
    const out: Float32Array[] = [];
    for (let start = 0; start < all.length; start += 256) {
      const batch = all.slice(start, start + 256);
      const probabilities = tf.tidy(() => tf.softmax(this.logits(batchMatrix(rows, batch, this.shape), undefined, 0)).dataSync() as Float32Array);
      for (let r = 0; r < batch.length; r += 1) out.push(probabilities.slice(r * this.shape.classes, (r + 1) * this.shape.classes));
    }
    return out;
  }

  private linearProbabilities(rows: HeadRows, row: number): Float32Array {
    this.linearArrays ??= {
      w: this.variables.get('w')?.dataSync().slice() as Float32Array,
      b: this.variables.get('b')?.dataSync().slice() as Float32Array,
    };
    return linearRowProbabilities(rows, row, this.shape, this.linearArrays.w, this.linearArrays.b);
  }

  evaluate(rows: HeadRows, labels: Int32Array, indices: readonly number[]): { accuracy: number; loss: number } {
    const probabilities = this.predict(rows, indices);
    let correct = 0;
    let loss = 0;
    probabilities.forEach((p, r) => {
      const label = labels[indices[r] ?? 0] ?? 0;
      let argmax = 0;
      for (let c = 1; c < p.length; c += 1) if ((p[c] ?? 0) > (p[argmax] ?? 0)) argmax = c;
      if (argmax === label) correct += 1;
      loss -= Math.log(Math.max(p[label] ?? 0, 1e-9));
    });
    return { accuracy: correct / Math.max(1, indices.length), loss: loss / Math.max(1, indices.length) };
  }

  private snapshot(): Map<string, Float32Array> {
    return new Map([...this.variables].map(([name, variable]) => [name, variable.dataSync().slice() as Float32Array]));
  }

  private restore(snapshot: Map<string, Float32Array>): void {
    this.linearArrays = undefined;
    for (const [name, values] of snapshot) {
      const variable = this.variables.get(name);
      if (variable !== undefined) tf.tidy(() => variable.assign(tf.tensor(values, variable.shape)));
    }
  }

  toTensors(): tf.NamedTensorMap {
    return Object.fromEntries(this.variables);
  }

  dispose(): void {
    for (const variable of this.variables.values()) variable.dispose();
    this.variables.clear();
  }
}
