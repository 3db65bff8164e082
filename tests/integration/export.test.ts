/**
 * GET /api/me/export (PIPL §45): the signed-in employee downloads everything
 * held about them — identity with their own full ID number, every hire with
 * the form, items, results, materials' metadata, messages, card, access log,
 * ledger entries — as a versioned JSON attachment, and NOTHING about anyone
 * else. The export itself is recorded in their access log and the ledger.
 */
import { randomUUID } from 'node:crypto';
import { localToday, maskIdNumber, maskName, ZPersonalDataExportSchema, type TPersonalDataExport } from '../../domain';
import { DEMO_ENTERPRISES, DEMO_PEOPLE } from '../../functions/simulators/dataset';
import { demoApplication, DEMO_USCC, type ApiClient } from './client';
import { employeeOf, hrOf, startHarness, waitFor, type THarness } from './harness';

jest.setTimeout(90_000);

const X = DEMO_PEOPLE.employeeA;
const Y = DEMO_PEOPLE.employeeB;

let h: THarness;
let hr: ApiClient;
let x: ApiClient;
let y: ApiClient;
const hires: Record<'x' | 'y', string[]> = { x: [], y: [] };

async function file(person: { documentNumber: string; name: string }, uscc = DEMO_USCC, client = hr): Promise<string> {
  const ent = await client.get(`/api/autofill/enterprise?uscc=${uscc}`);
  const p = await client.get(`/api/autofill/person?idType=citizen_id&idNumber=${person.documentNumber}&name=${encodeURIComponent(person.name)}`);
  const v = (k: string) => p.body.values[k]?.value;
  const body = demoApplication({ employer: ent.body.values, person: p.body.values }, localToday(), {
    employer: { uscc },
    employee: { documentNumber: person.documentNumber, name: person.name, education: v('education') ?? '71', graduateSchool: v('graduateSchool'), major: v('major'), graduationDate: v('graduationDate') },
  });
  const res = await client.post('/api/applications', body, { 'idempotency-key': randomUUID() });
  if (res.status !== 201) throw new Error(`filing failed: ${JSON.stringify(res.body).slice(0, 500)}`);
  return res.body.application.id as string;
}

async function download(client: ApiClient): Promise<{ res: Response; text: string; data: TPersonalDataExport }> {
  const res = await fetch(`${h.stack.baseUrl}/api/me/export`, { headers: { authorization: `Bearer ${client.token}` } });
  const text = await res.text();
  return { res, text, data: res.status === 200 ? ZPersonalDataExportSchema.parse(JSON.parse(text)) : (JSON.parse(text) as never) };
}

beforeAll(async () => {
  h = await startHarness();
  hr = await hrOf(h, DEMO_USCC);
  // both verified before their hires, so the milestones reach their inboxes too
  x = await employeeOf(h, X);
  y = await employeeOf(h, Y);
  hires.x.push(await file(X));
  hires.y.push(await file(Y));
  // a second hire of X, by another enterprise; an HR contact opens X's record (the access log)
  const other = await hrOf(h, DEMO_ENTERPRISES.buildingMaterials.uscc);
  hires.x.push(await file(X, DEMO_ENTERPRISES.buildingMaterials.uscc, other));
  expect((await hr.get(`/api/applications/${hires.x[0]}`)).status).toBe(200);
  await waitFor(() => x.get('/api/me/card'), (r) => r.status === 200, 20_000);
});
afterAll(() => h.close());

