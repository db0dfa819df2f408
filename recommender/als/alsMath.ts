/**
 * ALS kernels on flat row-major Float32 factor arrays (row r = factors[r·f .. r·f+f)).
 * Implicit-feedback objective (Hu, Koren, Volinsky 2008): preference p = 1 on observed cells with confidence c,
 * p = 0 with confidence 1 elsewhere. With the "YtY trick" a row update solves
 *   (YᵀY + λI + Σ_i (c_i − 1) y_i y_iᵀ) x = Σ_i c_i y_i
 * touching only the row's observed cells. `conjugateGradientRows` runs a few CG steps warm-started from the
 * current x (as implicit's `cg` solver); `exactRowSolve` solves it by Cholesky (online updates, explain).
 */
export interface AlsRowsProblem {
  factors: number;
  /** Rows to update (user factors in the user phase, item factors in the item phase). */
  target: Float32Array;
  /** Fixed factors of the other side. */
  other: Float32Array;
  /** Gram of the other side plus λ on the diagonal, f × f, row-major. */
  gram: Float64Array;
  indptr: Int32Array;
  indices: Int32Array;
  /** Confidence c ≥ 1 per observed cell. */
  confidence: Float32Array;
  cgSteps: number;
}

/** YᵀY + λI of `count` rows (Float64 accumulation). */
export function gramWithRegularization(factors: Float32Array, count: number, f: number, regularization: number): Float64Array {
  const gram = new Float64Array(f * f);
  for (let r = 0; r < count; r++) {
    const base = r * f;
    for (let a = 0; a < f; a++) {
      const va = factors[base + a];
      if (va === 0) continue;
      const row = a * f;
      for (let b = a; b < f; b++) gram[row + b] += va * factors[base + b];
    }
  }
  for (let a = 0; a < f; a++) {
    gram[a * f + a] += regularization;
    for (let b = 0; b < a; b++) gram[a * f + b] = gram[b * f + a];
  }
  return gram;
}

/** Updates rows [start, end) of problem.target in place with `cgSteps` conjugate-gradient steps each. */
export function conjugateGradientRows(problem: AlsRowsProblem, start: number, end: number): void {
  const { factors: f, target, other, gram, indptr, indices, confidence, cgSteps } = problem;
  const x = new Float64Array(f);
  const r = new Float64Array(f);
  const p = new Float64Array(f);
  const ap = new Float64Array(f);
  for (let row = start; row < end; row++) {
    const base = row * f;
    const first = indptr[row];
    const last = indptr[row + 1];
    for (let a = 0; a < f; a++) x[a] = target[base + a];
    // r = b − A x
    multiplyGram(gram, x, r, f);
    for (let a = 0; a < f; a++) r[a] = -r[a];
    for (let k = first; k < last; k++) {
      const c = confidence[k];
      const ob = indices[k] * f;
      axpy(c - (c - 1) * dot(other, ob, x, f), other, ob, r, f);
    }
    let rsOld = 0;
    for (let a = 0; a < f; a++) {
      p[a] = r[a];
      rsOld += r[a] * r[a];
    }
    // `rsOld <= tiny` is false for NaN on purpose: a NaN residual must reach x, where training detects it.
    for (let step = 0; step < cgSteps && !(rsOld <= 1e-20); step++) {
      multiplyGram(gram, p, ap, f);
      for (let k = first; k < last; k++) {
        const ob = indices[k] * f;
        axpy((confidence[k] - 1) * dot(other, ob, p, f), other, ob, ap, f);
      }
      let pap = 0;
      for (let a = 0; a < f; a++) pap += p[a] * ap[a];
      const alpha = rsOld / pap;
      let rsNew = 0;
      for (let a = 0; a < f; a++) {
        x[a] += alpha * p[a];
        r[a] -= alpha * ap[a];
        rsNew += r[a] * r[a];
      }
      const beta = rsNew / rsOld;
      for (let a = 0; a < f; a++) p[a] = r[a] + beta * p[a];
      rsOld = rsNew;
    }
    for (let a = 0; a < f; a++) target[base + a] = x[a];
  }
}

/** other[ob .. ob+f) · v, four accumulators (the hot loop of ALS). */
function dot(other: Float32Array, ob: number, v: Float64Array, f: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let a = 0;
  for (; a + 3 < f; a += 4) {
    s0 += other[ob + a] * v[a];
    s1 += other[ob + a + 1] * v[a + 1];
    s2 += other[ob + a + 2] * v[a + 2];
    s3 += other[ob + a + 3] * v[a + 3];
  }
  for (; a < f; a++) s0 += other[ob + a] * v[a];
  return s0 + s1 + s2 + s3;
}

