import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFileError } from '../../core/errors.js';
import { readSealedFiles, sealFiles } from '../../core/integrity/modelIntegrity.js';
import { tf } from '../../core/tfjs.js';

/**
 * A tf.io IOHandler that keeps weights in a directory as `weights.json` (specs + metadata) and `weights.bin`
 * (raw little-endian data), so models save and load with plain node:fs, without tfjs-node.
 */
export const WEIGHTS_JSON = 'weights.json';
export const WEIGHTS_BIN = 'weights.bin';
/** File layout sealed in the directory's checksum manifest (core/integrity). */
export const WEIGHTS_FILES_FORMAT = 'csbot-weights@1';

interface WeightsFile {
  format: string;
  weightSpecs: tf.io.WeightsManifestEntry[];
  metadata: Record<string, {}>;
}

function toArrayBuffer(data: tf.io.WeightData): ArrayBuffer {
  return Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
}

export function fileWeightsIO(dir: string): Required<tf.io.IOHandler> {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      await mkdir(dir, { recursive: true });
      const data = artifacts.weightData === undefined ? new ArrayBuffer(0) : toArrayBuffer(artifacts.weightData);
      const json: WeightsFile = {
        format: artifacts.format ?? 'csbot-head',
        weightSpecs: artifacts.weightSpecs ?? [],
        metadata: artifacts.userDefinedMetadata ?? {},
      };
      await writeFile(path.join(dir, WEIGHTS_BIN), new Uint8Array(data));
      await writeFile(path.join(dir, WEIGHTS_JSON), `${JSON.stringify(json, null, 1)}\n`);
      await sealFiles(dir, [WEIGHTS_JSON, WEIGHTS_BIN], WEIGHTS_FILES_FORMAT);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightSpecsBytes: JSON.stringify(json.weightSpecs).length,
          weightDataBytes: data.byteLength,
        },
      };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = path.join(dir, WEIGHTS_JSON);
      const sealed = await readSealedFiles(dir, WEIGHTS_FILES_FORMAT);
      const bin = sealed.file(WEIGHTS_BIN);
      const jsonText = sealed.file(WEIGHTS_JSON).toString('utf8');
      let json: WeightsFile;
      try {
        json = JSON.parse(jsonText) as WeightsFile;
      } catch (error) {
        throw new DataFileError(jsonPath, undefined, 'cannot read model weights', { cause: error });
      }
      if (!Array.isArray(json.weightSpecs)) throw new DataFileError(jsonPath, 'weightSpecs', 'missing weight specs');
      const data = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
      return { format: json.format, weightSpecs: json.weightSpecs, weightData: data, userDefinedMetadata: json.metadata ?? {} };
    },
  };
}

/** Writes named tensors (and JSON metadata) to `dir` through the IOHandler. */
export async function saveNamedTensors(dir: string, tensors: tf.NamedTensorMap, metadata: Record<string, {}>): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  await fileWeightsIO(dir).save({ format: 'csbot-head', weightSpecs: specs, weightData: data, userDefinedMetadata: metadata });
}

/** Reads named tensors (caller disposes them) and metadata from `dir`. */
export async function loadNamedTensors(dir: string): Promise<{ tensors: tf.NamedTensorMap; metadata: Record<string, unknown> }> {
  const artifacts = await fileWeightsIO(dir).load();
  const tensors = tf.io.decodeWeights(artifacts.weightData ?? new ArrayBuffer(0), artifacts.weightSpecs ?? []);
  return { tensors, metadata: (artifacts.userDefinedMetadata ?? {}) as Record<string, unknown> };
}
