/**
 * The materials: ID photos only after a separate consent, encrypted at rest,
 * readable only by the enterprise and clerks; the labor contract generated
 * from the form, its content hash kept with the filing.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { localToday } from '../../domain';
import { DEMO_ENTERPRISES } from '../../functions/simulators/dataset';
import { ID_PHOTO_NOTICE } from '../../functions/materials/materials';
import { demoApplication, DEMO_PERSON, DEMO_USCC, type ApiClient } from './client';
import { hrOf, startHarness, type THarness } from './harness';

jest.setTimeout(60_000);

// a tiny valid JPEG header + payload (the server checks the magic bytes, not the picture)
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('身份证件照片（测试）'.repeat(50))]);

let h: THarness;
let hr: ApiClient;
beforeAll(async () => {
  h = await startHarness();
  hr = await hrOf(h, DEMO_USCC);
});
afterAll(() => h.close());

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else out.push(p);
  }
  return out;
}

describe('ID photos', () => {
  it('refuses an upload without a separate consent', async () => {
    const res = await hr.post('/api/materials', { kind: 'id_photo', consentId: 'cs_none', contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('单独同意');
  });

  it('stores the photo encrypted and gives it back only to the enterprise and clerks', async () => {
    const consent = await hr.post('/api/materials/consent', { kind: 'id_photo', noticeVersion: ID_PHOTO_NOTICE.version, accepted: true });
    expect(consent.status).toBe(200);
    const up = await hr.post('/api/materials', { kind: 'id_photo', consentId: consent.body.consentId, contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') });
    expect(up.status).toBe(201);
    const stored = await files(h.blobDir);
    expect(stored).toHaveLength(1);
    const bytes = await readFile(stored[0]!);
    expect(bytes.includes(JPEG.subarray(4, 40))).toBe(false); // not in clear
    const back = await fetch(`${h.stack.baseUrl}/api/materials/${up.body.materialId}`, { headers: { authorization: `Bearer ${hr.token}` } });
    expect(back.status).toBe(200);
    expect(Buffer.from(await back.arrayBuffer()).equals(JPEG)).toBe(true);
    const other = await hrOf(h, DEMO_ENTERPRISES.buildingMaterials.uscc);
    expect((await other.get(`/api/materials/${up.body.materialId}`)).status).toBe(403);
  });

  it('refuses a file that is not the declared image type, and an outdated notice', async () => {
    const consent = await hr.post('/api/materials/consent', { kind: 'id_photo', noticeVersion: ID_PHOTO_NOTICE.version, accepted: true });
    const bad = await hr.post('/api/materials', { kind: 'id_photo', consentId: consent.body.consentId, contentType: 'image/png', dataBase64: JPEG.toString('base64') });
    expect(bad.status).toBe(422);
    expect((await hr.post('/api/materials/consent', { kind: 'id_photo', noticeVersion: 'old', accepted: true })).status).toBe(422);
  });
});

describe('the labor contract', () => {
  it('is generated from the form as .docx, and its content hash is kept with the filing', async () => {
    const ent = await hr.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
    const person = await hr.get(`/api/autofill/person?idType=citizen_id&idNumber=${DEMO_PERSON.documentNumber}&name=${encodeURIComponent(DEMO_PERSON.name)}`);
    const body = demoApplication({ employer: ent.body.values, person: person.body.values }, localToday());
    const preview = await fetch(`${h.stack.baseUrl}/api/contracts/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hr.token}` },
      body: JSON.stringify(body),
    });
    expect(preview.status).toBe(200);
    const docx = Buffer.from(await preview.arrayBuffer());
    expect(docx.subarray(0, 2).toString()).toBe('PK'); // a zip: .docx
    const previewSha = preview.headers.get('x-contract-content-sha256');
    const filed = await hr.post('/api/applications', body, { 'idempotency-key': randomUUID() });
    expect(filed.status).toBe(201);
    const contract = await fetch(`${h.stack.baseUrl}/api/applications/${filed.body.application.id}/contract`, { headers: { authorization: `Bearer ${hr.token}` } });
    expect(contract.status).toBe(200);
    expect(contract.headers.get('x-contract-content-sha256')).toBe(previewSha);
  });
});
