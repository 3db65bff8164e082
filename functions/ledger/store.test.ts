/**
 * The ledger store's Lua scripts on both backends (the embedded ioredis-mock
 * and a real Redis), through the real @upstash/redis client and our gateway:
 * appends are atomic, idempotent by event id, never read the leaves, and
 * give exactly merkle.ts's roots and proofs; checkpoints are stored in order.
 */
import { AppError } from '../../domain';
import { startTestStore, type TTestStore } from '../storage/testing';
import { toBase64 } from './hash';
import { consistencyProof, inclusionProof, rootHash, verifyInclusion } from './merkle';
import { canonicalEntry, type TLedgerEvent } from './port';
import { LedgerRangeError, LedgerStore, MAX_BATCH_EVENTS, NODE_CHUNK, nodeRuns } from './store';
import { appendLeaves } from './tree';
import { hashLeaf } from './hash';
import { ledgerEvent } from './testing';

const b64 = (list: Uint8Array[]) => list.map(toBase64);

describe.each(['memory', 'redis'] as const)('LedgerStore on %s', (backend) => {
  let s: TTestStore;
  let ledger: LedgerStore;
  const appended: TLedgerEvent[] = [];
  const bytes = () => appended.map(canonicalEntry);

  beforeAll(async () => {
    s = await startTestStore({ backend });
    ledger = new LedgerStore(s.redis, s.prefix);
  });
  afterAll(() => s.close());

  it('starts empty: size 0, the empty root, no checkpoint', async () => {
    expect(await ledger.size()).toBe(0);
    expect(toBase64((await ledger.head()).rootHash)).toBe(toBase64(rootHash([])));
    expect(await ledger.rootHash(0)).toBe(toBase64(rootHash([])));
    expect(await ledger.latestCheckpoint()).toBeUndefined();
    expect(await ledger.entries(0, 10)).toEqual([]);
  });

  it('appends in order and stores exactly the canonical bytes it hashes', async () => {
    const batch = [1, 2, 3].map((n) => ledgerEvent(n));
    expect(await ledger.append(batch)).toEqual([
      { id: 'evt-1', index: 0, added: true },
      { id: 'evt-2', index: 1, added: true },
      { id: 'evt-3', index: 2, added: true },
    ]);
    appended.push(...batch);
    const stored = await ledger.entries(0, 3);
    expect(stored.map((e) => e.entryBase64)).toEqual(bytes().map((b) => Buffer.from(b).toString('base64')));
    expect(stored[0]!.event).toEqual(batch[0]);
    expect(await ledger.entries(1, 99)).toHaveLength(2);
    expect(toBase64((await ledger.head()).rootHash)).toBe(toBase64(rootHash(bytes())));
  });

  it('is idempotent by event id: within a batch, across batches, and for concurrent appends', async () => {
    const again = await ledger.append([ledgerEvent(2), ledgerEvent(4), ledgerEvent(4), ledgerEvent(1)]);
    expect(again).toEqual([
      { id: 'evt-2', index: 1, added: false },
      { id: 'evt-4', index: 3, added: true },
      { id: 'evt-4', index: 3, added: false },
      { id: 'evt-1', index: 0, added: false },
    ]);
    appended.push(ledgerEvent(4));
    // five instances (processes) racing with overlapping ids: each id lands once, the indexes are contiguous
    const racing = await Promise.all([0, 1, 2, 3, 4].map((w) => new LedgerStore(s.redis, s.prefix).append([ledgerEvent(10 + w), ledgerEvent(20), ledgerEvent(30 + w), ledgerEvent(21)])));
    const byId = new Map<string, number>();
    for (const r of racing.flat()) {
      if (byId.has(r.id)) expect(byId.get(r.id)).toBe(r.index);
      byId.set(r.id, r.index);
    }
    expect(racing.flat().filter((r) => r.added)).toHaveLength(12);
    expect([...new Set(byId.values())].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => 4 + i));
    expect(await ledger.size()).toBe(16);
    const stored = await ledger.entries(4, 16);
    expect(stored.map((e) => byId.get(e.event.id))).toEqual(stored.map((e) => e.index));
    appended.push(...stored.map((e) => e.event));
    expect(toBase64((await ledger.head()).rootHash)).toBe(toBase64(rootHash(bytes())));
  });

  it('commits concurrent appends of one process together, each caller getting its own results', async () => {
    const n0 = await ledger.size();
    s.gateway.resetStats();
    const calls = await Promise.all([50, 51, 52, 53].map((k) => ledger.append([ledgerEvent(k), ledgerEvent(k + 100)])));
    expect(calls.map((r) => r.map((x) => x.id))).toEqual([50, 51, 52, 53].map((k) => [`evt-${k}`, `evt-${k + 100}`]));
    expect(calls.flat().map((r) => r.index)).toEqual(Array.from({ length: 8 }, (_, i) => n0 + i));
    expect(s.gateway.stats.byCommand.EVALSHA ?? 0).toBeLessThanOrEqual(2); // the first call alone, then the three waiting ones together
    appended.push(...[50, 51, 52, 53].flatMap((k) => [ledgerEvent(k), ledgerEvent(k + 100)]));
    expect(await ledger.append([])).toEqual([]);
  });

  it('costs two round trips per append, whatever the log’s size (no leaf is read)', async () => {
    await ledger.append([ledgerEvent(40)]); // the script is now cached
    appended.push(ledgerEvent(40));
    s.gateway.resetStats();
    await ledger.append([ledgerEvent(41), ledgerEvent(42)]);
    appended.push(ledgerEvent(41), ledgerEvent(42));
    expect(s.gateway.stats.requests).toBe(2);
    expect(s.gateway.stats.byCommand).toMatchObject({ MGET: 1, HMGET: 1, EVALSHA: 1 });
  });

  it('gives merkle.ts’s roots, inclusion and consistency proofs for every size, from stored nodes', async () => {
    const all = bytes();
    const n = all.length;
    for (const size of [...Array.from({ length: 16 }, (_, i) => i + 1), n - 1, n]) {
      const leaves = all.slice(0, size);
      expect(await ledger.rootHash(size)).toBe(toBase64(rootHash(leaves)));
      const proofs = await Promise.all(leaves.map((_, i) => ledger.inclusionProof(i, size)));
      expect(proofs).toEqual(leaves.map((_, i) => b64(inclusionProof(leaves, i))));
      const consistency = await Promise.all(Array.from({ length: size + 1 }, (_, old) => ledger.consistencyProof(old, size)));
      expect(consistency).toEqual(Array.from({ length: size + 1 }, (_, old) => b64(consistencyProof(leaves, old))));
    }
    const one = await ledger.inclusion(3, n);
    expect(verifyInclusion(all[3]!, 3, n, one.proof.map((p) => new Uint8Array(Buffer.from(p, 'base64'))), new Uint8Array(Buffer.from(one.rootHash, 'base64')))).toBe(true);
    expect(one.leafHash).toBe(toBase64(hashLeaf(all[3]!)));
    const c = await ledger.consistency(5, n);
    expect([c.fromRoot, c.toRoot]).toEqual([toBase64(rootHash(all.slice(0, 5))), toBase64(rootHash(all))]);
  }, 30_000);

  it('refuses sizes and indexes outside the log', async () => {
    const n = await ledger.size();
    await expect(ledger.inclusionProof(0, n + 1)).rejects.toBeInstanceOf(LedgerRangeError);
    await expect(ledger.inclusionProof(n, n)).rejects.toBeInstanceOf(LedgerRangeError);
    await expect(ledger.inclusionProof(-1, n)).rejects.toBeInstanceOf(LedgerRangeError);
    await expect(ledger.consistencyProof(3, 2)).rejects.toBeInstanceOf(LedgerRangeError);
    await expect(ledger.rootHash(n + 1)).rejects.toBeInstanceOf(LedgerRangeError);
    await expect(ledger.entries(3, 2)).rejects.toBeInstanceOf(LedgerRangeError);
  });

  it('refuses malformed events before writing anything', async () => {
    const n = await ledger.size();
    const bad = { ...ledgerEvent(99), type: 'Not A Type' };
    await expect(ledger.append([ledgerEvent(98), bad])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(ledger.append([{ ...ledgerEvent(97), extra: 1 } as never])).rejects.toBeInstanceOf(AppError);
    await expect(ledger.append([ledgerEvent(96, { data: { blob: 'x'.repeat(70_000) } })])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await ledger.size()).toBe(n);
  });

  it('splits a long append into batches of at most 1,000 events, in order', async () => {
    const many = Array.from({ length: MAX_BATCH_EVENTS + 50 }, (_, i) => ledgerEvent(`bulk-${i}`, { data: { i } }));
    s.gateway.resetStats();
    const r = await ledger.append(many);
    expect(s.gateway.stats.byCommand.EVALSHA).toBe(2);
    const n0 = appended.length;
    expect(r.map((x) => x.index)).toEqual(many.map((_, i) => n0 + i));
    appended.push(...many);
    const all = bytes();
    expect(await ledger.rootHash(all.length)).toBe(toBase64(rootHash(all)));
    expect(await ledger.inclusionProof(1000, all.length)).toEqual(b64(inclusionProof(all, 1000)));
  }, 30_000);

  it('stores checkpoints in order and their cosignatures after them', async () => {
    const note = (seq: number, size: number) => `${'example.org/log'}\n${size}\n${toBase64(rootHash(bytes().slice(0, size)))}\nseq ${seq}\n\n— example.org/log AAAAAAAA\n`;
    expect(await ledger.addCheckpoint(2, note(2, 5))).toBe(false);
    expect(await ledger.addCheckpoint(1, note(1, 5))).toBe(true);
    expect(await ledger.addCheckpoint(1, note(1, 6))).toBe(false);
    expect(await ledger.addCheckpoint(2, note(2, 9))).toBe(true);
    expect(await ledger.latestCheckpoint()).toMatchObject({ origin: 'example.org/log', size: 9, text: note(2, 9) });
    await ledger.recordCosignatures(2, 9, ['— witness.example/w1 BBBBBBBB']);
    await ledger.recordCosignatures(1, 5, ['— witness.example/w1 CCCCCCCC']);
    expect((await ledger.latestCheckpoint())!.text).toBe(`${note(2, 9)}— witness.example/w1 BBBBBBBB\n`);
    expect(await ledger.witnessState()).toEqual({ seq: 2, size: 9 }); // never moves back
    expect(await ledger.checkpointRecords()).toEqual([
      { seq: 1, note: note(1, 5), cosignatures: '— witness.example/w1 CCCCCCCC\n' },
      { seq: 2, note: note(2, 9), cosignatures: '— witness.example/w1 BBBBBBBB\n' },
    ]);
    expect((await ledger.lastCheckpointRecord())?.seq).toBe(2);
  });
});

describe('node runs', () => {
  it('writes each level’s new nodes as contiguous runs, split at chunk boundaries', () => {
    const leaves = Array.from({ length: NODE_CHUNK + 3 }, (_, i) => hashLeaf(new TextEncoder().encode(String(i))));
    const first = appendLeaves(0, [], leaves.slice(0, NODE_CHUNK - 2));
    const next = appendLeaves(first.size, first.frontier, leaves.slice(NODE_CHUNK - 2));
    const runs = nodeRuns(next.completed);
    expect(runs.filter((r) => r.level === 0).map((r) => [r.chunk, r.offset, r.text.length / 44])).toEqual([
      [0, (NODE_CHUNK - 2) * 44, 2],
      [1, 0, 3],
    ]);
    expect(runs.every((r) => r.text.length % 44 === 0)).toBe(true);
  });
});
