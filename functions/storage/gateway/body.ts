/**
 * Reads a request body up to a limit. Errors carry the HTTP status and the
 * Upstash-style error text to answer with.
 */
import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

const tooLarge = (limit: number) => new BodyError(413, `ERR request body exceeds ${limit} bytes`);

/**
 * On overflow the rest of the body is drained, not stored, so the 413 can
 * still be sent (destroying the request would reset the connection first);
 * the caller answers with `Connection: close`.
 */
export function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      return reject(tooLarge(limit));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      reject(tooLarge(limit));
    };
    req.on('data', onData);
    req.on('error', (error) => reject(new BodyError(400, `ERR failed to read request body: ${error.message}`)));
    req.on('close', () => {
      if (!req.complete) reject(new BodyError(400, 'ERR request body was cut off'));
    });
    req.on('end', () => {
      if (size > limit) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new BodyError(400, 'ERR failed to parse request body: not JSON'));
      }
    });
  });
}
