import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DataFileError } from '../../core/errors.js';
import { readSealedFiles, sealFiles } from '../../core/integrity/modelIntegrity.js';

/**
 * On-disk model layout: `<dir>/manifest.json` (model name, format version, hyper-parameters, id lists, backend,
 * array descriptors) plus one little-endian binary file per array (`<name>.f32` / `<name>.i32`).
 * Writes go to a temporary sibling directory that is renamed into place, so a crash never leaves half a model.
 * Any missing, truncated or inconsistent file makes `readModelFiles` throw DataFileError naming the file; files that
 * differ from the directory's checksum manifest (core/integrity) throw ModelIntegrityError before anything is parsed.
 */
export const MODEL_FORMAT_VERSION = 1;
/** File layout sealed in the directory's checksum manifest (core/integrity). */
export const MODEL_FILES_FORMAT = 'csbot-recommender@1';

export type ModelArray = Float32Array | Int32Array;

export interface ModelManifest {
  model: string;
  formatVersion: number;
  backend: string;
  trainedAt: string;
  hyperParameters: Record<string, unknown>;
  users: string[];
  items: string[];
  arrays: Record<string, { dtype: 'float32' | 'int32'; length: number }>;
}

const manifestSchema = z.object({
  model: z.string().min(1),
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  backend: z.string(),
  trainedAt: z.string(),
  hyperParameters: z.record(z.string(), z.unknown()),
  users: z.array(z.string().min(1)),
  items: z.array(z.string().min(1)),
  arrays: z.record(z.string(), z.object({ dtype: z.enum(['float32', 'int32']), length: z.number().int().min(0) })),
});

const fileName = (name: string, dtype: 'float32' | 'int32'): string => `${name}.${dtype === 'float32' ? 'f32' : 'i32'}`;

export async function writeModelFiles(
  dir: string,
  manifest: Omit<ModelManifest, 'arrays' | 'formatVersion'>,
  arrays: Record<string, ModelArray>,
): Promise<void> {
  const target = path.resolve(dir);
  const staging = `${target}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(staging, { recursive: true });
  const descriptors: ModelManifest['arrays'] = {};
  for (const [name, array] of Object.entries(arrays)) {
    const dtype = array instanceof Float32Array ? 'float32' : 'int32';
    descriptors[name] = { dtype, length: array.length };
    await writeFile(path.join(staging, fileName(name, dtype)), new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
  const full: ModelManifest = { ...manifest, formatVersion: MODEL_FORMAT_VERSION, arrays: descriptors };
  await writeFile(path.join(staging, 'manifest.json'), JSON.stringify(full));
  await sealFiles(staging, ['manifest.json', ...Object.entries(descriptors).map(([name, d]) => fileName(name, d.dtype))], MODEL_FILES_FORMAT);
  await rm(target, { recursive: true, force: true });
  await mkdir(path.dirname(target), { recursive: true });
  await rename(staging, target);
}

export interface LoadedModelFiles {
  manifest: ModelManifest;
  arrays: Record<string, ModelArray>;
}

export async function readModelFiles(dir: string, expectedModel: string): Promise<LoadedModelFiles> {
  const manifestPath = path.join(dir, 'manifest.json');
  const sealed = await readSealedFiles(dir, MODEL_FILES_FORMAT);
  const manifestText = sealed.file('manifest.json').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifestText);
  } catch (error) {
    throw new DataFileError(manifestPath, undefined, 'missing or not valid JSON', { cause: error });
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    const problem = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new DataFileError(manifestPath, undefined, `invalid manifest: ${problem}`);
  }
  const manifest: ModelManifest = result.data;
  if (manifest.model !== expectedModel) {
    throw new DataFileError(manifestPath, 'model', `holds a '${manifest.model}' model, expected '${expectedModel}'`);
  }
  const arrays: Record<string, ModelArray> = {};
  for (const [name, { dtype, length }] of Object.entries(manifest.arrays)) {
    const file = path.join(dir, fileName(name, dtype));
    const bytes = sealed.file(fileName(name, dtype));
    if (bytes.byteLength !== length * 4) {
      throw new DataFileError(file, name, `expected ${length * 4} bytes, found ${bytes.byteLength}`);
    }
    const copy = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(copy).set(bytes);
    arrays[name] = dtype === 'float32' ? new Float32Array(copy) : new Int32Array(copy);
  }
  return { manifest, arrays };
}

/** Fetches a required array with its dtype and (optionally) expected length, or throws DataFileError. */
export function requireArray<T extends ModelArray>(
  loaded: LoadedModelFiles,
  dir: string,
  name: string,
  kind: new (length: number) => T,
  expectedLength?: number,
): T {
  const array = loaded.arrays[name];
  if (array === undefined || !(array instanceof kind)) {
    throw new DataFileError(path.join(dir, 'manifest.json'), name, 'array missing or of the wrong type');
  }
  if (expectedLength !== undefined && array.length !== expectedLength) {
    throw new DataFileError(path.join(dir, 'manifest.json'), name, `expected length ${expectedLength}, found ${array.length}`);
  }
  return array;
}
