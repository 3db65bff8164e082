/**
 * The materials on the S3-compatible store (BLOB_STORE=s3): the stack points
 * S3_* at its signature-checking simulator (/sim/s3), the product signs every
 * call with the dev credentials, and the bytes reach the bucket encrypted. An
 * object store that is down is an outage: 503 STORAGE_UNAVAILABLE with a retry
 * hint, nothing recorded, and the same upload succeeds once it is back.
 */
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { AwsV4Signer } from 'aws4fetch';
import { localToday } from '../../domain';
import { ID_PHOTO_NOTICE } from '../../functions/materials/materials';
import { DEFAULT_SIM_S3_ACCESS_KEY_ID, DEFAULT_SIM_S3_BUCKET, DEFAULT_SIM_S3_REGION, DEFAULT_SIM_S3_SECRET_ACCESS_KEY } from '../../functions/simulators/s3';
import { demoApplication, DEMO_PERSON, DEMO_USCC, type ApiClient } from './client';
import { hrOf, startHarness, type THarness } from './harness';

jest.setTimeout(60_000);

// a tiny valid JPEG header + payload (the server checks the magic bytes, not the picture)
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('身份证件照片（S3 测试）'.repeat(50))]);
const CLEAR = JPEG.subarray(4, 40); // a stretch of the payload that must never be found in the bucket

let h: THarness;
let hr: ApiClient;
beforeAll(async () => {
  h = await startHarness({ overrides: { BLOB_STORE: 's3' } });
  hr = await hrOf(h, DEMO_USCC);
});
afterAll(() => h?.close());

const blobKey = (materialId: string) => `materials/${DEMO_USCC}/${materialId}`;

async function consentId(client = hr): Promise<string> {
  const consent = await client.post('/api/materials/consent', { kind: 'id_photo', noticeVersion: ID_PHOTO_NOTICE.version, accepted: true });
  expect(consent.status).toBe(200);
  return consent.body.consentId as string;
}

const upload = (consent: string, client = hr) =>
  client.post('/api/materials', { kind: 'id_photo', consentId: consent, contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') });

/** The material records under this stack's key prefix (SCAN on the real Redis). */
async function materialKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const reply = await h.stack.backend.command(['SCAN', cursor, 'MATCH', `${h.stack.env.KEY_PREFIX}material:*`, 'COUNT', '500']);
    const [next, batch] = reply as [Buffer | string, (Buffer | string)[]];
    cursor = next.toString();
    keys.push(...batch.map((k) => k.toString()));
  } while (cursor !== '0');
  return keys.sort();
}

/** A GET of an object straight from the simulator, signed (SigV4) with the credentials the stack gave the product. */
async function signedGet(key: string): Promise<Response> {
  const { env } = h.stack;
  const signer = new AwsV4Signer({
    method: 'GET',
    url: `${env.S3_ENDPOINT}/${env.S3_BUCKET}/${key}`,
    headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    accessKeyId: env.S3_ACCESS_KEY_ID!,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
    service: 's3',
    region: env.S3_REGION!,
  });
  const signed = await signer.sign();
  return fetch(signed.url, { method: signed.method, headers: signed.headers });
}

