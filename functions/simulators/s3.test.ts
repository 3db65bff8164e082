import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { logger } from '../lib/logger';
import { LocalFsBlobStore } from '../materials/blob-store';
import { S3BlobStore } from '../materials/s3-blob-store';
import { EMPTY_PAYLOAD_SHA256, sha256Hex, signV4, toAmzDate } from './sigv4';
import { startStack } from '../local/stack';
import { serveSimulators, type TLoopback } from './loopback';
import { createS3Simulator, DEFAULT_SIM_S3_ACCESS_KEY_ID, DEFAULT_SIM_S3_BUCKET, DEFAULT_SIM_S3_REGION, DEFAULT_SIM_S3_SECRET_ACCESS_KEY, S3_SIM_PREFIX } from './s3';

const sim = createS3Simulator();
let loopback: TLoopback;

beforeAll(async () => {
  loopback = await serveSimulators(sim);
});
afterAll(() => loopback.close());
afterEach(() => sim.reset());

const credentials = { accessKeyId: DEFAULT_SIM_S3_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SIM_S3_SECRET_ACCESS_KEY };

/** A request signed as an S3 client signs it; `tamper` changes it after signing. */
async function call(
  method: string,
  objectPath: string,
  options: { body?: Buffer; secret?: string; headers?: Record<string, string>; tamper?: (h: Record<string, string>) => void } = {},
): Promise<{ status: number; text: string; headers: Headers }> {
  const url = new URL(`${loopback.origin}${S3_SIM_PREFIX}${objectPath}`);
  const payloadHash = options.body ? sha256Hex(options.body) : EMPTY_PAYLOAD_SHA256;
  const amzDate = toAmzDate(new Date());
  const signedHeaders = { 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate, ...options.headers };
  const { authorization } = signV4(
    { method, path: url.pathname, query: url.search.slice(1), headers: { host: url.host, ...signedHeaders }, payloadHash },
    { ...credentials, secretAccessKey: options.secret ?? credentials.secretAccessKey },
    { region: DEFAULT_SIM_S3_REGION, service: 's3' },
    amzDate,
  );
  const headers: Record<string, string> = { ...signedHeaders, authorization };
  options.tamper?.(headers);
  const res = await fetch(url, { method, headers, ...(options.body ? { body: new Uint8Array(options.body) } : {}) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const objectPath = `/${DEFAULT_SIM_S3_BUCKET}/materials/91150302MA0N1A2B37/mt_sim`;

describe('S3 simulator: objects', () => {
  test('PUT, HEAD, GET, DELETE', async () => {
    const put = await call('PUT', objectPath, { body: Buffer.from('hello'), headers: { 'content-type': 'application/octet-stream' } });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('"5d41402abc4b2a76b9719d911017c592"'); // MD5 of "hello", as S3 answers for a single PUT

    const head = await call('HEAD', objectPath);
    expect(head).toMatchObject({ status: 200, text: '' });
    expect(head.headers.get('content-length')).toBe('5');

    const get = await call('GET', objectPath);
    expect(get).toMatchObject({ status: 200, text: 'hello' });
    expect(get.headers.get('content-type')).toBe('application/octet-stream');

    expect((await call('DELETE', objectPath)).status).toBe(204);
    expect((await call('DELETE', objectPath)).status).toBe(204);
    expect((await call('HEAD', objectPath)).status).toBe(404);
    expect(sim.calls.get('GET /:bucket/:key')).toBe(1);
  });

  test('a missing key is 404 NoSuchKey in S3 XML; a missing bucket 404 NoSuchBucket', async () => {
    const missing = await call('GET', `/${DEFAULT_SIM_S3_BUCKET}/materials/none`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/xml');
    expect(missing.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>materials\/none<\/Key>/);

    const noBucket = await call('GET', '/no-such-bucket/materials/none');
    expect(noBucket.status).toBe(404);
    expect(noBucket.text).toContain('<Code>NoSuchBucket</Code>');
    expect(noBucket.text).toContain('<BucketName>no-such-bucket</BucketName>');
  });

  test('_reset empties the buckets', async () => {
    await call('PUT', objectPath, { body: Buffer.from('x') });
    expect(sim.stats().objects).toBe(1);
    expect((await fetch(`${loopback.baseUrlOf(sim)}/_reset`, { method: 'POST' })).status).toBe(200);
    expect(sim.stats().objects).toBe(0);
  });
});

describe('S3 simulator: the signature is verified', () => {
  test('no Authorization: 403 AccessDenied', async () => {
    const res = await fetch(`${loopback.origin}${S3_SIM_PREFIX}${objectPath}`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>AccessDenied</Code>');
  });

  test('signed with another secret: 403 SignatureDoesNotMatch, with the string to sign as S3 shows it', async () => {
    const res = await call('PUT', objectPath, { body: Buffer.from('x'), secret: 'wrong' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(res.text).toContain('<StringToSign>AWS4-HMAC-SHA256\n');
    expect(sim.stats().objects).toBe(0);
  });

  test('a signed header changed after signing, or another path: 403 SignatureDoesNotMatch', async () => {
    const changed = await call('GET', objectPath, { tamper: (h) => (h['x-amz-date'] = toAmzDate(new Date(Date.now() - 60_000))) });
    expect([changed.status, changed.text.includes('SignatureDoesNotMatch')]).toEqual([403, true]);

    const url = new URL(`${loopback.origin}${S3_SIM_PREFIX}${objectPath}`);
    const amzDate = toAmzDate(new Date());
    const headers = { 'x-amz-content-sha256': EMPTY_PAYLOAD_SHA256, 'x-amz-date': amzDate };
    const { authorization } = signV4(
      { method: 'GET', path: `${url.pathname}-other`, headers: { host: url.host, ...headers }, payloadHash: EMPTY_PAYLOAD_SHA256 },
      credentials,
      { region: DEFAULT_SIM_S3_REGION, service: 's3' },
      amzDate,
    );
    const res = await fetch(url, { headers: { ...headers, authorization } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('SignatureDoesNotMatch');
  });

  test('a body that does not match x-amz-content-sha256: 400 XAmzContentSHA256Mismatch', async () => {
    const url = new URL(`${loopback.origin}${S3_SIM_PREFIX}${objectPath}`);
    const amzDate = toAmzDate(new Date());
    const headers = { 'x-amz-content-sha256': sha256Hex('declared'), 'x-amz-date': amzDate };
    const { authorization } = signV4(
      { method: 'PUT', path: url.pathname, headers: { host: url.host, ...headers }, payloadHash: sha256Hex('declared') },
      credentials,
      { region: DEFAULT_SIM_S3_REGION, service: 's3' },
      amzDate,
    );
    const bad = await fetch(url, { method: 'PUT', headers: { ...headers, authorization }, body: 'sent' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
  });

  test('a missing x-amz-content-sha256: 400 InvalidRequest', async () => {
    const res = await call('GET', objectPath, { tamper: (h) => delete h['x-amz-content-sha256'] });
    expect(res.status).toBe(400);
    expect(res.text).toContain('x-amz-content-sha256');
  });
});

describe('S3 simulator: switches', () => {
  test('down → 503 ServiceUnavailable, failureRate 1 → 500 InternalError (XML, as S3)', async () => {
    const control = await fetch(`${loopback.baseUrlOf(sim)}/_control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ down: true }) });
    expect(await control.json()).toMatchObject({ switches: { down: true } });
    const down = await call('GET', objectPath);
    expect(down.status).toBe(503);
    expect(down.text).toContain('<Code>ServiceUnavailable</Code>');

    sim.switches = { ...sim.switches, down: false, failureRate: 1 };
    const failing = await call('GET', objectPath);
    expect(failing.status).toBe(500);
    expect(failing.text).toContain('<Code>InternalError</Code>');
  });

  test('latency', async () => {
    sim.switches = { ...sim.switches, latencyMs: 120 };
    const started = Date.now();
    expect((await call('GET', objectPath)).status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  test('reset restores the switches', async () => {
    sim.switches = { ...sim.switches, down: true };
    sim.reset();
    expect(sim.switches.down).toBe(false);
  });
});

describe('the local stack (npm start)', () => {
  let blobDir: string;
  beforeAll(async () => {
    logger.configure({ level: 'error', sink: () => undefined });
    blobDir = await mkdtemp(path.join(tmpdir(), 'hire-once-s3-'));
  });
  afterAll(() => rm(blobDir, { recursive: true, force: true }));

  test('serves the simulator at /sim/s3 and keeps the filesystem store by default', async () => {
    const stack = await startStack({ blobDir });
    try {
      expect(stack.env.BLOB_STORE).toBe('fs');
      expect(stack.deps.blobs).toBeInstanceOf(LocalFsBlobStore);
      const control = await fetch(`${stack.baseUrl}/sim/s3/_control`);
      expect(control.status).toBe(200);
    } finally {
      await stack.close();
    }
  });

  test('BLOB_STORE=s3 stores materials in the simulator, over HTTP with signed requests', async () => {
    const stack = await startStack({ blobDir, overrides: { BLOB_STORE: 's3' } });
    try {
      expect(stack.env).toMatchObject({ BLOB_STORE: 's3', S3_ENDPOINT: `${stack.baseUrl}/sim/s3`, S3_BUCKET: DEFAULT_SIM_S3_BUCKET });
      expect(stack.deps.blobs).toBeInstanceOf(S3BlobStore);
      await stack.deps.blobs.put('materials/91150302MA0N1A2B37/mt_stack', Buffer.from('sealed bytes'));
      expect(stack.simulators.s3.object(DEFAULT_SIM_S3_BUCKET, 'materials/91150302MA0N1A2B37/mt_stack')?.toString()).toBe('sealed bytes');
      expect((await stack.deps.blobs.get('materials/91150302MA0N1A2B37/mt_stack'))?.toString()).toBe('sealed bytes');
    } finally {
      await stack.close();
    }
  });
});