/** out += coefficient · other[ob .. ob+f). */
function axpy(coefficient: number, other: Float32Array, ob: number, out: Float64Array, f: number): void {
  let a = 0;
  for (; a + 3 < f; a += 4) {
    out[a] += coefficient * other[ob + a];
    out[a + 1] += coefficient * other[ob + a + 1];
    out[a + 2] += coefficient * other[ob + a + 2];
    out[a + 3] += coefficient * other[ob + a + 3];
  }
  for (; a < f; a++) out[a] += coefficient * other[ob + a];
}

function multiplyGram(gram: Float64Array, v: Float64Array, out: Float64Array, f: number): void {
  for (let a = 0; a < f; a++) {
    const row = a * f;
    let sum = 0;
    for (let b = 0; b < f; b++) sum += gram[row + b] * v[b];
    out[a] = sum;
  }
}

/** The row's system matrix A = gram + Σ (c−1) y yᵀ (Float64, f × f). */
export function rowSystem(gram: Float64Array, other: Float32Array, f: number, indices: Int32Array, confidence: Float32Array): Float64Array {
  const system = Float64Array.from(gram);
  for (let k = 0; k < indices.length; k++) {
    const ob = indices[k] * f;
    const weight = confidence[k] - 1;
    for (let a = 0; a < f; a++) {
      const va = weight * other[ob + a];
      const row = a * f;
      for (let b = 0; b < f; b++) system[row + b] += va * other[ob + b];
    }
  }
  return system;
}

/** Solves system · x = rhs for SPD `system` by Cholesky (system is overwritten by its factor). */
export function choleskySolve(system: Float64Array, rhs: Float64Array, f: number): Float64Array {
  return choleskySolveFactored(choleskyFactor(system, f), rhs, f);
}

/** Overwrites SPD `system` with its lower Cholesky factor L (system = L Lᵀ) and returns it. */
export function choleskyFactor(system: Float64Array, f: number): Float64Array {
  for (let j = 0; j < f; j++) {
    let diagonal = system[j * f + j];
    for (let k = 0; k < j; k++) diagonal -= system[j * f + k] * system[j * f + k];
    if (!(diagonal > 0)) throw new RangeError('choleskyFactor: matrix is not positive definite');
    const root = Math.sqrt(diagonal);
    system[j * f + j] = root;
    for (let i = j + 1; i < f; i++) {
      let sum = system[i * f + j];
      for (let k = 0; k < j; k++) sum -= system[i * f + k] * system[j * f + k];
      system[i * f + j] = sum / root;
    }
  }
  return system;
}

/** Solves L Lᵀ x = rhs for a factor from `choleskyFactor`. */
export function choleskySolveFactored(factor: Float64Array, rhs: Float64Array, f: number): Float64Array {
  const y = Float64Array.from(rhs);
  for (let i = 0; i < f; i++) {
    for (let k = 0; k < i; k++) y[i] -= factor[i * f + k] * y[k];
    y[i] /= factor[i * f + i];
  }
  for (let i = f - 1; i >= 0; i--) {
    for (let k = i + 1; k < f; k++) y[i] -= factor[k * f + i] * y[k];
    y[i] /= factor[i * f + i];
  }
  return y;
}

/** Exact closed-form factor for one row from its observed cells (online user update). */
export function exactRowSolve(gram: Float64Array, other: Float32Array, f: number, indices: Int32Array, confidence: Float32Array): Float32Array {
  const rhs = new Float64Array(f);
  for (let k = 0; k < indices.length; k++) {
    const ob = indices[k] * f;
    for (let a = 0; a < f; a++) rhs[a] += confidence[k] * other[ob + a];
  }
  return Float32Array.from(choleskySolve(rowSystem(gram, other, f, indices, confidence), rhs, f));
}

/** Seeded uniform [0, scale) initialisation (mulberry32), identical for every backend. */
export function seededFactors(count: number, f: number, seed: number, scale = 0.01): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(count * f);
  for (let k = 0; k < out.length; k++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[k] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * scale;
  }
  return out;
}

export function allFinite(array: Float32Array, length = array.length): boolean {
  for (let k = 0; k < length; k++) if (!Number.isFinite(array[k])) return false;
  return true;
}