describe('materials on the S3-compatible store', () => {
  it('is configured for the S3 simulator with its dev credentials', () => {
    const { env } = h.stack;
    expect(env.BLOB_STORE).toBe('s3');
    expect(env.S3_ENDPOINT).toBe(`${h.stack.baseUrl}/sim/s3`);
    expect(env.S3_BUCKET).toBe(DEFAULT_SIM_S3_BUCKET);
    expect(env.S3_REGION).toBe(DEFAULT_SIM_S3_REGION);
    expect(env.S3_ACCESS_KEY_ID).toBe(DEFAULT_SIM_S3_ACCESS_KEY_ID);
    expect(env.S3_SECRET_ACCESS_KEY).toBe(DEFAULT_SIM_S3_SECRET_ACCESS_KEY);
  });

  let photoId: string;

  it('stores an ID photo encrypted in the bucket (not on disk) and gives the exact bytes back to the HR of the enterprise', async () => {
    const s3 = h.stack.simulators.s3;
    const before = s3.stats().objects;
    const putsBefore = s3.calls.get('PUT /:bucket/:key') ?? 0;
    const up = await upload(await consentId());
    expect(up.status).toBe(201);
    photoId = up.body.materialId as string;
    expect(photoId).toMatch(/^mt_/);
    expect(up.body.size).toBe(JPEG.length);

    // it went to the object store through a signed PUT, and not to the filesystem store
    expect(s3.stats().objects).toBe(before + 1);
    expect(s3.calls.get('PUT /:bucket/:key')).toBe(putsBefore + 1);
    expect(await readdir(h.blobDir)).toEqual([]);

    // the stored object, from the simulator's store: sealed, never the photo in clear
    const stored = s3.object(h.stack.env.S3_BUCKET!, blobKey(photoId));
    expect(stored).toBeDefined();
    expect(stored!.subarray(0, 4).toString()).toBe('HOB1');
    expect(stored!.length).toBeGreaterThan(JPEG.length);
    expect(stored!.includes(CLEAR)).toBe(false);
    expect(stored!.includes(JPEG.subarray(0, 4))).toBe(false);

    // the same bytes through the simulator's own API, with a correctly signed GET
    const direct = await signedGet(blobKey(photoId));
    expect(direct.status).toBe(200);
    const directBytes = Buffer.from(await direct.arrayBuffer());
    expect(directBytes.equals(stored!)).toBe(true);

    // and the API gives the clear bytes back to the HR of the enterprise
    const back = await fetch(`${h.stack.baseUrl}/api/materials/${photoId}`, { headers: { authorization: `Bearer ${hr.token}` } });
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await back.arrayBuffer()).equals(JPEG)).toBe(true);
  });

  it('files a hire naming the photo kept in the bucket', async () => {
    expect(photoId).toBeDefined();
    const ent = await hr.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
    const person = await hr.get(`/api/autofill/person?idType=citizen_id&idNumber=${DEMO_PERSON.documentNumber}&name=${encodeURIComponent(DEMO_PERSON.name)}`);
    const body = demoApplication({ employer: ent.body.values, person: person.body.values }, localToday()) as Record<string, unknown>;
    const filed = await hr.post('/api/applications', { ...body, materials: { identityDocument: [photoId] } }, { 'idempotency-key': randomUUID() });
    expect(filed.status).toBe(201);
    const m = filed.body.application.materials;
    expect(m.identityDocument).toEqual([{ id: photoId, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: JPEG.length }]);
    // the photo is still readable from the bucket after filing
    const back = await fetch(`${h.stack.baseUrl}/api/materials/${photoId}`, { headers: { authorization: `Bearer ${hr.token}` } });
    expect(back.status).toBe(200);
    expect(Buffer.from(await back.arrayBuffer()).equals(JPEG)).toBe(true);
  });

  describe('with the object store down', () => {
    afterEach(() => h.sim('s3', { down: false }));

    it('answers an upload 503 STORAGE_UNAVAILABLE with a retry hint, records nothing, and the same upload succeeds once it is back', async () => {
      const s3 = h.stack.simulators.s3;
      const consent = await consentId();
      const objectsBefore = s3.stats().objects;
      const recordsBefore = await materialKeys();

      await h.sim('s3', { down: true });
      const down = await upload(consent);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ error: { code: 'STORAGE_UNAVAILABLE', retryable: true } });
      expect(down.body.error.retryAfterSeconds).toBeGreaterThan(0);
      expect(down.headers.get('retry-after')).toBe(String(down.body.error.retryAfterSeconds));
      expect(down.body.materialId).toBeUndefined();

      // reading a stored material while the store is down is an outage too, not a 500 or a 404
      const read = await hr.get(`/api/materials/${photoId}`);
      expect(read.status).toBe(503);
      expect(read.body).toMatchObject({ error: { code: 'STORAGE_UNAVAILABLE', retryable: true } });

      // nothing was recorded: no new material record, no new object
      expect(await materialKeys()).toEqual(recordsBefore);
      expect(s3.stats().objects).toBe(objectsBefore);

      // back up: the very same upload (same consent, same bytes) succeeds
      await h.sim('s3', { down: false });
      const again = await upload(consent);
      expect(again.status).toBe(201);
      const id = again.body.materialId as string;
      expect(await materialKeys()).toEqual([...recordsBefore, `${h.stack.env.KEY_PREFIX}material:${id}`].sort());
      expect(s3.stats().objects).toBe(objectsBefore + 1);
      const stored = s3.object(h.stack.env.S3_BUCKET!, blobKey(id));
      expect(stored).toBeDefined();
      expect(stored!.includes(CLEAR)).toBe(false);
      const back = await fetch(`${h.stack.baseUrl}/api/materials/${id}`, { headers: { authorization: `Bearer ${hr.token}` } });
      expect(back.status).toBe(200);
      expect(Buffer.from(await back.arrayBuffer()).equals(JPEG)).toBe(true);
    });
  });
});
