/**
 * Tampering with a real Redis, caught by the audit (`ledger:verify`): a log
 * of 40 events with a checkpoint after every 10, each cosigned by the
 * witness simulator; then someone with full access to Redis — but without
 * the signing key or the witness — alters an entry, truncates the log,
 * rewrites the tail with every hash recomputed, or drops a checkpoint.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { logger } from '../lib/logger';
import { serveSimulators, type TLoopback } from '../simulators/loopback';
import { createWitnessSimulator, type TWitnessSimulator } from '../simulators/witness';
import { DEFAULT_TEST_REDIS_URL, startTestStore, type TTestStore } from '../storage/testing';
import { checkpointIfGrown, type TLedgerLog } from './checkpoint';
import { toBase64 } from './hash';
import { parseVkey } from './note';
import { LedgerStore } from './store';
import { ledgerEvent, TEST_ORIGIN, TEST_WITNESS_SEED, testLogSigner } from './testing';
import { frontierNodes } from './tree';
import { verifyLedger, type TVerifyReport } from './verify';
import { WitnessClient } from './witness';

const signer = testLogSigner();
let witness: TWitnessSimulator;
let loop: TLoopback;
let s: TTestStore;
let log: TLedgerLog;

beforeAll(async () => {
  logger.configure({ level: 'error', sink: () => undefined });
  witness = createWitnessSimulator({ seed: TEST_WITNESS_SEED, logs: [{ origin: TEST_ORIGIN, vkey: signer.vkey }] });
  loop = await serveSimulators(witness);
});
afterAll(() => loop.close());

beforeEach(async () => {
  witness.reset();
  s = await startTestStore({ backend: 'redis' });
  log = {
    store: new LedgerStore(s.redis, s.prefix),
    origin: TEST_ORIGIN,
    signer,
    verifier: parseVkey(signer.vkey)!,
    witness: { client: new WitnessClient({ baseUrl: loop.baseUrlOf(witness), timeoutMs: 2_000 }), verifier: parseVkey(witness.vkey)! },
  };
  for (let round = 0; round < 4; round++) {
    await log.store.append(Array.from({ length: 10 }, (_, i) => ledgerEvent(round * 10 + i)));
    expect(await checkpointIfGrown({ ledgerLog: log })).toMatchObject({ status: 'signed', witness: { status: 'cosigned' } });
  }
});
afterEach(() => s.close());

const verify = (withWitness = true): Promise<TVerifyReport> =>
  verifyLedger({
    redis: s.redis,
    prefix: s.prefix,
    logVerifier: log.verifier,
    origin: TEST_ORIGIN,
    witness: { verifier: log.witness.verifier, ...(withWitness ? { client: log.witness.client } : {}) },
  });
const codes = (r: TVerifyReport) => [...new Set(r.problems.map((p) => p.code))].sort();

/** Sets the size and frontier of the first `size` leaves, as the store would have them. */
async function cutTo(size: number): Promise<void> {
  const { hashes } = await log.store.readNodes(frontierNodes(size));
  await s.redis.mset({ [log.store.keys.size]: String(size), [log.store.keys.frontier]: hashes.map((h) => toBase64(h!)).join(' ') });
}

