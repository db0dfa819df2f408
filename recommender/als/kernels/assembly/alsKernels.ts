/**
 * WebAssembly SIMD kernels of the CPU ALS backend and of ALS scoring (AssemblyScript; `npm run build:kernels`
 * compiles this file into ../alsKernelsWasm.ts). Every argument is a byte offset into the imported memory or a
 * count; nothing here allocates, so instances on worker threads can share one memory. Factor rows are f32 and
 * contiguous (row r of a table with f factors starts at byte r·f·4); f needs no particular alignment.
 */

/** a[0..f) · b[0..f), four 4-lane accumulators. */
@inline function dot(a: usize, b: usize, f: i32): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let s2 = f32x4.splat(0);
  let s3 = f32x4.splat(0);
  let k = 0;
  for (; k + 16 <= f; k += 16) {
    const o = <usize>k << 2;
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
    s2 = f32x4.add(s2, f32x4.mul(v128.load(a + o, 32), v128.load(b + o, 32)));
    s3 = f32x4.add(s3, f32x4.mul(v128.load(a + o, 48), v128.load(b + o, 48)));
  }
  for (; k + 4 <= f; k += 4) {
    const o = <usize>k << 2;
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  const s = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
  let sum = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  for (; k < f; k++) sum += load<f32>(a + (<usize>k << 2)) * load<f32>(b + (<usize>k << 2));
  return sum;
}

/** out[0..f) += t · y[0..f). */
@inline function axpy(t: f32, y: usize, out: usize, f: i32): void {
  const vt = f32x4.splat(t);
  let k = 0;
  for (; k + 4 <= f; k += 4) {
    const o = <usize>k << 2;
    v128.store(out + o, f32x4.add(v128.load(out + o), f32x4.mul(vt, v128.load(y + o))));
  }
  for (; k < f; k++) {
    const o = <usize>k << 2;
    store<f32>(out + o, load<f32>(out + o) + t * load<f32>(y + o));
  }
}

/** out = scale · G v for the symmetric f × f matrix G: columns of G in blocks of 16, four accumulators each. */
function gramMultiply(g: usize, v: usize, out: usize, f: i32, scale: f32): void {
  const rowBytes = <usize>f << 2;
  const vs = f32x4.splat(scale);
  let c = 0;
  for (; c + 16 <= f; c += 16) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    let row = g + (<usize>c << 2);
    for (let b = 0; b < f; b++, row += rowBytes) {
      const vb = f32x4.splat(load<f32>(v + (<usize>b << 2)));
      a0 = f32x4.add(a0, f32x4.mul(vb, v128.load(row)));
      a1 = f32x4.add(a1, f32x4.mul(vb, v128.load(row, 16)));
      a2 = f32x4.add(a2, f32x4.mul(vb, v128.load(row, 32)));
      a3 = f32x4.add(a3, f32x4.mul(vb, v128.load(row, 48)));
    }
    const o = out + (<usize>c << 2);
    v128.store(o, f32x4.mul(vs, a0));
    v128.store(o, f32x4.mul(vs, a1), 16);
    v128.store(o, f32x4.mul(vs, a2), 32);
    v128.store(o, f32x4.mul(vs, a3), 48);
  }
  for (; c < f; c++) {
    let s: f32 = 0;
    let element = g + (<usize>c << 2);
    for (let b = 0; b < f; b++, element += rowBytes) s += load<f32>(element) * load<f32>(v + (<usize>b << 2));
    store<f32>(out + (<usize>c << 2), scale * s);
  }
}

/** out (f × f) = Σ_r y_r y_rᵀ over `rows` rows of `factors`, plus `regularization` on the diagonal. */
export function gram(factors: usize, rows: i32, f: i32, regularization: f32, out: usize): void {
  const rowBytes = <usize>f << 2;
  memory.fill(out, 0, <usize>f * rowBytes);
  for (let r = 0; r < rows; r++) {
    const y = factors + <usize>r * rowBytes;
    for (let a = 0; a < f; a++) axpy(load<f32>(y + (<usize>a << 2)), y, out + <usize>a * rowBytes, f);
  }
  for (let a = 0; a < f; a++) {
    const diagonal = out + (<usize>(a * f + a) << 2);
    store<f32>(diagonal, load<f32>(diagonal) + regularization);
  }
}

