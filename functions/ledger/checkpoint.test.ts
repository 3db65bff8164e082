/**
 * The checkpointer on both backends, with the witness simulator over real
 * HTTP: a checkpoint only when the log grew, checked consistent with the
 * last before it is signed, cosigned by the witness (again after it was
 * down, from its own size after it forgot), and alarms instead of a
 * signature when storage was truncated or rewritten or the witness saw
 * another tree.
 */
import { logger } from '../lib/logger';
import { serveSimulators, type TLoopback } from '../simulators/loopback';
import { createWitnessSimulator, type TWitnessSimulator } from '../simulators/witness';
import { startTestStore, type TTestStore } from '../storage/testing';
import { checkpointIfGrown, LedgerCheckpointer, type TLedgerLog } from './checkpoint';
import { toBase64 } from './hash';
import { openNote, parseNote, parseVkey, verifyCosignature } from './note';
import { LedgerStore } from './store';
import { frontierNodes } from './tree';
import { ledgerEvent, TEST_ORIGIN, TEST_WITNESS_SEED, testLogSigner } from './testing';
import { WitnessClient } from './witness';

describe.each(['memory', 'redis'] as const)('checkpointIfGrown on %s', (backend) => {
  let s: TTestStore;
  let witness: TWitnessSimulator;
  let loop: TLoopback;
  let log: TLedgerLog;
  const alarms: string[] = [];
  const tick = () => checkpointIfGrown({ ledgerLog: log });
  let n = 0;
  const T = Date.parse('2026-11-26T02:00:00Z') / 1000;
  const grow = (k: number) => log.store.append(Array.from({ length: k }, () => ledgerEvent(`${backend}-${n++}`)));

  beforeAll(async () => {
    logger.configure({ level: 'warn', sink: (line) => void (line.includes('ledger alarm') && alarms.push(JSON.parse(line).reason)) });
    s = await startTestStore({ backend });
    const signer = testLogSigner();
    witness = createWitnessSimulator({ seed: TEST_WITNESS_SEED, logs: [{ origin: TEST_ORIGIN, vkey: signer.vkey }], now: () => Date.parse('2026-11-26T02:00:00Z') });
    loop = await serveSimulators(witness);
    log = {
      store: new LedgerStore(s.redis, s.prefix),
      origin: TEST_ORIGIN,
      signer,
      verifier: parseVkey(signer.vkey)!,
      witness: { client: new WitnessClient({ baseUrl: loop.baseUrlOf(witness), timeoutMs: 2_000 }), verifier: parseVkey(witness.vkey)! },
    };
  });
  afterAll(async () => {
    await loop.close();
    await s.close();
  });
  beforeEach(() => void alarms.splice(0));

  it('signs nothing for an empty log', async () => {
    expect(await tick()).toEqual({ status: 'empty' });
  });

  it('signs the first checkpoint and has the witness cosign it', async () => {
    await grow(5);
    const out = await tick();
    expect(out).toMatchObject({ status: 'signed', checkpoint: { seq: 1, size: 5, origin: TEST_ORIGIN }, witness: { status: 'cosigned', seq: 1, size: 5, timestamp: T } });
    const latest = (await log.store.latestCheckpoint())!;
    expect(latest).toMatchObject({ size: 5, rootHashBase64: await log.store.rootHash(5) });
    const note = parseNote(latest.text)!;
    expect(note.text).toBe(`${TEST_ORIGIN}\n5\n${latest.rootHashBase64}\nseq 1\n`);
    expect(note.signatures.map((x) => x.name)).toEqual([TEST_ORIGIN, 'witness.sim.hire-once.example/w1']);
    expect(openNote(latest.text, log.verifier)).toBeDefined();
    expect(verifyCosignature(note.text, note.signatures, log.witness.verifier)).toBe(T);
    expect(witness.latest(TEST_ORIGIN)).toMatchObject({ size: 5, rootHash: latest.rootHashBase64 });
  });

  it('signs nothing while the log has not grown', async () => {
    expect(await tick()).toMatchObject({ status: 'unchanged', checkpoint: { seq: 1, size: 5 }, witness: { status: 'already', seq: 1 } });
    expect(await log.store.checkpointCount()).toBe(1);
  });

  it('signs the grown tree, proven consistent from the witness’s size', async () => {
    await grow(7);
    expect(await tick()).toMatchObject({ status: 'signed', checkpoint: { seq: 2, size: 12 }, witness: { status: 'cosigned', seq: 2 } });
    expect(witness.latest(TEST_ORIGIN)).toMatchObject({ size: 12 });
    expect(witness.stats()).toMatchObject({ cosigned: 2, conflicts: 0, refused: 0 });
  });

  it('signs while the witness is down, and has it cosigned on the next run', async () => {
    witness.switches.down = true;
    await grow(3);
    expect(await tick()).toMatchObject({ status: 'signed', checkpoint: { seq: 3, size: 15 }, witness: { status: 'unavailable' } });
    expect(await tick()).toMatchObject({ status: 'unchanged', witness: { status: 'unavailable' } });
    witness.switches.down = false;
    expect(await tick()).toMatchObject({ status: 'unchanged', checkpoint: { seq: 3 }, witness: { status: 'cosigned', seq: 3, size: 15 } });
    expect((await log.store.latestCheckpoint())!.text.split('\n— ')).toHaveLength(3);
  });

  it('starts again from the witness’s own size when it forgot the log (409 with its size)', async () => {
    witness.reset();
    await grow(2);
    expect(await tick()).toMatchObject({ status: 'signed', checkpoint: { seq: 4, size: 17 }, witness: { status: 'cosigned', seq: 4 } });
    expect(witness.stats()).toMatchObject({ conflicts: 1, cosigned: 1 });
    expect(alarms).toEqual([]);
  });

  it('signs only once when two instances race', async () => {
    await grow(1);
    const outs = await Promise.all([tick(), tick(), tick()]);
    expect(outs.filter((o) => o.status === 'signed')).toHaveLength(1);
    expect(outs.every((o) => ['signed', 'raced', 'unchanged'].includes(o.status))).toBe(true); // the same tree gives the same note
    expect(await log.store.checkpointCount()).toBe(5);
  });

  it('raises an alarm when the witness has cosigned a larger tree (our log was rolled back)', async () => {
    const cp = witness.latest(TEST_ORIGIN)!;
    await fetch(`${loop.baseUrlOf(witness)}/_dev/checkpoints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ origin: TEST_ORIGIN, size: 1000, rootHash: cp.rootHash }) });
    await grow(1);
    expect(await tick()).toMatchObject({ status: 'signed', checkpoint: { seq: 6 }, witness: { status: 'refused', reason: expect.stringContaining('大小为 1000') } });
    expect(alarms).toHaveLength(1);
  });

  it('raises an alarm when the witness holds another tree at our size (a fork: 422)', async () => {
    const size = await log.store.size();
    await fetch(`${loop.baseUrlOf(witness)}/_dev/checkpoints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ origin: TEST_ORIGIN, size: size - 1, rootHash: toBase64(new Uint8Array(32)) }) });
    await grow(1);
    const out = await tick();
    expect(out).toMatchObject({ status: 'signed', witness: { status: 'refused' } });
    expect(alarms.join()).toMatch(/分叉/);
  });

  it('refuses to sign when storage was truncated, rewritten, or the last checkpoint altered', async () => {
    const keys = log.store.keys;
    const size = await log.store.size();
    const head = await log.store.head();
    const restore = () => s.redis.mset({ [keys.size]: String(size), [keys.frontier]: head.frontier.map(toBase64).join(' ') });
    // truncated: the size and frontier of a smaller tree (consistent in itself, but smaller than signed)
    const smaller = await log.store.readNodes(frontierNodes(size - 1));
    await s.redis.mset({ [keys.size]: String(size - 1), [keys.frontier]: smaller.hashes.map((h) => toBase64(h!)).join(' ') });
    expect(await tick()).toMatchObject({ status: 'refused', reason: expect.stringContaining('截断') });
    // rewritten at the same size: another root
    await s.redis.mset({ [keys.size]: String(size), [keys.frontier]: [...head.frontier.slice(0, -1), new Uint8Array(32)].map(toBase64).join(' ') });
    expect(await tick()).toMatchObject({ status: 'refused', reason: expect.stringContaining('改写') });
    await restore();
    // grown, but a signed leaf's stored hash was changed: the new tree does not extend the signed one
    await grow(1);
    const top = frontierNodes(size)[0]!; // the old tree's largest subtree: in the proof, or the old root itself
    const at = (top.index % 1024) * 44;
    const saved = await s.redis.getrange(keys.nodes(top.level, Math.floor(top.index / 1024)), at, at + 43);
    await s.redis.setrange(keys.nodes(top.level, Math.floor(top.index / 1024)), at, toBase64(new Uint8Array(32).fill(9)));
    expect(await tick()).toMatchObject({ status: 'refused' });
    await s.redis.setrange(keys.nodes(top.level, Math.floor(top.index / 1024)), at, saved);
    // an altered checkpoint note: its signature no longer verifies
    const cp = (await log.store.lastCheckpointRecord())!;
    await s.redis.lset(keys.checkpoints, cp.seq - 1, cp.note.replace(`\n${size}\n`, `\n${size + 1}\n`));
    expect(await tick()).toMatchObject({ status: 'refused', reason: expect.stringContaining('签名或格式无效') });
    await s.redis.lset(keys.checkpoints, cp.seq - 1, cp.note);
    expect(alarms).toHaveLength(4);
    expect((await tick()).status).toBe('signed');
  });

  it('runs on a timer, one run at a time, and stops', async () => {
    const timer = new LedgerCheckpointer({ ledgerLog: log });
    await grow(2);
    timer.start(20);
    const until = Date.now() + 3_000;
    while ((await log.store.checkpointCount()) < 9 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await timer.stop();
    expect(await log.store.checkpointCount()).toBe(9);
    expect((await timer.tick())?.status).toBe('unchanged');
  });
});
