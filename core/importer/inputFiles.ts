import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFileError } from '../errors.js';

export interface InputFile {
  path: string;
  bytes: number;
}

/**
 * A FILE is taken as is; a DIR gives its files with one of `extensions`, sorted by name
 * (the UCI per-day files sort chronologically). Throws DataFileError when nothing is there.
 */
export async function listInputFiles(path: string, extensions: readonly string[]): Promise<InputFile[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new DataFileError(path, undefined, 'no such file or directory', { cause: error });
  }
  if (info.isFile()) return [{ path, bytes: info.size }];
  const names = (await readdir(path))
    .filter((name) => extensions.some((ext) => name.toLowerCase().endsWith(ext)))
    .sort();
  if (names.length === 0) throw new DataFileError(path, undefined, `directory holds no ${extensions.join(' / ')} files`);
  const files: InputFile[] = [];
  for (const name of names) {
    const full = join(path, name);
    files.push({ path: full, bytes: (await stat(full)).size });
  }
  return files;
}