/**
 * Rows [start, end) of `target`: `steps` conjugate-gradient steps each, warm-started from the row, on
 *   (G + Σ_k (c_k − 1) y_k y_kᵀ) x = Σ_k c_k y_k
 * where k runs over the row's cells in the CSR (indptr i32, indices i32, confidence f32) and y_k are rows of
 * `other`; G = YᵀY + λI (`gram`). A row without cells gets the exact solution 0. `scratch` holds 3·f floats.
 * A NaN residual is not treated as converged: it reaches x, where training detects it.
 */
export function conjugateGradientRows(
  f: i32, target: usize, other: usize, g: usize, indptr: usize, indices: usize, confidence: usize,
  start: i32, end: i32, steps: i32, scratch: usize,
): void {
  const rowBytes = <usize>f << 2;
  const r = scratch;
  const p = scratch + rowBytes;
  const ap = scratch + 2 * rowBytes;
  for (let row = start; row < end; row++) {
    const x = target + <usize>row * rowBytes;
    const first = load<i32>(indptr + (<usize>row << 2));
    const last = load<i32>(indptr + (<usize>(row + 1) << 2));
    if (first == last) {
      memory.fill(x, 0, rowBytes);
      continue;
    }
    // r = b − A x
    gramMultiply(g, x, r, f, -1);
    for (let k = first; k < last; k++) {
      const c = load<f32>(confidence + (<usize>k << 2));
      const y = other + <usize>load<i32>(indices + (<usize>k << 2)) * rowBytes;
      axpy(c - (c - 1) * dot(y, x, f), y, r, f);
    }
    memory.copy(p, r, rowBytes);
    let rsOld = dot(r, r, f);
    for (let step = 0; step < steps && !(rsOld <= 1e-20); step++) {
      gramMultiply(g, p, ap, f, 1);
      for (let k = first; k < last; k++) {
        const c = load<f32>(confidence + (<usize>k << 2));
        const y = other + <usize>load<i32>(indices + (<usize>k << 2)) * rowBytes;
        axpy((c - 1) * dot(y, p, f), y, ap, f);
      }
      const alpha = rsOld / dot(p, ap, f);
      axpy(alpha, p, x, f);
      axpy(-alpha, ap, r, f);
      const rsNew = dot(r, r, f);
      const beta = f32x4.splat(rsNew / rsOld);
      let k = 0;
      for (; k + 4 <= f; k += 4) {
        const o = <usize>k << 2;
        v128.store(p + o, f32x4.add(v128.load(r + o), f32x4.mul(beta, v128.load(p + o))));
      }
      for (; k < f; k++) {
        const o = <usize>k << 2;
        store<f32>(p + o, load<f32>(r + o) + f32x4.extract_lane(beta, 0) * load<f32>(p + o));
      }
      rsOld = rsNew;
    }
  }
}

/**
 * Approximate scores of `count` items from int8 codes: out[i] = userScale · itemScale[i] · Σ_a codes[i][a] · user[a],
 * with codes i8 [count × stride] and user i16 [stride], stride a multiple of 16 (zero-padded). The i16 × i16
 * products are summed exactly in i32; the caller bounds the quantisation error from the scales.
 */
export function scoreInt8(user: usize, userScale: f32, codes: usize, itemScale: usize, count: i32, stride: i32, out: usize): void {
  const blocks = stride >> 4;
  let q = codes;
  for (let i = 0; i < count; i++) {
    let acc0 = i32x4.splat(0);
    let acc1 = i32x4.splat(0);
    for (let b = 0; b < blocks; b++) {
      const bytes = v128.load(q + (<usize>b << 4));
      const u = user + (<usize>b << 5);
      acc0 = i32x4.add(acc0, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(bytes), v128.load(u)));
      acc1 = i32x4.add(acc1, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(bytes), v128.load(u, 16)));
    }
    const s = i32x4.add(acc0, acc1);
    const sum = i32x4.extract_lane(s, 0) + i32x4.extract_lane(s, 1) + i32x4.extract_lane(s, 2) + i32x4.extract_lane(s, 3);
    store<f32>(out + (<usize>i << 2), <f32>sum * userScale * load<f32>(itemScale + (<usize>i << 2)));
    q += <usize>stride;
  }
}
