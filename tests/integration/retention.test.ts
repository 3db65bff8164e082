/**
 * ID photos under PIPL: taken only after a SEPARATE consent (recorded with
 * who, when and which notice), and deleted from the blob store once all seven
 * items are accepted (ID_PHOTO_RETENTION_DAYS=0 here: at once) — durably,
 * once, with a `material.deleted` ledger event in the 一人一档; the labor
 * contract stays; an application with an item still pending (or corrected)
 * keeps its photos until all are accepted.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { allItemsAccepted, localToday, ZApplicationViewSchema } from '../../domain';
import { ID_PHOTO_NOTICE } from '../../functions/materials/materials';
import { deleteIdPhotosOf, dueKey, handleRetentionMessage, RETENTION_TOPIC, scheduleIdPhotoDeletion, sweepDueIdPhotos } from '../../functions/retention/id-photos';
import { DEMO_ENTERPRISES, DEMO_PEOPLE } from '../../functions/simulators/dataset';
import { fieldsToRecord } from '../../functions/storage/redis';
import { demoApplication, DEMO_USCC, type ApiClient } from './client';
import { employeeOf, hrOf, sessionTokenPayload, startHarness, waitFor, type THarness } from './harness';

jest.setTimeout(90_000);

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('身份证件照片（保存期限测试）'.repeat(40))]);
const PDF = Buffer.from('%PDF-1.4\n% 劳动合同扫描件（保存期限测试）\n');

let h: THarness;
let hr: ApiClient;
beforeAll(async () => {
  h = await startHarness({ overrides: { ID_PHOTO_RETENTION_DAYS: '0' } });
  hr = await hrOf(h, DEMO_USCC);
});
afterAll(() => h.close());

const blobFile = (materialId: string, uscc = DEMO_USCC) => path.join(h.blobDir, 'materials', uscc, materialId);
const material = async (id: string) => fieldsToRecord(await h.stack.deps.redis.hgetall(`${h.stack.env.KEY_PREFIX}material:${id}`));

async function consentAndPhoto(client = hr): Promise<string> {
  const consent = await client.post('/api/materials/consent', { kind: 'id_photo', noticeVersion: ID_PHOTO_NOTICE.version, accepted: true });
  expect(consent.status).toBe(200);
  const up = await client.post('/api/materials', { kind: 'id_photo', consentId: consent.body.consentId, contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') });
  expect(up.status).toBe(201);
  return up.body.materialId as string;
}

async function fileHire(person: { documentNumber: string; name: string }): Promise<{ id: string; photos: string[]; scan: string; body: any }> {
  const ent = await hr.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
  const p = await hr.get(`/api/autofill/person?idType=citizen_id&idNumber=${person.documentNumber}&name=${encodeURIComponent(person.name)}`);
  const v = (k: string) => p.body.values[k]?.value;
  const application = demoApplication({ employer: ent.body.values, person: p.body.values }, localToday(), {
    employee: { documentNumber: person.documentNumber, name: person.name, education: v('education') ?? '71', graduateSchool: v('graduateSchool'), major: v('major'), graduationDate: v('graduationDate') },
  });
  const photos = [await consentAndPhoto(), await consentAndPhoto()];
  const scan = await hr.post('/api/materials', { kind: 'contract_scan', contentType: 'application/pdf', dataBase64: PDF.toString('base64') });
  expect(scan.status).toBe(201);
  const filed = await hr.post('/api/applications', { ...application, materials: { identityDocument: photos, laborContract: { mode: 'scanned', materialIds: [scan.body.materialId] } } }, { 'idempotency-key': randomUUID() });
  expect(filed.status).toBe(201);
  return { id: filed.body.application.id, photos, scan: scan.body.materialId, body: filed.body };
}

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else out.push(p);
  }
  return out.sort();
}

const itemsOf = async (id: string) => h.stack.deps.store.items((await h.stack.deps.store.get(id))!);

/** Every ledger entry of the person's 一人一档 (all pages). */
async function personLedger(employee: ApiClient): Promise<{ type: string; title: string; eventId: string; applicationId?: string; data: any }[]> {
  const out: any[] = [];
  let cursor: number | undefined;
  for (;;) {
    const page = await employee.get(`/api/me/archive?part=ledger&limit=50${cursor === undefined ? '' : `&ledgerCursor=${cursor}`}`);
    expect(page.status).toBe(200);
    out.push(...page.body.ledger.entries);
    if (page.body.ledger.nextCursor === undefined) return out;
    cursor = page.body.ledger.nextCursor;
  }
}

