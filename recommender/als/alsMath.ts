/**
 * ALS helpers on flat row-major Float32 factor arrays (row r = factors[r·f .. r·f+f)), in Float64 arithmetic.
 * Implicit-feedback objective (Hu, Koren, Volinsky 2008): preference p = 1 on observed cells with confidence c,
 * p = 0 with confidence 1 elsewhere. With the "YtY trick" a row update solves
 *   (YᵀY + λI + Σ_i (c_i − 1) y_i y_iᵀ) x = Σ_i c_i y_i
 * touching only the row's observed cells. Training runs a few CG steps per row in the WebAssembly kernels
 * (kernels/); here `exactRowSolve` solves one row by Cholesky (online updates) and `rowSystem` builds A (explain).
 */
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
