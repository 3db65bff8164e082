import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { serveSimulators, type TLoopback } from '../simulators/loopback';
import { createS3Simulator, DEFAULT_SIM_S3_BUCKET } from '../simulators/s3';
import { sha256Hex, signV4 } from '../simulators/sigv4';
import { isStorageUnavailable } from '../storage/errors';
import { BlobStoreConfigurationError, BlobStoreRequestError, BlobStoreUnavailableError, S3BlobStore, s3ErrorCode, type TS3BlobStoreOptions } from './s3-blob-store';

const sim = createS3Simulator({ buckets: [DEFAULT_SIM_S3_BUCKET, 'other-bucket'] });
let loopback: TLoopback;

beforeAll(async () => {
  loopback = await serveSimulators(sim);
});
afterAll(() => loopback.close());
afterEach(() => sim.reset());

const store = (overrides: Partial<TS3BlobStoreOptions> = {}) => new S3BlobStore({ ...sim.clientConfig(loopback.origin), timeoutMs: 1_000, ...overrides });
const key = (name = randomBytes(6).toString('hex')) => `materials/91150302MA0N1A2B37/mt_${name}`;

async function failure(promise: Promise<unknown>): Promise<Error & { retryable?: boolean }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { retryable?: boolean };
  }
  throw new Error('expected the call to fail');
}

describe('S3BlobStore against the S3 simulator over loopback HTTP', () => {
  test('round-trips bytes (every byte value, 700 KB) and overwrites', async () => {
    const s = store();
    const k = key();
    const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(700 * 1024)]);
    await s.put(k, data);
    expect((await s.get(k))!.equals(data)).toBe(true);
    expect(sim.object(DEFAULT_SIM_S3_BUCKET, k)!.equals(data)).toBe(true);

    await s.put(k, Buffer.from('second'));
    expect((await s.get(k))!.toString()).toBe('second');
    expect(sim.stats()).toEqual({ objects: 1, bytes: 6 });
    expect(sim.calls.get('PUT /:bucket/:key')).toBe(2);
  });

  test('an empty object is an object, not a missing one', async () => {
    const s = store();
    const k = key();
    await s.put(k, Buffer.alloc(0));
    expect(await s.get(k)).toEqual(Buffer.alloc(0));
  });

  test('get of a missing key is null', async () => {
    expect(await store().get(key('never-written'))).toBeNull();
  });

  test('delete is idempotent', async () => {
    const s = store();
    const k = key();
    await s.put(k, Buffer.from('x'));
    await s.delete(k);
    await s.delete(k);
    await s.delete(key('never-written'));
    expect(await s.get(k)).toBeNull();
    expect(sim.calls.get('DELETE /:bucket/:key')).toBe(3);
  });

  test('buckets are separate', async () => {
    const k = key();
    await store().put(k, Buffer.from('a'));
    expect(await store({ bucket: 'other-bucket' }).get(k)).toBeNull();
  });

  test('signs as AWS documents: path-style URL, x-amz-content-sha256 of the body, SigV4 for s3 in the region', async () => {
    const sent: { url: string; method: string; headers: Headers }[] = [];
    const capture = async (input: string | URL | Request, init?: RequestInit) => {
      sent.push({ url: String(input), method: init?.method ?? 'GET', headers: new Headers(init?.headers) });
      return new Response(null, { status: 200 });
    };
    const s = new S3BlobStore({
      endpoint: 'https://oss-cn-hangzhou.aliyuncs.com/',
      bucket: 'hire-once',
      region: 'cn-hangzhou',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      now: () => new Date('2026-03-01T08:00:00.456Z'),
      fetch: capture,
    });
    await s.put('materials/91150302MA0N1A2B37/mt_1', Buffer.from('sealed'));
    const [request] = sent;
    expect(request!.url).toBe('https://oss-cn-hangzhou.aliyuncs.com/hire-once/materials/91150302MA0N1A2B37/mt_1');
    expect(request!.method).toBe('PUT');
    expect(request!.headers.get('x-amz-content-sha256')).toBe(sha256Hex('sealed'));
    expect(request!.headers.get('x-amz-date')).toBe('20260301T080000Z');
    // the simulator's own SigV4 (tested on AWS's published examples) computes the same signature
    const expected = signV4(
      {
        method: 'PUT',
        path: '/hire-once/materials/91150302MA0N1A2B37/mt_1',
        headers: { host: 'oss-cn-hangzhou.aliyuncs.com', 'x-amz-content-sha256': sha256Hex('sealed'), 'x-amz-date': '20260301T080000Z' },
        payloadHash: sha256Hex('sealed'),
      },
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
      { region: 'cn-hangzhou', service: 's3' },
      '20260301T080000Z',
    );
    expect(request!.headers.get('authorization')).toBe(expected.authorization);
    expect(expected.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260301\/cn-hangzhou\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
  });

  test('keys follow the filesystem store rule, checked before any request', async () => {
    const s = store();
    for (const bad of ['../etc/passwd', 'materials/../x', 'a b', '', 'x'.repeat(201), 'materials/ü']) {
      await expect(s.put(bad, Buffer.from('x'))).rejects.toThrow(/invalid blob key/);
      await expect(s.get(bad)).rejects.toThrow(/invalid blob key/);
    }
    expect(sim.calls.size).toBe(0);
  });
});