describe('a separate consent for ID photos', () => {
  it('is recorded with who gave it, when, and which notice; a refused or missing one stores nothing and takes no photo', async () => {
    const prefix = h.stack.env.KEY_PREFIX;
    const consentKeys = async () => {
      let cursor = '0';
      let n = 0;
      do {
        const [next, keys] = (await h.stack.deps.redis.scan(cursor, { match: `${prefix}consent:*`, count: 50_000 })) as [string | number, string[]];
        cursor = String(next);
        n += keys.length;
      } while (cursor !== '0');
      return n;
    };
    const before = await consentKeys();
    const refused = await hr.post('/api/materials/consent', { kind: 'id_photo', noticeVersion: ID_PHOTO_NOTICE.version, accepted: false });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields[0]).toMatchObject({ path: ['accepted'], message: '需要明确同意' });
    const silent = await hr.post('/api/materials/consent', { kind: 'id_photo', noticeVersion: ID_PHOTO_NOTICE.version });
    expect(silent.status).toBe(422);
    // consent cannot be bundled with another material: it is for ID photos only
    expect((await hr.post('/api/materials/consent', { kind: 'contract_scan', noticeVersion: ID_PHOTO_NOTICE.version, accepted: true })).status).toBe(422);
    expect(await consentKeys()).toBe(before);

    // no consent id at all: refused per field, nothing written to the blob store
    const blobsBefore = await files(h.blobDir);
    const noConsent = await hr.post('/api/materials', { kind: 'id_photo', contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') });
    expect(noConsent.status).toBe(422);
    expect(noConsent.body.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: ['consentId'], message: '请先单独同意身份证件照片的收集与使用' })]));
    expect(await files(h.blobDir)).toEqual(blobsBefore);

    // the record: who (the HR user's WeChat identity), when, which notice, for which enterprise
    const given = await hr.post('/api/materials/consent', { kind: 'id_photo', noticeVersion: ID_PHOTO_NOTICE.version, accepted: true });
    expect(given.status).toBe(200);
    const stored = fieldsToRecord(await h.stack.deps.redis.hgetall(`${prefix}consent:${given.body.consentId}`));
    expect(stored).toEqual({ sub: sessionTokenPayload(hr.token!).sub, uscc: DEMO_USCC, kind: 'id_photo', noticeVersion: ID_PHOTO_NOTICE.version, at: given.body.at });
    expect(Date.parse(stored.at!)).toBeGreaterThan(Date.now() - 60_000);

    // someone else's consent does not cover this user's upload
    const other = await hrOf(h, DEMO_USCC);
    const borrowed = await other.post('/api/materials', { kind: 'id_photo', consentId: given.body.consentId, contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') });
    expect(borrowed.status).toBe(403);

    // the photo taken under it names the consent, in its metadata and in the ledger's upload event
    const up = await hr.post('/api/materials', { kind: 'id_photo', consentId: given.body.consentId, contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') });
    expect(up.status).toBe(201);
    expect((await material(up.body.materialId)).consentId).toBe(given.body.consentId);
    const [entry] = await h.stack.deps.ledger.entries(0, await h.stack.deps.ledger.size()).then((all) => all.filter((e) => e.event.id === `material:${up.body.materialId}`));
    expect(entry?.event.data).toMatchObject({ kind: 'id_photo', consentId: given.body.consentId });
  });
});

describe('ID photos are deleted once all seven items are accepted', () => {
  let hire: Awaited<ReturnType<typeof fileHire>>;
  let employee: ApiClient;
  beforeAll(async () => {
    employee = await employeeOf(h, DEMO_PEOPLE.employeeA);
    hire = await fileHire(DEMO_PEOPLE.employeeA);
  });

  it('deletes the photos from the blob store (not the contract), keeps hash and size, and says so everywhere', async () => {
    expect(hire.photos.every((id) => existsSync(blobFile(id)))).toBe(true);
    // the items reach accepted through the simulators (the physical card keeps being made: accepted, not done)
    await waitFor(() => itemsOf(hire.id), allItemsAccepted, 30_000);
    await waitFor(async () => hire.photos.map((id) => existsSync(blobFile(id))), (exists) => exists.every((e) => !e), 20_000);
    expect(existsSync(blobFile(hire.scan))).toBe(true); // the labor contract is a record the parties keep

    for (const id of hire.photos) {
      const m = await material(id);
      expect(m.deletedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(m.deletedReason).toContain('个人信息保护法');
      expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(Number(m.size)).toBe(JPEG.length);
    }
    expect((await material(hire.scan)).deletedAt).toBeUndefined();

    // the application's materials view: deleted, with the date; the contract unchanged
    const view = await hr.get(`/api/applications/${hire.id}`);
    expect(view.status).toBe(200);
    const parsed = ZApplicationViewSchema.parse(view.body);
    expect(parsed.materials.identityDocument.map((d) => d.deletedAt)).toEqual([expect.any(String), expect.any(String)]);
    expect(parsed.materials.laborContract).toMatchObject({ mode: 'scanned' });
    const photo = await hr.get(`/api/materials/${hire.photos[0]}`);
    expect(photo.status).toBe(404);
    expect(photo.body.error.message).toContain('已按规定删除');
    expect((await fetch(`${h.stack.baseUrl}/api/materials/${hire.scan}`, { headers: { authorization: `Bearer ${hr.token}` } })).status).toBe(200);

    // 一人一档: one ledger entry 材料已删除 with both photos' hashes
    const deleted = (await personLedger(employee)).filter((e) => e.type === 'material.deleted' && e.applicationId === hire.id);
    expect(deleted).toHaveLength(1);
    expect(deleted[0]!.title).toBe('材料已删除');
    expect(deleted[0]!.data.materials.map((m: { materialId: string }) => m.materialId)).toEqual(hire.photos);
    expect(deleted[0]!.data.materials[0].sha256).toBe(hire.body.application.materials.identityDocument[0].sha256);
  });

  it('deletes nothing twice: a redelivered message, a second sweep, afterItems again', async () => {
    const deps = h.stack.deps;
    // other events of the hire (the card being made, notifications) may still arrive: count this one's
    const deletionEntries = async () => (await deps.ledger.entries(0, await deps.ledger.size())).filter((e) => e.event.id === `retention:${hire.id}:id_photo`).length;
    // as if the process had crashed before taking the application out of the set
    await deps.redis.zadd(dueKey(deps), { score: 0, member: hire.id });
    const again = await deleteIdPhotosOf(deps, hire.id);
    expect(again).toMatchObject({ outcome: 'deleted', deleted: 0, alreadyDeleted: 2 });
    const marks = await Promise.all(hire.photos.map((id) => material(id).then((m) => m.deletedAt)));
    await deps.redis.zadd(dueKey(deps), { score: 0, member: hire.id });
    expect(await deletionEntries()).toBe(1);
    const swept = await sweepDueIdPhotos(deps);
    expect(swept.deleted).toBe(0);
    expect(swept.outcomes.find((o) => o.applicationId === hire.id)).toMatchObject({ deleted: 0, alreadyDeleted: 2 });
    expect(await deletionEntries()).toBe(1); // the rebuilt event is the stored one: appended once
    expect(await Promise.all(hire.photos.map((id) => material(id).then((m) => m.deletedAt)))).toEqual(marks); // the first time stays
    // a redelivery through the queue, and the items' follow-up running again, change nothing either
    await deps.queue.publish(RETENTION_TOPIC, { applicationId: hire.id }, { dedupId: `test-redeliver:${hire.id}` });
    const app = (await deps.store.get(hire.id))!;
    expect(await scheduleIdPhotoDeletion(deps, app, await itemsOf(hire.id))).toBe('done');
    expect(await deps.redis.zscore(dueKey(deps), hire.id)).toBeNull();
    await new Promise((r) => setTimeout(r, 500));
    const deleted = (await personLedger(employee)).filter((e) => e.type === 'material.deleted' && e.applicationId === hire.id);
    expect(deleted).toHaveLength(1);
  });
});

describe('an application with an item still pending', () => {
  const person = DEMO_PEOPLE.insuredElsewhere;
  let hire: Awaited<ReturnType<typeof fileHire>>;
  beforeAll(async () => {
    hire = await fileHire(person);
  });

  it('keeps its photos, also when it had been scheduled and was then corrected, until all items are accepted', async () => {
    const deps = h.stack.deps;
    const pension = hire.body.application.items.find((i: { code: string }) => i.code === 'pension_insurance');
    expect(pension.state).toBe('needs_correction'); // 社保参保 asks for a 补正; 社保卡 waits for it
    // let every other item settle
    await waitFor(() => itemsOf(hire.id), (items) => items.filter((i) => i.code !== 'pension_insurance' && i.code !== 'social_security_card').every((i) => i.state === 'done'), 20_000);
    const app = (await deps.store.get(hire.id))!;
    expect(await scheduleIdPhotoDeletion(deps, app, await itemsOf(hire.id))).toBe('not_accepted');
    expect(await deps.redis.zscore(dueKey(deps), hire.id)).toBeNull();
    await sweepDueIdPhotos(deps);
    expect(hire.photos.every((id) => existsSync(blobFile(id)))).toBe(true);

    // scheduled earlier (all had been accepted), then a department asked for a 补正: the photos stay
    await deps.redis.zadd(dueKey(deps), { score: 0, member: hire.id });
    expect(await deleteIdPhotosOf(deps, hire.id)).toMatchObject({ outcome: 'kept_not_accepted', deleted: 0 });
    expect(await deps.redis.zscore(dueKey(deps), hire.id)).toBeNull();
    expect(hire.photos.every((id) => existsSync(blobFile(id)))).toBe(true);
    expect((await material(hire.photos[0]!)).deletedAt).toBeUndefined();

    // the 补正 goes through, every item is accepted: now they are deleted
    h.stack.simulators.hrss.insuredElsewhere.delete(person.documentNumber);
    const fixed = await hr.post(`/api/applications/${hire.id}/items/pension_insurance/correction`, { changes: { insurance: { monthlyContributionWageFen: 610_000 } } });
    expect(fixed.status).toBe(200);
    await waitFor(() => itemsOf(hire.id), allItemsAccepted, 30_000);
    await waitFor(async () => hire.photos.map((id) => existsSync(blobFile(id))), (exists) => exists.every((e) => !e), 20_000);
    expect(existsSync(blobFile(hire.scan))).toBe(true);
  });

  it('leaves other enterprises’ photos and photos not yet filed alone', async () => {
    const other = await hrOf(h, DEMO_ENTERPRISES.buildingMaterials.uscc);
    const unfiled = await consentAndPhoto(other);
    await sweepDueIdPhotos(h.stack.deps);
    expect(existsSync(blobFile(unfiled, DEMO_ENTERPRISES.buildingMaterials.uscc))).toBe(true);
  });
});

describe('a retention of days', () => {
  it('keeps the photos until the retention is over (a controllable clock), then the sweep deletes them', async () => {
    const deps = h.stack.deps;
    const saved = deps.retention;
    deps.retention = { idPhotoDays: 7 };
    try {
      const hire = await fileHire(DEMO_PEOPLE.employeeB);
      await waitFor(() => itemsOf(hire.id), allItemsAccepted, 30_000);
      const due = Number(await waitFor(() => deps.redis.zscore(dueKey(deps), hire.id), (s) => s !== null && s !== undefined));
      expect(due).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
      expect(due).toBeLessThan(Date.now() + 7.1 * 86_400_000);
      expect(await deleteIdPhotosOf(deps, hire.id)).toMatchObject({ outcome: 'not_due', deleted: 0 });
      // a message that arrives early (the queue's delays stop at 6 days) publishes the next hop
      expect(await handleRetentionMessage(deps, { applicationId: hire.id })).toMatchObject({ outcome: 'not_due' });
      expect(await deps.redis.exists(`${h.stack.env.KEY_PREFIX}q:dedup:retention:${hire.id}:${due}:hops-left:2`)).toBe(1);
      await sweepDueIdPhotos(deps);
      expect(hire.photos.every((id) => existsSync(blobFile(id)))).toBe(true);
      // eight days later
      const later = { ...deps, now: () => new Date(Date.now() + 8 * 86_400_000) };
      const swept = await sweepDueIdPhotos(later);
      expect(swept.outcomes.find((o) => o.applicationId === hire.id)).toMatchObject({ outcome: 'deleted', deleted: 2 });
      expect(hire.photos.some((id) => existsSync(blobFile(id)))).toBe(false);
      expect(existsSync(blobFile(hire.scan))).toBe(true);
      expect((await sweepDueIdPhotos(later)).deleted).toBe(0);
    } finally {
      deps.retention = saved;
    }
  });
});