describe('ledger:verify against tampering (real Redis)', () => {
  it('finds an untouched ledger intact', async () => {
    const r = await verify();
    expect(r).toMatchObject({ ok: true, size: 40, checkpoints: 4, latestCheckpoint: { seq: 4, size: 40 }, witness: { checked: true, size: 40 }, problems: [] });
    expect(r.summary).toContain('账本完好');
  });

  it('names an altered entry', async () => {
    const key = log.store.keys.entry(13);
    const stored = (await s.redis.get<string>(key))!;
    await s.redis.set(key, stored.replace('"to":"done"', '"to":"rejected"'));
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.firstAlteredIndex).toBe(13);
    expect(r.problems[0]).toMatchObject({ code: 'entry_altered', index: 13, message: '第 13 条记录的内容与存储的叶子哈希不符：记录被改动' });
    expect(codes(r)).toEqual(['checkpoint_root_mismatch', 'entry_altered']);
    expect(r.problems.filter((p) => p.code === 'checkpoint_root_mismatch').map((p) => p.seq)).toEqual([2, 3, 4]);
    expect(r.summary).toContain('第一处被改动的记录：index 13');
  });

  it('names an altered entry even when its leaf hash was recomputed too (from the node above it)', async () => {
    const key = log.store.keys.entry(17);
    const forged = (await s.redis.get<string>(key))!.replace('"to":"done"', '"to":"rejected"');
    await s.redis.set(key, forged);
    const { hashLeaf } = await import('./hash');
    await s.redis.setrange(log.store.keys.nodes(0, 0), 17 * 44, toBase64(hashLeaf(new TextEncoder().encode(forged))));
    const r = await verify();
    expect(r.problems.find((p) => p.code === 'node_mismatch')).toMatchObject({ range: [16, 18] });
    expect(r.alteredRange).toEqual([16, 18]);
    expect(r.summary).toContain('index 16–17 之间');
  });

  it('catches a truncated log, by its checkpoints and, when those are gone too, by the witness', async () => {
    await cutTo(25);
    for (let i = 25; i < 40; i++) await s.redis.del(log.store.keys.entry(i));
    let r = await verify();
    expect(r.firstAlteredIndex).toBe(25);
    expect(r.problems.filter((p) => p.code === 'checkpoint_beyond_log').map((p) => p.message)).toEqual([
      '第 3 个检查点签署了 30 条记录，账本只剩 25 条：账本被截断',
      '第 4 个检查点签署了 40 条记录，账本只剩 25 条：账本被截断',
    ]);
    // the ids of the removed entries are still indexed
    expect(codes(r)).toContain('ids_extra');
    // now remove what would give it away in Redis: the later checkpoints and the ids
    await s.redis.ltrim(log.store.keys.checkpoints, 0, 1);
    await s.redis.hdel(log.store.keys.ids, ...Array.from({ length: 15 }, (_, i) => `evt-${25 + i}`));
    r = await verify();
    expect(codes(r)).toEqual(['witness_ahead']);
    expect(r.problems[0]!.message).toBe('见证方已副署大小为 40 的树，而存储中最新的检查点（第 2 个）只有 20：其后的检查点被删除，账本被截断');
    expect(r.firstAlteredIndex).toBe(25);
  });

  it('catches a rewritten tail with every hash recomputed (without the key): between two checkpoints', async () => {
    // the attacker cuts the log at 23 and appends other events through the very same code
    await cutTo(23);
    for (let i = 23; i < 40; i++) await s.redis.del(log.store.keys.entry(i));
    await s.redis.hdel(log.store.keys.ids, ...Array.from({ length: 17 }, (_, i) => `evt-${23 + i}`));
    await log.store.append(Array.from({ length: 17 }, (_, i) => ledgerEvent(`forged-${23 + i}`)));
    expect(await log.store.size()).toBe(40);
    const r = await verify();
    expect(codes(r)).toEqual(['checkpoint_inconsistent', 'checkpoint_root_mismatch']);
    expect(r.problems.filter((p) => p.code === 'checkpoint_root_mismatch').map((p) => p.seq)).toEqual([3, 4]);
    expect(r.firstAlteredIndex).toBeUndefined();
    expect(r.alteredRange).toEqual([20, 30]);
    expect(r.summary).toContain('index 20–29 之间');
    // and the checkpointer refuses to sign the rewritten tree
    await log.store.append([ledgerEvent('forged-more')]);
    expect(await checkpointIfGrown({ ledgerLog: log })).toMatchObject({ status: 'refused' });
  });

  it('catches a dropped checkpoint: in the middle by the numbering, the latest by the witness', async () => {
    const key = log.store.keys.checkpoints;
    const all = await s.redis.lrange<string>(key, 0, -1);
    await s.redis.del(key);
    await s.redis.rpush(key, all[0]!, all[2]!, all[3]!);
    let r = await verify();
    expect(r.problems.find((p) => p.code === 'checkpoint_gap')).toMatchObject({ seq: 2, message: '第 2 个检查点缺失（编号从 1 跳到 3）：检查点被删除' });
    await s.redis.del(key);
    await s.redis.rpush(key, ...all.slice(0, 3));
    r = await verify();
    expect(codes(r)).toEqual(['witness_ahead']);
    expect(r.problems[0]!.message).toBe('见证方已副署大小为 40 的树，而存储中最新的检查点（第 3 个）只有 30：其后的检查点被删除');
    // without the witness, a dropped latest checkpoint cannot be seen — and the report says so
    r = await verify(false);
    expect(r.ok).toBe(true);
    expect(r.warnings.join()).toContain('未配置见证方');
  });

  it('catches a forged checkpoint signed with another key', async () => {
    const other = testLogSigner('evil.example/ledger');
    const cp = (await log.store.lastCheckpointRecord())!;
    const text = cp.note.slice(0, cp.note.lastIndexOf('\n\n') + 1);
    const { signNote } = await import('./note');
    await s.redis.lset(log.store.keys.checkpoints, 3, signNote(text, { ...other, name: TEST_ORIGIN }));
    const r = await verify();
    expect(r.problems[0]).toMatchObject({ code: 'checkpoint_signature', seq: 4 });
  });

  it('npm run ledger:verify prints the first altered index and exits 1', async () => {
    const key = log.store.keys.entry(7);
    await s.redis.set(key, (await s.redis.get<string>(key))!.replace('测试员工甲', '测试员工乙'));
    const root = path.resolve(__dirname, '..', '..');
    const run = promisify(execFile);
    const { UPSTASH_REDIS_REST_URL: _u, UPSTASH_REDIS_REST_TOKEN: _t, ...inherited } = process.env;
    const env = {
      ...inherited,
      REDIS_URL: process.env.REDIS_URL ?? DEFAULT_TEST_REDIS_URL,
      KEY_PREFIX: s.prefix,
      LEDGER_VKEY: signer.vkey,
      WITNESS_VKEY: witness.vkey,
      WITNESS_API_BASE_URL: loop.baseUrlOf(witness),
    };
    const failed = await run(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'scripts', 'ledger-verify.ts')], { cwd: root, env }).then(
      () => undefined,
      (e: { code: number; stdout: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain('[entry_altered] 第 7 条记录的内容与存储的叶子哈希不符：记录被改动');
    expect(failed?.stdout).toContain('第一处被改动的记录：index 7');
  }, 30_000);
});
