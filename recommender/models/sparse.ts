/**
 * Compressed sparse row matrices on typed arrays, the shared layout of every model:
 * row r holds columns indices[indptr[r]..indptr[r+1]) with values at the same positions, columns sorted ascending.
 */
export interface CsrMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** One sparse row (a user's history): sorted column indices and their values. */
export interface SparseRow {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export const EMPTY_ROW: SparseRow = { indices: new Int32Array(0), values: new Float32Array(0) };

export function csrRow(matrix: CsrMatrix, row: number): SparseRow {
  if (row < 0 || row >= matrix.rows) return EMPTY_ROW;
  const start = matrix.indptr[row];
  const end = matrix.indptr[row + 1];
  return { indices: matrix.indices.subarray(start, end), values: matrix.values.subarray(start, end) };
}

export function nnz(matrix: CsrMatrix): number {
  return matrix.indptr[matrix.rows];
}

/** Column-major view of the same matrix (item × user from user × item), by counting sort: O(nnz). */
export function transpose(matrix: CsrMatrix): CsrMatrix {
  const { rows, cols, indptr, indices, values } = matrix;
  const count = nnz(matrix);
  const outPtr = new Int32Array(cols + 1);
  for (let k = 0; k < count; k++) outPtr[indices[k] + 1]++;
  for (let c = 0; c < cols; c++) outPtr[c + 1] += outPtr[c];
  const cursor = outPtr.slice(0, cols);
  const outIdx = new Int32Array(count);
  const outVal = new Float32Array(count);
  for (let r = 0; r < rows; r++) {
    for (let k = indptr[r]; k < indptr[r + 1]; k++) {
      const dest = cursor[indices[k]]++;
      outIdx[dest] = r;
      outVal[dest] = values[k];
    }
  }
  return { rows: cols, cols: rows, indptr: outPtr, indices: outIdx, values: outVal };
}

/** Builds a CSR matrix from per-row sparse rows (rows beyond `rows.length` up to `rowCount` are empty). */
export function csrFromRows(rowList: readonly SparseRow[], rowCount: number, cols: number): CsrMatrix {
  const indptr = new Int32Array(rowCount + 1);
  for (let r = 0; r < rowCount; r++) indptr[r + 1] = indptr[r] + (rowList[r]?.indices.length ?? 0);
  const indices = new Int32Array(indptr[rowCount]);
  const values = new Float32Array(indptr[rowCount]);
  for (let r = 0; r < rowList.length && r < rowCount; r++) {
    indices.set(rowList[r].indices, indptr[r]);
    values.set(rowList[r].values, indptr[r]);
  }
  return { rows: rowCount, cols, indptr, indices, values };
}