describe('GET /api/me/export', () => {
  it('answers X everything about X as a versioned JSON attachment, with X’s own full ID number', async () => {
    const { res, data } = await download(x);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="hire-once-personal-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(data).toMatchObject({ format: 'hire-once/personal-data-export', version: 1 });
    expect(data.legalBasis).toContain('第四十五条');
    expect(data.subject).toMatchObject({ name: X.name, documentNumber: X.documentNumber });
    expect(data.subject.verifiedAt).toMatch(/^\d{4}-/);

    // every hire, with the form as filed, the seven items and their results, the materials, the contract link
    expect(data.hires.map((hh) => hh.id).sort()).toEqual([...hires.x].sort());
    for (const hire of data.hires) {
      expect(hire.items).toHaveLength(7);
      expect((hire.form.employee as { documentNumber: string }).documentNumber).toBe(X.documentNumber);
      expect(hire.contractDownload).toBe(`/api/applications/${hire.id}/contract`);
      expect(hire.materials.laborContract.mode).toBe('generated');
    }
    expect(data.hires.flatMap((hh) => hh.items).some((i) => i.state === 'done' && Object.keys(i.results).length > 0)).toBe(true);
    // the contract link works for X
    const contract = await fetch(`${h.stack.baseUrl}${data.hires[0]!.contractDownload}`, { headers: { authorization: `Bearer ${x.token}` } });
    expect(contract.status).toBe(200);

    // the card, the messages, the access log (the HR contact's open, and this export), the ledger
    expect(data.card?.applicationId).toBeDefined();
    expect(hires.x).toContain(data.card!.applicationId);
    expect(data.messages.length).toBeGreaterThan(0);
    expect(data.messages.every((m) => hires.x.includes(m.applicationId))).toBe(true);
    expect(data.accessLog.map((a) => a.purpose)).toEqual(expect.arrayContaining(['查看录用记录', '本人导出个人数据（个人信息保护法第四十五条）']));
    expect(data.accessLog.find((a) => a.eventId === data.exportId)).toMatchObject({ who: '本人' });
    expect(data.ledger.map((e) => e.type)).toEqual(expect.arrayContaining(['application.filed', 'item.transition', 'data.exported']));
    expect(data.ledger.filter((e) => e.applicationId).every((e) => hires.x.includes(e.applicationId!))).toBe(true);
    expect(data.ledger.find((e) => e.eventId === data.exportId)).toMatchObject({ type: 'data.exported', title: '导出个人数据' });
  });

  it('holds NOTHING of Y: no number, name, masked number, hire, message or ledger entry of Y', async () => {
    const { text, data } = await download(x);
    for (const needle of [Y.documentNumber, Y.name, maskName(Y.name), maskIdNumber(Y.documentNumber), ...hires.y]) expect(text).not.toContain(needle);
    expect(data.hires.some((hh) => hires.y.includes(hh.id))).toBe(false);
    // and Y's own export is Y's, without X
    const ys = await download(y);
    expect(ys.res.status).toBe(200);
    expect(ys.data.subject.documentNumber).toBe(Y.documentNumber);
    expect(ys.data.hires.map((hh) => hh.id)).toEqual(hires.y);
    for (const needle of [X.documentNumber, X.name, maskIdNumber(X.documentNumber), ...hires.x]) expect(ys.text).not.toContain(needle);
  });

  it('records every export in the person’s 一人一档 (access log and ledger), once each', async () => {
    const first = await download(x);
    const second = await download(x);
    expect(second.data.exportId).not.toBe(first.data.exportId);
    const archive = await x.get('/api/me/archive?part=access&limit=50');
    const exports = archive.body.accessLog.items.filter((a: { purpose: string }) => a.purpose.startsWith('本人导出个人数据'));
    expect(exports.map((a: { eventId: string }) => a.eventId)).toEqual(expect.arrayContaining([first.data.exportId, second.data.exportId]));
    expect(new Set(exports.map((a: { eventId: string }) => a.eventId)).size).toBe(exports.length);
    expect(second.data.ledger.filter((e) => e.eventId === first.data.exportId)).toHaveLength(1);
  });

  it('is for the verified employee only', async () => {
    expect((await download(hr)).res.status).toBe(403); // an HR contact, not verified as a person
    expect((await fetch(`${h.stack.baseUrl}/api/me/export`)).status).toBe(401);
    expect((await fetch(`${h.stack.baseUrl}/api/me/export`, { method: 'POST', headers: { authorization: `Bearer ${x.token}` } })).status).toBe(405);
  });
});

describe('ID numbers stay out of URLs', () => {
  it('the person auto-fill takes the number in a POST body (what the mini-program sends), the same answer as GET', async () => {
    const q = { idType: 'citizen_id', idNumber: X.documentNumber, name: X.name };
    const posted = await hr.post('/api/autofill/person', q);
    expect(posted.status).toBe(200);
    const got = await hr.get(`/api/autofill/person?idType=citizen_id&idNumber=${X.documentNumber}&name=${encodeURIComponent(X.name)}`);
    const values = (v: Record<string, { value: unknown; source: string }>) => Object.fromEntries(Object.entries(v).map(([k, f]) => [k, [f.value, f.source]]));
    expect(values(posted.body.values)).toEqual(values(got.body.values));
    expect(posted.body.values.birthDate.value).toBe('1995-03-15');
    const bad = await hr.post('/api/autofill/person', { idType: 'citizen_id', name: X.name });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields[0].path).toEqual(['idNumber']);
  });
});
