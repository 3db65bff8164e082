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

describe('filing with its materials', () => {
  const PDF = Buffer.from('%PDF-1.4\n% 劳动合同扫描件（测试）\n');
  let body: Record<string, unknown>;
  beforeAll(async () => {
    const ent = await hr.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
    const person = await hr.get(`/api/autofill/person?idType=citizen_id&idNumber=${DEMO_PERSON.documentNumber}&name=${encodeURIComponent(DEMO_PERSON.name)}`);
    body = demoApplication({ employer: ent.body.values, person: person.body.values }, localToday()) as Record<string, unknown>;
  });
  const photo = async (client = hr) => {
    const consent = await client.post('/api/materials/consent', { kind: 'id_photo', noticeVersion: ID_PHOTO_NOTICE.version, accepted: true });
    const up = await client.post('/api/materials', { kind: 'id_photo', consentId: consent.body.consentId, contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') });
    expect(up.status).toBe(201);
    return up.body.materialId as string;
  };

  it('keeps the photos and a scanned contract (hashes and sizes) and answers a retry with the same application', async () => {
    const [front, back] = [await photo(), await photo()];
    const scan = await hr.post('/api/materials', { kind: 'contract_scan', contentType: 'application/pdf', dataBase64: PDF.toString('base64') });
    expect(scan.status).toBe(201);
    const filing = { ...body, materials: { identityDocument: [front, back], laborContract: { mode: 'scanned', materialIds: [scan.body.materialId] } } };
    const key = randomUUID();
    const filed = await hr.post('/api/applications', filing, { 'idempotency-key': key });
    expect(filed.status).toBe(201);
    const m = filed.body.application.materials;
    expect(m.identityDocument.map((x: { id: string }) => x.id)).toEqual([front, back]);
    expect(m.identityDocument[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.laborContract).toEqual({ mode: 'scanned', pages: [{ id: scan.body.materialId, sha256: scan.body.sha256, size: PDF.length }] });
    // the same request again (a network retry): the same application, not a validation error about attached materials
    const again = await hr.post('/api/applications', filing, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(again.body.application.id).toBe(filed.body.application.id);
    // a scanned contract has no generated one to download
    expect((await hr.get(`/api/applications/${filed.body.application.id}/contract`)).status).toBe(404);
    // but the same photo cannot go with another hire
    const reuse = await hr.post('/api/applications', { ...body, materials: { identityDocument: [front] } }, { 'idempotency-key': randomUUID() });
    expect(reuse.status).toBe(422);
    expect(reuse.body.error.fields[0]).toMatchObject({ path: ['materials', 'identityDocument', 0] });
    expect(reuse.body.error.fields[0].message).toContain(filed.body.application.id);
  });

  it('refuses unknown, foreign, duplicated and wrong-kind materials with a message per place, storing nothing', async () => {
    const other = await hrOf(h, DEMO_ENTERPRISES.buildingMaterials.uscc);
    const foreign = await photo(other);
    const mine = await photo();
    const before = (await hr.get('/api/applications?limit=50')).body.items.length;
    const res = await hr.post(
      '/api/applications',
      { ...body, materials: { identityDocument: [foreign, mine, mine, 'mt_AAAAAAAAAAAAAAAA'], laborContract: { mode: 'scanned', materialIds: [mine] } } },
      { 'idempotency-key': randomUUID() },
    );
    expect(res.status).toBe(422);
    const byPath = Object.fromEntries(res.body.error.fields.map((f: { path: unknown[]; message: string }) => [f.path.join('.'), f.message]));
    expect(byPath['materials.identityDocument.0']).toContain('不存在');
    expect(byPath['materials.identityDocument.2']).toContain('只能提交一次');
    expect(byPath['materials.identityDocument.3']).toContain('不存在');
    expect(byPath['materials.laborContract.materialIds.0']).toBeDefined();
    expect((await hr.get('/api/applications?limit=50')).body.items.length).toBe(before);
    // a scan upload refuses what is not a PDF or an image
    const notPdf = await hr.post('/api/materials', { kind: 'contract_scan', contentType: 'application/pdf', dataBase64: JPEG.toString('base64') });
    expect(notPdf.status).toBe(422);
    expect(notPdf.body.error.fields[0].path).toEqual(['dataBase64']);
  });

  it('defaults to the generated contract and no photos', async () => {
    const filed = await hr.post('/api/applications', body, { 'idempotency-key': randomUUID() });
    expect(filed.status).toBe(201);
    expect(filed.body.application.materials.identityDocument).toEqual([]);
    expect(filed.body.application.materials.laborContract).toMatchObject({ mode: 'generated', contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});
