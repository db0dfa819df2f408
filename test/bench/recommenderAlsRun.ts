import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CsrMatrix } from '../../recommender/models/sparse.js';
import { topK } from '../../recommender/models/topK.js';

/**
 * Shared pieces of the ALS-vs-implicit benchmark: the confidence matrix on disk (read by both processes), the run
 * spec and result, our side's child process (recommenderAlsChild.ts) and HR@10 on held-out items.
 */
export interface AlsRunSpec {
  dir: string;
  factors: number;
  regularization: number;
  iterations: number;
  cgSteps: number;
  threads: number;
  seed: number;
}

export interface AlsRunResult {
  label: string;
  secondsPerIteration: number[];
  cpuSecondsPerIteration: number[];
  /** RSS of the process after start-up, before the matrix is read. */
  baselineRssMiB: number;
  peakRssMiB: number;
  userFactorsFile: string;
  itemFactorsFile: string;
}

export function writeConfidenceMatrix(dir: string, matrix: CsrMatrix): void {
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ rows: matrix.rows, cols: matrix.cols }));
  writeFileSync(path.join(dir, 'indptr.i32'), matrix.indptr);
  writeFileSync(path.join(dir, 'indices.i32'), matrix.indices);
  writeFileSync(path.join(dir, 'confidence.f32'), matrix.values);
}

export function readConfidenceMatrix(dir: string): CsrMatrix {
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as { rows: number; cols: number };
  const typed = <T>(file: string, make: (buffer: ArrayBuffer) => T): T => {
    const bytes = readFileSync(path.join(dir, file));
    return make(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  };
  return {
    rows: meta.rows,
    cols: meta.cols,
    indptr: typed('indptr.i32', (b) => new Int32Array(b)),
    indices: typed('indices.i32', (b) => new Int32Array(b)),
    values: typed('confidence.f32', (b) => new Float32Array(b)),
  };
}

export function readFactors(dir: string, file: string): Float32Array {
  const bytes = readFileSync(path.join(dir, file));
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Runs our CPU backend in a fresh process (same runtime flags as this one, e.g. tsx), so its RSS is its own. */
export function runOurs(spec: AlsRunSpec): Promise<AlsRunResult> {
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'recommenderAlsChild.ts');
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, child, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as AlsRunResult);
      else reject(new Error(`ALS child exited ${code}: ${stdout.slice(-500)}`));
    });
  });
}

/**
 * Leave-one-out: every user with at least two cells gives one pseudo-random cell to the test set. Returns the
 * training matrix and the held-out item per user (−1 = none).
 */
export function holdOutOnePerUser(matrix: CsrMatrix, seed: number): { train: CsrMatrix; heldOut: Int32Array } {
  const heldOut = new Int32Array(matrix.rows).fill(-1);
  const indptr = new Int32Array(matrix.rows + 1);
  const indices = new Int32Array(matrix.indices.length);
  const values = new Float32Array(matrix.values.length);
  let out = 0;
  let state = seed >>> 0;
  for (let u = 0; u < matrix.rows; u++) {
    const first = matrix.indptr[u];
    const count = matrix.indptr[u + 1] - first;
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const skip = count >= 2 ? first + (state % count) : -1;
    for (let k = first; k < first + count; k++) {
      if (k === skip) {
        heldOut[u] = matrix.indices[k];
        continue;
      }
      indices[out] = matrix.indices[k];
      values[out] = matrix.values[k];
      out++;
    }
    indptr[u + 1] = out;
  }
  return { train: { rows: matrix.rows, cols: matrix.cols, indptr, indices: indices.slice(0, out), values: values.slice(0, out) }, heldOut };
}

/** Share of users whose held-out item is in their top 10 (training items excluded), and its binomial standard error. */
export function hitRateAt10(users: Float32Array, items: Float32Array, f: number, train: CsrMatrix, heldOut: Int32Array): { hr: number; se: number; users: number } {
  const scores = new Float32Array(train.cols);
  const skip = new Uint8Array(train.cols);
  let hits = 0;
  let tested = 0;
  for (let u = 0; u < train.rows; u++) {
    if (heldOut[u] < 0) continue;
    for (let i = 0; i < train.cols; i++) {
      let s = 0;
      for (let a = 0; a < f; a++) s += users[u * f + a] * items[i * f + a];
      scores[i] = s;
    }
    for (let k = train.indptr[u]; k < train.indptr[u + 1]; k++) skip[train.indices[k]] = 1;
    if (topK(scores, 10, skip).some((e) => e.index === heldOut[u])) hits++;
    for (let k = train.indptr[u]; k < train.indptr[u + 1]; k++) skip[train.indices[k]] = 0;
    tested++;
  }
  const hr = hits / tested;
  return { hr, se: Math.sqrt((hr * (1 - hr)) / tested), users: tested };
}
