/**
 * Where materials' bytes live. One interface, two stores chosen by
 * `BLOB_STORE` (functions/context.ts): the local filesystem by default
 * (development, and a 政务云 host with a mounted volume), or an
 * S3-compatible object store — Aliyun OSS, Tencent COS, MinIO, AWS S3 — in
 * `./s3-blob-store.ts`. Bytes are always encrypted before they reach a store,
 * so a store never holds an ID photo in clear. See ./README.md.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface TBlobStore {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

/**
 * The one rule for blob keys, whatever the store: 1–200 characters of
 * `A–Z a–z 0–9 . _ / -`, never `..`. Keys are built by the code
 * (`materials/{uscc}/{id}`), so a key outside the rule is a bug, and the rule
 * keeps a key from leaving the store's directory or bucket prefix. Throws.
 */
export function assertBlobKey(key: string): string {
  if (!/^[A-Za-z0-9._/-]{1,200}$/.test(key) || key.includes('..')) throw new Error(`invalid blob key ${key}`);
  return key;
}

export class LocalFsBlobStore implements TBlobStore {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, assertBlobKey(key));
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
