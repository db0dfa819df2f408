import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DataFileError, ModelIntegrityError } from '../errors.js';

/**
 * Checksum manifests for saved models: `<dir>/integrity.json` lists every file of the model with its SHA-256 and
 * size, and the model's file-layout format. Savers seal the directory after writing; loaders read the files only
 * through readSealedFiles, so a missing manifest, a file that is not listed, or bytes that differ from the
 * recorded digest raise ModelIntegrityError before anything is parsed, let alone served.
 */
export const INTEGRITY_FILE = 'integrity.json';
export const INTEGRITY_FORMAT_VERSION = 1;

const manifestSchema = z.object({
  formatVersion: z.literal(INTEGRITY_FORMAT_VERSION),
  modelFormat: z.string().min(1),
  algorithm: z.literal('sha256'),
  sealedAt: z.string(),
  files: z.record(z.string(), z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().min(0) })),
});

export type IntegrityManifest = z.infer<typeof manifestSchema>;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function checkName(dir: string, name: string): void {
  if (name === '' || name === INTEGRITY_FILE || name !== path.basename(name) || name === '.' || name === '..') {
    throw new ModelIntegrityError(dir, `'${name}' is not a plain file name of the model`);
  }
}

/** Records the digest of each named file of `dir` (written beforehand) in integrity.json, atomically. */
export async function sealFiles(dir: string, names: readonly string[], modelFormat: string): Promise<IntegrityManifest> {
  const files: IntegrityManifest['files'] = {};
  for (const name of names) {
    checkName(dir, name);
    const bytes = await readFile(path.join(dir, name));
    files[name] = { sha256: sha256(bytes), bytes: bytes.byteLength };
  }
  const manifest: IntegrityManifest = { formatVersion: INTEGRITY_FORMAT_VERSION, modelFormat, algorithm: 'sha256', sealedAt: new Date().toISOString(), files };
  const staging = path.join(dir, `${INTEGRITY_FILE}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(staging, `${JSON.stringify(manifest, null, 1)}\n`);
    await rename(staging, path.join(dir, INTEGRITY_FILE));
  } finally {
    await rm(staging, { force: true });
  }
  return manifest;
}

/** The verified contents of a sealed model directory. */
export interface SealedFiles {
  readonly manifest: IntegrityManifest;
  /** The bytes of a listed file; a name the manifest does not list is an integrity failure. */
  file(name: string): Buffer;
}

async function readManifest(dir: string, modelFormat: string): Promise<IntegrityManifest> {
  const found = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!found) throw new DataFileError(dir, undefined, 'model directory not found');
  let text: string;
  try {
    text = await readFile(path.join(dir, INTEGRITY_FILE), 'utf8');
  } catch (error) {
    throw new ModelIntegrityError(dir, `checksum manifest ${INTEGRITY_FILE} is missing or unreadable`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ModelIntegrityError(dir, `${INTEGRITY_FILE} is not valid JSON`, { cause: error });
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) throw new ModelIntegrityError(dir, `${INTEGRITY_FILE} is not a version ${INTEGRITY_FORMAT_VERSION} checksum manifest`);
  if (result.data.modelFormat !== modelFormat) {
    throw new ModelIntegrityError(dir, `holds '${result.data.modelFormat}' files, expected '${modelFormat}'`);
  }
  return result.data;
}

/**
 * Reads every file the manifest lists and checks size and SHA-256 of each; throws ModelIntegrityError on any mismatch
 * (DataFileError when the directory does not exist at all: no model was saved there).
 */
export async function readSealedFiles(dir: string, modelFormat: string): Promise<SealedFiles> {
  const manifest = await readManifest(dir, modelFormat);
  const contents = new Map<string, Buffer>();
  for (const [name, expected] of Object.entries(manifest.files)) {
    checkName(dir, name);
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(dir, name));
    } catch (error) {
      throw new ModelIntegrityError(dir, `${name} is listed in ${INTEGRITY_FILE} but missing`, { cause: error });
    }
    if (bytes.byteLength !== expected.bytes) throw new ModelIntegrityError(dir, `${name} has ${bytes.byteLength} bytes, ${expected.bytes} were sealed`);
    if (sha256(bytes) !== expected.sha256) throw new ModelIntegrityError(dir, `${name} does not match its SHA-256 checksum`);
    contents.set(name, bytes);
  }
  return {
    manifest,
    file: (name) => {
      const bytes = contents.get(name);
      if (bytes === undefined) throw new ModelIntegrityError(dir, `${name} is not covered by ${INTEGRITY_FILE}`);
      return bytes;
    },
  };
}
