/**
 * The blob store on an S3-compatible object store — Aliyun OSS, Tencent COS,
 * MinIO or AWS S3 — the production choice on a mainland 政务云, where
 * personal data must stay in China (choose the bucket's region accordingly).
 * `BLOB_STORE=s3` selects it (functions/context.ts); see ./README.md.
 *
 * - Path-style URLs: `${S3_ENDPOINT}/${S3_BUCKET}/${key}` (every one of those
 *   services answers them; no per-bucket DNS needed inside a 政务云 VPC).
 * - Every request is signed with AWS Signature V4 by aws4fetch's signer
 *   (service `s3`, region `S3_REGION`, no retries of its own) and carries
 *   `x-amz-content-sha256`, the hex SHA-256 of its body, so the store rejects
 *   a body altered on the way (aws4fetch alone would send UNSIGNED-PAYLOAD).
 * - One attempt per call, within `timeoutMs` (UPSTREAM_TIMEOUT_MS). Failures
 *   say whether to retry:
 *     network error, timeout, 408/429/5xx → BlobStoreUnavailableError
 *       (a StorageUnavailableError: retryable; the API answers 503 + Retry-After)
 *     401/403, 301/307, 400 with a credential/region complaint, NoSuchBucket
 *       → BlobStoreConfigurationError naming the bucket (not retryable)
 *     anything else → BlobStoreRequestError (not retryable)
 * - `get` of a missing key is `null`; `delete` of a missing key succeeds (S3
 *   answers 204 either way), so every call is idempotent and safe to repeat.
 *
 * Keys follow the same rule as the filesystem store (`assertBlobKey`).
 */
import { createHash } from 'node:crypto';
import { AwsV4Signer } from 'aws4fetch';
import { StorageUnavailableError } from '../storage/errors';
import { assertBlobKey, type TBlobStore } from './blob-store';

export interface TS3BlobStoreOptions {
  /** Service endpoint without the bucket, e.g. `https://oss-cn-hangzhou.aliyuncs.com` or `http://127.0.0.1:3000/sim/s3`. */
  endpoint: string;
  bucket: string;
  /** The region the endpoint signs for, e.g. `cn-hangzhou`, `ap-beijing`, `us-east-1`. */
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Longest wait for one request, headers and body (default 2000 ms). */
  timeoutMs?: number;
  now?: () => Date;
  fetch?: typeof fetch;
}

/** The object store could not be reached or answered 408/429/5xx: the same call may succeed later. */
export class BlobStoreUnavailableError extends StorageUnavailableError {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BlobStoreUnavailableError';
  }
}

/** The store refused our credentials, region or bucket: a deployment to fix, not a call to retry. */
export class BlobStoreConfigurationError extends Error {
  readonly retryable = false;
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'BlobStoreConfigurationError';
  }
}

/** Any other refusal (a 4xx that names neither credentials nor bucket). */
export class BlobStoreRequestError extends Error {
  readonly retryable = false;
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'BlobStoreRequestError';
  }
}

/** 400 codes that mean the credentials or the region are wrong, not the request. */
const CONFIGURATION_CODES = new Set([
  'AuthorizationHeaderMalformed',
  'AuthorizationQueryParametersError',
  'InvalidAccessKeyId',
  'InvalidBucketName',
  'NoSuchBucket',
  'PermanentRedirect',
  'SignatureDoesNotMatch',
  'IllegalLocationConstraintException',
]);

/** The `<Code>` of an S3 XML error body, when there is one. */
export function s3ErrorCode(body: string): string | undefined {
  return /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1];
}

type TMethod = 'PUT' | 'GET' | 'DELETE';

