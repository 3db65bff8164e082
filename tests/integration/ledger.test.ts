/**
 * The ledger's public endpoints over the whole stack on a real Redis: the
 * local stack's checkpointer signs within its interval once the log grows
 * and the witness simulator cosigns; a client verifies the checkpoint, an
 * inclusion proof and a consistency proof with nothing but the published
 * keys; bad queries get Chinese messages (never a 500); the cron route
 * wants its secret.
 */
import { fromBase64 } from '../../functions/ledger/hash';
import { leafHash, verifyConsistency, verifyInclusion } from '../../functions/ledger/merkle';
import { openNote, parseCheckpointBody, parseNote, parseVkey, verifyCosignature } from '../../functions/ledger/note';
import { ledgerEvent } from '../../functions/ledger/testing';
import { startHarness, waitFor, type THarness } from './harness';

jest.setTimeout(60_000);

const CRON_SECRET = 'cron-secret-0123456789abcdef';
let h: THarness;
beforeAll(async () => {
  h = await startHarness({ checkpointIntervalMs: 200, overrides: { CRON_SECRET } });
});
afterAll(() => h.close());

const b = (s: string) => fromBase64(s)!;
const get = (path: string) => h.api().get(path);

describe('the ledger over HTTP', () => {
  it('signs a checkpoint within the interval once the log grows, cosigned by the witness', async () => {
    const before = await h.stack.deps.ledger.size();
    await h.stack.deps.ledger.append(Array.from({ length: 12 }, (_, i) => ledgerEvent(`it-${i}`)));
    const res = await waitFor(() => get('/api/ledger/checkpoint'), (r) => r.status === 200 && r.body.checkpoint.size >= before + 12, 10_000, 100);
    const { checkpoint, logKey, witnessKey } = res.body;
    expect(logKey).toBe(h.stack.deps.ledgerLog.signer.vkey);
    expect(witnessKey).toBe(h.stack.simulators.witness.vkey);
    // anyone can check it with the published keys
    const note = openNote(checkpoint.text, parseVkey(logKey)!)!;
    expect(parseCheckpointBody(note.text)).toMatchObject({ origin: 'hire-once.wuhai.gov.cn/ledger', size: checkpoint.size, seq: checkpoint.seq });
    const cosigned = await waitFor(() => get('/api/ledger/checkpoint'), (r) => parseNote(r.body.checkpoint.text)!.signatures.length === 2, 5_000, 100);
    const parsed = parseNote(cosigned.body.checkpoint.text)!;
    expect(verifyCosignature(parsed.text, parsed.signatures, parseVkey(witnessKey)!)).toBeGreaterThan(0);
  });

  it('proves an entry and the log’s growth against the signed checkpoint', async () => {
    const { checkpoint } = (await get('/api/ledger/checkpoint')).body;
    const size: number = checkpoint.size;
    const [entry] = await h.stack.deps.ledger.entries(size - 3, size - 2);
    const proof = await get(`/api/ledger/proof?index=${entry!.index}`);
    expect(proof.status).toBe(200);
    expect(proof.body).toMatchObject({ index: entry!.index, size, rootHashBase64: checkpoint.rootHashBase64, checkpoint: { seq: checkpoint.seq } });
    const data = new Uint8Array(Buffer.from(entry!.entryBase64, 'base64'));
    expect(Buffer.from(leafHash(data)).toString('base64')).toBe(proof.body.leafHashBase64);
    expect(verifyInclusion(data, entry!.index, size, proof.body.proof.map(b), b(checkpoint.rootHashBase64))).toBe(true);

    const c = await get(`/api/ledger/consistency?from=3&to=${size}`);
    expect(c.status).toBe(200);
    expect(verifyConsistency(3, size, b(c.body.fromRootHashBase64), b(checkpoint.rootHashBase64), c.body.proof.map(b))).toBe(true);
    expect((await get(`/api/ledger/proof?index=0&size=2`)).body).toMatchObject({ index: 0, size: 2, proof: [expect.any(String)] });
  });

  it('answers bad queries with 422 and a Chinese message per field, never 500', async () => {
    const size = await h.stack.deps.ledger.size();
    const cases: [string, string, string][] = [
      ['/api/ledger/proof', 'index', '缺少 index（条目序号，从 0 起）'],
      ['/api/ledger/proof?index=abc', 'index', 'index 应为非负整数'],
      ['/api/ledger/proof?index=-1', 'index', 'index 应为非负整数'],
      ['/api/ledger/proof?index=1.5', 'index', 'index 应为非负整数'],
      ['/api/ledger/proof?index=99999999999999999999', 'index', 'index 应为非负整数'],
      ['/api/ledger/proof?index=0&size=x', 'size', 'size 应为非负整数'],
      [`/api/ledger/proof?index=0&size=${size + 5}`, 'size', `不能大于账本当前大小 ${size}`],
      ['/api/ledger/proof?index=5&size=5', 'index', '应小于 size（5）'],
      ['/api/ledger/proof?index=0&size=0', 'index', '大小为 0 的树中没有条目'],
      ['/api/ledger/consistency', 'from', '缺少 from（旧树的大小）'],
      ['/api/ledger/consistency?from=9&to=3', 'from', '不能大于 to（3）'],
      [`/api/ledger/consistency?from=1&to=${size + 1}`, 'to', `不能大于账本当前大小 ${size}`],
      ['/api/ledger/consistency?from=1&to=%FF', 'to', 'to 应为非负整数'],
    ];
    for (const [path, field, message] of cases) {
      const res = await get(path);
      expect([path, res.status, res.body.error?.code, res.body.error?.fields]).toEqual([path, 422, 'VALIDATION_FAILED', [expect.objectContaining({ path: [field], message })]]);
    }
    expect((await h.api().post('/api/ledger/proof?index=0', {})).status).toBe(405);
  });

  it('runs the checkpointer from the cron route only with the secret', async () => {
    expect((await get('/api/ledger/checkpoint/tick')).status).toBe(401);
    expect((await h.api().request('GET', '/api/ledger/checkpoint/tick', undefined, { authorization: 'Bearer wrong-secret-000000000' })).status).toBe(401);
    await h.stack.deps.ledger.append([ledgerEvent('it-cron')]);
    await h.stack.checkpointer.stop(); // the route, not the timer
    const res = await h.api().request('GET', '/api/ledger/checkpoint/tick', undefined, { authorization: `Bearer ${CRON_SECRET}` });
    expect(res.status).toBe(200);
    expect(['signed', 'unchanged']).toContain(res.body.outcome.status);
    expect(res.body.outcome.checkpoint.size).toBe(await h.stack.deps.ledger.size());
  });
});
