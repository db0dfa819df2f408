import { describe, expect, it } from 'vitest';
import { ONNX_FLOAT, writeOnnxModel } from '../../../nlu/encoder/onnxModelWriter.js';

describe('writeOnnxModel', () => {
  it('writes a model that onnxruntime loads and runs (initializers, attributes, dynamic dims)', async () => {
    const ort = await import('onnxruntime-node');
    const bytes = writeOnnxModel({
      name: 'tiny',
      opset: 17,
      inputs: [{ name: 'x', elementType: ONNX_FLOAT, shape: ['batch', 3] }],
      outputs: [{ name: 'y', elementType: ONNX_FLOAT, shape: ['batch', 2] }],
      initializers: [
        { name: 'w', dims: [3, 2], data: Float32Array.from([1, 0, 0, 1, 1, 1]) },
        { name: 'scale', dims: [], data: Float32Array.of(2) },
        { name: 'shape', dims: [2], data: BigInt64Array.from([-1n, 2n]) },
      ],
      nodes: [
        { op: 'MatMul', inputs: ['x', 'w'], outputs: ['xw'] },
        { op: 'Mul', inputs: ['xw', 'scale'], outputs: ['scaled'] },
        { op: 'Reshape', inputs: ['scaled', 'shape'], outputs: ['flat'] },
        { op: 'Softmax', inputs: ['flat'], outputs: ['y'], attributes: [{ name: 'axis', int: -1 }] },
      ],
    });
    const session = await ort.InferenceSession.create(bytes);
    try {
      const result = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 0, 0, 0]), [2, 3]) });
      const y = Array.from(result.y.data as Float32Array);
      // Row 1: x·w = [4, 5] → ×2 = [8, 10] → softmax; row 2: zeros → [0.5, 0.5].
      const e = Math.exp(-2);
      expect(y[0]).toBeCloseTo(e / (1 + e), 6);
      expect(y[1]).toBeCloseTo(1 / (1 + e), 6);
      expect(y.slice(2)).toEqual([0.5, 0.5]);
    } finally {
      await session.release();
    }
  });
});