const sha256Hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
/** `20150830T123600Z`, the form of `x-amz-date`. */
const amzDate = (date: Date) => date.toISOString().replace(/[-:]|\.\d{3}/g, '');
/** RFC 3986: all but `A–Z a–z 0–9 - _ . ~` percent-encoded (a no-op for keys within the rule). */
const uriEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export class S3BlobStore implements TBlobStore {
  private readonly endpoint: URL;
  private readonly timeoutMs: number;
  private readonly now: () => Date;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: TS3BlobStoreOptions) {
    this.endpoint = new URL(options.endpoint.replace(/\/+$/, ''));
    if (this.endpoint.search || this.endpoint.hash) throw new Error('S3 endpoint must not have a query or fragment');
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.now = options.now ?? (() => new Date());
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const res = await this.send('PUT', key, data);
    if (res.status !== 200) this.fail('PUT', key, res);
  }

  async get(key: string): Promise<Buffer | null> {
    const res = await this.send('GET', key);
    if (res.status === 200) return res.body;
    if (res.status === 404 && res.code !== 'NoSuchBucket') return null;
    return this.fail('GET', key, res);
  }

  async delete(key: string): Promise<void> {
    const res = await this.send('DELETE', key);
    if (res.status === 204 || res.status === 200) return;
    // Some S3-compatible stores answer 404 for an absent key; it is gone all the same.
    if (res.status === 404 && res.code !== 'NoSuchBucket') return;
    this.fail('DELETE', key, res);
  }

  /** `${endpoint}/${bucket}/${key}`, each key segment RFC 3986-encoded (a no-op for keys within the rule). */
  private url(key: string): URL {
    const path = assertBlobKey(key).split('/').map(uriEncode).join('/');
    return new URL(`${this.endpoint.href.replace(/\/+$/, '')}/${uriEncode(this.options.bucket)}/${path}`);
  }

  private where(method: TMethod, key: string): string {
    return `${method} s3://${this.options.bucket}/${key} at ${this.endpoint.origin}`;
  }

  /** The signed headers (host, x-amz-content-sha256, x-amz-date) and Authorization for one request. */
  private async sign(method: TMethod, url: URL, body: Buffer | undefined): Promise<Headers> {
    const signer = new AwsV4Signer({
      method,
      url: url.href,
      headers: { 'x-amz-content-sha256': sha256Hex(body ?? new Uint8Array(0)) },
      accessKeyId: this.options.accessKeyId,
      secretAccessKey: this.options.secretAccessKey,
      service: 's3',
      region: this.options.region,
      datetime: amzDate(this.now()),
    });
    return (await signer.sign()).headers;
  }

  private async send(method: TMethod, key: string, body?: Buffer): Promise<{ status: number; body: Buffer; code: string | undefined }> {
    const url = this.url(key);
    const headers = await this.sign(method, url, body);
    if (body) headers.set('content-type', 'application/octet-stream'); // not signed, as S3 allows
    const doFetch = this.fetch; // called unbound: a platform fetch may refuse a foreign `this`
    try {
      const res = await doFetch(url, {
        method,
        headers,
        // a copy typed Uint8Array<ArrayBuffer>, which fetch's BodyInit accepts (≤ 1 MB, so cheap)
        ...(body ? { body: new Uint8Array(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      const code = res.status >= 300 ? s3ErrorCode(bytes.toString('utf8')) : undefined;
      return { status: res.status, body: bytes, code };
    } catch (error) {
      const e = error as { name?: unknown; message?: unknown; cause?: { code?: unknown } } | null;
      const reason =
        e?.name === 'TimeoutError' || e?.name === 'AbortError'
          ? `no answer within ${this.timeoutMs} ms`
          : `unreachable (${String(e?.message ?? error)}${typeof e?.cause?.code === 'string' ? `: ${e.cause.code}` : ''})`;
      throw new BlobStoreUnavailableError(`S3 blob store unavailable, retryable: ${this.where(method, key)}: ${reason}`, undefined, { cause: error });
    }
  }

  private fail(method: TMethod, key: string, res: { status: number; code: string | undefined }): never {
    const answer = `HTTP ${res.status}${res.code ? ` ${res.code}` : ''}`;
    const { status, code } = res;
    if (status >= 500 || status === 408 || status === 429) {
      throw new BlobStoreUnavailableError(`S3 blob store unavailable, retryable: ${this.where(method, key)}: ${answer}`, status);
    }
    if (status === 401 || status === 403 || status === 301 || status === 307 || (code !== undefined && CONFIGURATION_CODES.has(code))) {
      throw new BlobStoreConfigurationError(
        `S3 blob store configuration error for bucket "${this.options.bucket}" at ${this.endpoint.origin}: ${answer} ` +
          `(${method} ${key}); check S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and the bucket's access policy`,
        status,
        code,
      );
    }
    throw new BlobStoreRequestError(`S3 blob store refused ${this.where(method, key)}: ${answer}`, status, code);
  }
}