describe('S3BlobStore errors say whether to retry', () => {
  test('a wrong secret is a configuration error naming the bucket (403 SignatureDoesNotMatch), not retryable', async () => {
    const error = await failure(store({ secretAccessKey: 'not-the-secret' }).put(key(), Buffer.from('x')));
    expect(error).toBeInstanceOf(BlobStoreConfigurationError);
    expect(error.message).toMatch(/configuration error for bucket "hire-once-materials"/);
    expect(error.message).toMatch(/HTTP 403 SignatureDoesNotMatch/);
    expect(error.retryable).toBe(false);
    expect(isStorageUnavailable(error)).toBe(false);
    expect(sim.stats().objects).toBe(0);
  });

  test('a wrong access key, a wrong region or a missing bucket are configuration errors too; get does not hide them as null', async () => {
    const wrongKey = await failure(store({ accessKeyId: 'AKIDUNKNOWN' }).get(key()));
    expect(wrongKey).toBeInstanceOf(BlobStoreConfigurationError);
    expect(wrongKey.message).toMatch(/403 InvalidAccessKeyId/);

    const wrongRegion = await failure(store({ region: 'cn-hangzhou' }).get(key()));
    expect(wrongRegion).toBeInstanceOf(BlobStoreConfigurationError);
    expect(wrongRegion.message).toMatch(/400 AuthorizationHeaderMalformed/);

    const noBucket = await failure(store({ bucket: 'no-such-bucket' }).get(key()));
    expect(noBucket).toBeInstanceOf(BlobStoreConfigurationError);
    expect(noBucket.message).toMatch(/bucket "no-such-bucket".*404 NoSuchBucket/);
    await expect(store({ bucket: 'no-such-bucket' }).delete(key())).rejects.toBeInstanceOf(BlobStoreConfigurationError);
  });

  test('a clock off by more than 15 minutes is refused (403 RequestTimeTooSkewed)', async () => {
    const error = await failure(store({ now: () => new Date(Date.now() - 20 * 60_000) }).get(key()));
    expect(error).toBeInstanceOf(BlobStoreConfigurationError);
    expect(error.message).toMatch(/RequestTimeTooSkewed/);
  });

  test('the store is down (503) or failing (500): retryable, and the API would answer 503', async () => {
    sim.switches = { ...sim.switches, down: true };
    const down = await failure(store().put(key(), Buffer.from('x')));
    expect(down).toBeInstanceOf(BlobStoreUnavailableError);
    expect(down.message).toMatch(/unavailable, retryable: PUT s3:\/\/hire-once-materials\/materials\/.* HTTP 503 ServiceUnavailable/);
    expect(down.retryable).toBe(true);
    expect(isStorageUnavailable(down)).toBe(true);

    sim.switches = { ...sim.switches, down: false, failureRate: 1 };
    const failing = await failure(store().get(key()));
    expect(failing).toBeInstanceOf(BlobStoreUnavailableError);
    expect(failing.message).toMatch(/retryable.*HTTP 500 InternalError/);
  });

  test('the same through the control route every simulator has', async () => {
    const res = await fetch(`${loopback.baseUrlOf(sim)}/_control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ down: true }) });
    expect(res.status).toBe(200);
    await expect(store().delete(key())).rejects.toMatchObject({ retryable: true, status: 503 });
  });

  test('no answer within the timeout: retryable', async () => {
    sim.switches = { ...sim.switches, latencyMs: 400 };
    const error = await failure(store({ timeoutMs: 100 }).get(key()));
    expect(error).toBeInstanceOf(BlobStoreUnavailableError);
    expect(error.message).toMatch(/retryable.*no answer within 100 ms/);
  });

  test('nothing listening: retryable', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    const error = await failure(store({ endpoint: `http://127.0.0.1:${port}/sim/s3` }).get(key()));
    expect(error).toBeInstanceOf(BlobStoreUnavailableError);
    expect(error.message).toMatch(/retryable.*unreachable/);
  });

  test('a body changed after signing is refused (400 XAmzContentSHA256Mismatch), not retryable', async () => {
    const tampering = (input: string | URL | Request, init?: RequestInit) => fetch(input, { ...init, body: new Uint8Array(Buffer.from('tampered')) });
    const error = await failure(store({ fetch: tampering }).put(key(), Buffer.from('original')));
    expect(error).toBeInstanceOf(BlobStoreRequestError);
    expect(error.message).toMatch(/400 XAmzContentSHA256Mismatch/);
    expect(error.retryable).toBe(false);
    expect(sim.stats().objects).toBe(0);
  });
});

test('s3ErrorCode reads the <Code> of an S3 error body', () => {
  expect(s3ErrorCode('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>m</Message></Error>')).toBe('NoSuchKey');
  expect(s3ErrorCode('not xml')).toBeUndefined();
});
