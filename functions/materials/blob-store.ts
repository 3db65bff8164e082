/**
 * Where materials' bytes live. One interface; the local filesystem by
 * default (development, and a 政务云 host with a mounted volume). Bytes are
 * always encrypted before they reach a store, so a store never holds an ID
 * photo in clear. An S3-compatible store (OSS/COS/MinIO) or Vercel Blob fits
 * the same interface; neither is implemented yet.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface TBlobStore {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

export class LocalFsBlobStore implements TBlobStore {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    if (!/^[A-Za-z0-9._/-]{1,200}$/.test(key) || key.includes('..')) throw new Error(`invalid blob key ${key}`);
    return path.join(this.dir, key);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, data, { mode: 0o600 });
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.file(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}
