/**
 * Simulator of an S3-compatible object store (what Aliyun OSS, Tencent COS,
 * MinIO and AWS S3 all answer), default prefix `/sim/s3`, objects in memory.
 * Path-style only, objects only — what functions/materials/s3-blob-store.ts
 * uses:
 *
 *   PUT    /{bucket}/{key}   body = the object      → 200, ETag
 *   GET    /{bucket}/{key}                          → 200 the bytes | 404 NoSuchKey
 *   HEAD   /{bucket}/{key}                          → 200 headers   | 404 (no body)
 *   DELETE /{bucket}/{key}                          → 204, whether or not it existed
 *
 * Every call must carry a valid AWS Signature V4 (`Authorization:
 * AWS4-HMAC-SHA256 …`, service `s3`, the simulator's region) made with the
 * simulator's credentials (DEFAULT_SIM_S3_* unless given), an `x-amz-date`
 * within 15 minutes, and `x-amz-content-sha256` equal to the body's SHA-256
 * (or `UNSIGNED-PAYLOAD`). The simulator recomputes the signature over the
 * request as received and answers as S3 does, with an XML `<Error>`:
 *
 *   no Authorization                    403 AccessDenied
 *   malformed header, wrong region      400 AuthorizationHeaderMalformed
 *   unknown access key                  403 InvalidAccessKeyId
 *   x-amz-date missing / skewed         403 AccessDenied / RequestTimeTooSkewed
 *   signature differs                   403 SignatureDoesNotMatch
 *   body differs from its hash          400 XAmzContentSHA256Mismatch
 *   unknown bucket                      404 NoSuchBucket
 *   object over 5 MB                    400 EntityTooLarge
 *
 * Switches as every simulator (GET|POST /sim/s3/_control, POST /sim/s3/_reset;
 * see ./framework.ts): `latencyMs`/`jitterMs` delay each call, `down` answers
 * 503 ServiceUnavailable and `failureRate` that share of calls 500
 * InternalError — S3's own retryable answers. `_reset` also empties the buckets.
 *
 * `npm start` serves it at `/sim/s3` but keeps the filesystem store; to store
 * materials in it instead, start with `BLOB_STORE=s3 npm start` (the stack
 * fills S3_* with this simulator's endpoint and credentials when none is set;
 * see functions/local/stack.ts). For development and tests only.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAmzDate, parseAuthorization, sameSignature, sha256Hex, signV4 } from './sigv4';
import { createSimulator, seededRandom, type TSimSwitches, type TSimulator } from './framework';

export const S3_SIM_PREFIX = '/sim/s3';
export const DEFAULT_SIM_S3_BUCKET = 'hire-once-materials';
export const DEFAULT_SIM_S3_REGION = 'cn-north-1';
export const DEFAULT_SIM_S3_ACCESS_KEY_ID = 'HIREONCESIMULATOR001';
export const DEFAULT_SIM_S3_SECRET_ACCESS_KEY = 'hire-once-simulated-s3-secret-key-0001';

const MAX_OBJECT_BYTES = 5 * 1024 * 1024;
const MAX_SKEW_MS = 15 * 60 * 1000;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export interface TS3SimulatorOptions {
  prefix?: string;
  /** Buckets that exist (default: DEFAULT_SIM_S3_BUCKET). */
  buckets?: string[];
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  now?: () => number;
  switches?: Partial<TSimSwitches>;
  seed?: number;
}

interface TStoredObject {
  data: Buffer;
  etag: string;
  contentType: string;
  lastModified: number;
}

export interface TS3Simulator extends TSimulator {
  /** The endpoint, bucket, region and credentials a client needs, given the server's origin. */
  clientConfig(origin: string): { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string };
  /** An object's stored bytes (for tests), or undefined. */
  object(bucket: string, key: string): Buffer | undefined;
  stats(): { objects: number; bytes: number };
}

class S3Failure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

const XML_ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' };
const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => XML_ENTITIES[c] ?? c);

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new S3Failure(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_OBJECT_BYTES) throw new S3Failure(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function createS3Simulator(options: TS3SimulatorOptions = {}): TS3Simulator {
  const prefix = options.prefix ?? S3_SIM_PREFIX;
  const region = options.region ?? DEFAULT_SIM_S3_REGION;
  const credentials = {
    accessKeyId: options.accessKeyId ?? DEFAULT_SIM_S3_ACCESS_KEY_ID,
    secretAccessKey: options.secretAccessKey ?? DEFAULT_SIM_S3_SECRET_ACCESS_KEY,
  };
  const bucketNames = options.buckets ?? [DEFAULT_SIM_S3_BUCKET];
  const now = options.now ?? Date.now;
  const seed = options.seed ?? 20221227;
  const buckets = new Map<string, Map<string, TStoredObject>>();
  const emptyBuckets = () => {
    buckets.clear();
    for (const name of bucketNames) buckets.set(name, new Map());
  };
  emptyBuckets();
  let random = seededRandom(seed);
  let requestSeq = 0;

  // The framework's simulator answers `_control` and `_reset` and holds the switches and
  // counters; the object routes below are S3's (raw bytes and XML, not the framework's JSON).
  const control = createSimulator({
    name: '对象存储',
    prefix,
    routes: [],
    seed,
    ...(options.switches ? { switches: options.switches } : {}),
    onReset: () => {
      emptyBuckets();
      random = seededRandom(seed);
      requestSeq = 0;
    },
  });

  function sendError(res: ServerResponse, method: string, resource: string, failure: S3Failure): void {
    const requestId = nextRequestId();
    const extra = Object.entries(failure.extra)
      .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
      .join('');
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Error><Code>${failure.code}</Code><Message>${xmlEscape(failure.message)}</Message>${extra}` +
      `<Resource>${xmlEscape(resource)}</Resource><RequestId>${requestId}</RequestId></Error>`;
    const headers = { 'x-amz-request-id': requestId, 'content-type': 'application/xml' };
    if (method === 'HEAD') res.writeHead(failure.status, headers).end();
    else res.writeHead(failure.status, { ...headers, 'content-length': Buffer.byteLength(xml) }).end(xml);
  }

  function nextRequestId(): string {
    requestSeq += 1;
    return `SIM${requestSeq.toString(16).toUpperCase().padStart(13, '0')}`;
  }

  /** Checks the request's SigV4 signature as S3 does; throws S3Failure. */
  function authenticate(req: IncomingMessage, rawPath: string, rawQuery: string): void {
    const authorization = header(req, 'authorization');
    if (!authorization) throw new S3Failure(403, 'AccessDenied', 'Access Denied');
    const auth = parseAuthorization(authorization);
    if (!auth) throw new S3Failure(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.');
    if (auth.accessKeyId !== credentials.accessKeyId) {
      throw new S3Failure(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: auth.accessKeyId });
    }
    if (auth.region !== region || auth.service !== 's3') {
      throw new S3Failure(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${auth.region}' is wrong; expecting '${region}'`, { Region: region });
    }
    const amzDate = header(req, 'x-amz-date');
    const signedAt = amzDate ? parseAmzDate(amzDate) : undefined;
    if (!amzDate || !signedAt) throw new S3Failure(403, 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
    if (auth.date !== amzDate.slice(0, 8)) {
      throw new S3Failure(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date: "${auth.date}".`);
    }
    if (Math.abs(signedAt.getTime() - now()) > MAX_SKEW_MS) {
      throw new S3Failure(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
        RequestTime: amzDate,
        ServerTime: new Date(now()).toISOString(),
      });
    }
    const payloadHash = header(req, 'x-amz-content-sha256');
    if (!payloadHash) throw new S3Failure(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
    if (!auth.signedHeaders.includes('host')) throw new S3Failure(403, 'AccessDenied', 'The host header must be signed.');
    const signedHeaders: Record<string, string> = {};
    for (const name of auth.signedHeaders) signedHeaders[name] = header(req, name) ?? '';
    const expected = signV4({ method: req.method ?? 'GET', path: rawPath, query: rawQuery, headers: signedHeaders, payloadHash }, credentials, { region, service: 's3' }, amzDate);
    if (expected.signedHeaders !== auth.signedHeaders.join(';') || !sameSignature(expected.signature, auth.signature)) {
      throw new S3Failure(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
        AWSAccessKeyId: auth.accessKeyId,
        StringToSign: expected.stringToSign,
        CanonicalRequest: expected.canonicalRequest,
      });
    }
  }

  async function serveObject(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    const rawQuery = q < 0 ? '' : target.slice(q + 1);
    const method = req.method ?? 'GET';
    const slash = path.indexOf('/', 1);
    const rawBucket = slash < 0 ? path.slice(1) : path.slice(1, slash);
    const rawKey = slash < 0 ? '' : path.slice(slash + 1);
    const resource = path;
    try {
      const bucketName = decode(rawBucket);
      const key = decode(rawKey);
      const { latencyMs, jitterMs, failureRate, down } = control.switches;
      const delay = latencyMs + (jitterMs ? Math.floor(random() * jitterMs) : 0);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      if (down) throw new S3Failure(503, 'ServiceUnavailable', 'Please reduce your request rate.');
      if (failureRate > 0 && random() < failureRate) throw new S3Failure(500, 'InternalError', 'We encountered an internal error. Please try again.');
      const pattern = key ? `${method} /:bucket/:key` : `${method} /:bucket`;
      control.calls.set(pattern, (control.calls.get(pattern) ?? 0) + 1);

      const body = await readBody(req);
      authenticate(req, rawPath, rawQuery);
      const declared = header(req, 'x-amz-content-sha256')!;
      if (declared !== UNSIGNED_PAYLOAD && declared !== sha256Hex(body)) {
        throw new S3Failure(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", {
          ClientComputedContentSHA256: declared,
          S3ComputedContentSHA256: sha256Hex(body),
        });
      }
      const bucket = buckets.get(bucketName);
      if (!bucket) throw new S3Failure(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucketName });
      if (!key) throw new S3Failure(501, 'NotImplemented', 'The simulator implements object operations only.');

      const requestId = nextRequestId();
      if (method === 'PUT') {
        const etag = `"${createHash('md5').update(body).digest('hex')}"`;
        bucket.set(key, { data: body, etag, contentType: header(req, 'content-type') ?? 'binary/octet-stream', lastModified: now() });
        res.writeHead(200, { etag, 'x-amz-request-id': requestId, 'content-length': 0 }).end();
        return;
      }
      if (method === 'DELETE') {
        bucket.delete(key);
        res.writeHead(204, { 'x-amz-request-id': requestId }).end();
        return;
      }
      if (method === 'GET' || method === 'HEAD') {
        const stored = bucket.get(key);
        if (!stored) throw new S3Failure(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
        res.writeHead(200, {
          etag: stored.etag,
          'content-type': stored.contentType,
          'content-length': stored.data.length,
          'last-modified': new Date(stored.lastModified).toUTCString(),
          'x-amz-request-id': requestId,
        });
        res.end(method === 'GET' ? stored.data : undefined);
        return;
      }
      throw new S3Failure(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', { Method: method, ResourceType: 'OBJECT' });
    } catch (error) {
      const failure = error instanceof S3Failure ? error : new S3Failure(500, 'InternalError', (error as Error).message);
      if (failure.code === 'EntityTooLarge') res.setHeader('connection', 'close');
      sendError(res, method, resource, failure);
    }
  }

  const sim: TS3Simulator = {
    name: control.name,
    prefix,
    get switches() {
      return control.switches;
    },
    set switches(next: TSimSwitches) {
      control.switches = next;
    },
    calls: control.calls,
    reset: () => control.reset(),
    async handle(req, res, path) {
      if (path === '/_control' || path === '/_reset') return control.handle(req, res, path);
      try {
        await serveObject(req, res, path);
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/xml' }).end(`<Error><Code>InternalError</Code><Message>${xmlEscape((error as Error).message)}</Message></Error>`);
        else res.destroy();
      }
    },
    clientConfig: (origin) => ({ endpoint: `${origin.replace(/\/$/, '')}${prefix}`, bucket: bucketNames[0] ?? DEFAULT_SIM_S3_BUCKET, region, ...credentials }),
    object: (bucket, key) => buckets.get(bucket)?.get(key)?.data,
    stats() {
      let objects = 0;
      let bytes = 0;
      for (const bucket of buckets.values()) {
        for (const o of bucket.values()) {
          objects += 1;
          bytes += o.data.length;
        }
      }
      return { objects, bytes };
    },
  };
  return sim;
}
