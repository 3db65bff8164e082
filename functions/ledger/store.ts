/**
 * The ledger in Redis: an append-only RFC 6962 Merkle log (TLedgerPort),
 * with its signed checkpoints.
 *
 * Appending never reads the leaves. The store keeps the frontier (the
 * perfect subtrees on the tree's right border, one per 1-bit of the size)
 * beside the size; an append reads both and the ids it is given (one round
 * trip), computes in Node the new leaf hashes, the nodes the new leaves
 * complete and the new frontier (hashing stays out of Lua: the embedded
 * backend's Lua has no SHA-256), and writes everything with one Lua script
 * (APPEND_LUA) that first checks that the size is still the one read and
 * that no id is present — optimistic concurrency: on a conflict the append
 * is computed again from a fresh read. Appending an id already in the log
 * stores nothing and answers its index.
 *
 * Stored (keys in functions/storage/STORAGE.md, under `ledger:`):
 * - the entry bytes of each index (`canonicalEntry(event)`, UTF-8 JSON): the
 *   bytes hashed are exactly the bytes stored;
 * - every completed node (level, index) — level 0 is the leaf hashes — as
 *   44-character base64 at a fixed offset in a string per (level, 1,024
 *   nodes): appends write them with SETRANGE (idempotent), proofs read the
 *   O(log n) nodes they need with one script (READ_NODES_LUA), `ledger:verify`
 *   reads whole chunks;
 * - id → index, the size, the frontier;
 * - the signed checkpoints in order, the witness's cosignatures of them.
 *
 * Whoever controls Redis can rewrite all of this consistently; what they
 * cannot do is sign a checkpoint (the key is only in the environment) or
 * change what the witness cosigned — see README.md.
 */
import type { Redis } from '@upstash/redis';
import { z } from 'zod';
import { AppError, parseWithIssues } from '../../domain';
import { keyspace } from '../storage/keys';
import { fromBase64, hashLeaf, toBase64 } from './hash';
import { parseCheckpointBody, parseNote } from './note';
import { canonicalEntry, type TAppended, type TCheckpoint, type TLedgerEvent, type TLedgerPort, type TStoredEntry } from './port';
import { appendLeaves, consistencyRanges, foldRange, frontierLevels, inclusionRanges, rangeNodes, type TNode, type TNodeId, type TRange } from './tree';

/** Nodes per chunk string, and each node's width there (base64 of 32 bytes). */
export const NODE_CHUNK = 1024;
export const NODE_WIDTH = 44;
const MISSING_NODE = '-'.repeat(NODE_WIDTH);
/** One Lua call takes at most this many events and entry bytes; a longer append is several calls, in order. */
export const MAX_BATCH_EVENTS = 1000;
export const MAX_BATCH_BYTES = 512 * 1024;
export const MAX_ENTRY_BYTES = 64 * 1024;
/**
 * How deep an event's `data` may nest. Events are small records our own code builds (a few levels);
 * the bound keeps canonicalEntry's recursion (and JSON.stringify's) from overflowing the stack on a
 * crafted message — that was a 500 the queue would retry forever; now a 422.
 */
export const MAX_DATA_DEPTH = 32;

/** The nesting depth of a JSON value (a scalar is 0), counted without recursion, stopping past `limit`. */
export function nestingDepth(value: unknown, limit = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) max = depth + 1;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return max;
}
/** Attempts of one batch against other processes' appends (each round, one of them wins). */
const MAX_ATTEMPTS = 40;

/**
 * Appends a batch. KEYS: size, frontier, ids, then the n entry keys, then one
 * node chunk key per contiguous run of new nodes. ARGV: expected size, new
 * size, new frontier, n, then per entry its id, index and bytes, then per
 * chunk key its byte offset and the run's base64 text. Answers 'OK', or
 * 'CONFLICT' (the size moved, or an id is present: read again).
 */
export const APPEND_LUA = `
local current = redis.call('GET', KEYS[1])
if not current then current = '0' end
if current ~= ARGV[1] then return 'CONFLICT' end
local n = tonumber(ARGV[4])
for i = 1, n do
  if redis.call('HEXISTS', KEYS[3], ARGV[2 + 3 * i]) == 1 then return 'CONFLICT' end
end
for i = 1, n do
  redis.call('SET', KEYS[3 + i], ARGV[4 + 3 * i])
  redis.call('HSET', KEYS[3], ARGV[2 + 3 * i], ARGV[3 + 3 * i])
end
local a = 5 + 3 * n
for k = 4 + n, #KEYS do
  redis.call('SETRANGE', KEYS[k], tonumber(ARGV[a]), ARGV[a + 1])
  a = a + 2
end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SET', KEYS[1], ARGV[2])
return 'OK'
`;

/**
 * Reads the size and nodes atomically. KEYS: size, then one chunk key per
 * node; ARGV: each node's byte offset. Answers `<size> <node><node>…`, each
 * node 44 characters ('-' × 44 when absent). GETRANGE past a string's end
 * is '' in Redis but nil in ioredis-mock, hence the type check; LLEN's
 * integer prints as '2.0' through tostring() in the mock, hence %d below.
 */
export const READ_NODES_LUA = `
local out = {}
out[1] = redis.call('GET', KEYS[1]) or '0'
out[2] = ' '
for i = 2, #KEYS do
  local v = ''
  if redis.call('EXISTS', KEYS[i]) == 1 then
    local off = tonumber(ARGV[i - 1])
    v = redis.call('GETRANGE', KEYS[i], off, off + ${NODE_WIDTH - 1})
  end
  if type(v) == 'string' and string.len(v) == ${NODE_WIDTH} then out[i + 1] = v else out[i + 1] = '${MISSING_NODE}' end
end
return table.concat(out)
`;

/** Stores checkpoint number ARGV[1] (the list's length must be ARGV[1] − 1). Answers 'OK' or 'CONFLICT'. */
export const ADD_CHECKPOINT_LUA = `
if redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[1]) - 1 then return 'CONFLICT' end
redis.call('RPUSH', KEYS[1], ARGV[2])
return 'OK'
`;

/** The latest checkpoint with its witness cosignature lines appended (a valid note), or ''. */
export const LATEST_CHECKPOINT_LUA = `
local n = redis.call('LLEN', KEYS[1])
if n == 0 then return '' end
local note = redis.call('LINDEX', KEYS[1], -1)
local cosig = redis.call('HGET', KEYS[2], string.format('%d', n))
if cosig then return note .. cosig end
return note
`;

/** Records the witness's cosignature of checkpoint ARGV[1] (size ARGV[2]); the witness state moves forward only. */
export const RECORD_COSIGNATURE_LUA = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
local cur = redis.call('GET', KEYS[2])
if cur then
  local seq = tonumber(string.match(cur, '^(%d+)'))
  if seq and seq >= tonumber(ARGV[1]) then return 'OK' end
end
redis.call('SET', KEYS[2], ARGV[1] .. ' ' .. ARGV[2])
return 'OK'
`;

export function ledgerKeys(prefix: string) {
  const key = keyspace(prefix);
  return {
    size: key('ledger', 'size'),
    frontier: key('ledger', 'frontier'),
    ids: key('ledger', 'ids'),
    entry: (index: number) => key('ledger', 'entry', index),
    /** Node chunk: nodes [chunk·1024, (chunk+1)·1024) of a level. */
    nodes: (level: number, chunk: number) => key('ledger', 'h', level, chunk),
    checkpoints: key('ledger', 'cp'),
    cosignatures: key('ledger', 'cp', 'cosig'),
    witness: key('ledger', 'witness'),
  };
}
export type TLedgerKeys = ReturnType<typeof ledgerKeys>;

const ZSubjectSchema = z.strictObject({
  uscc: z.string().min(1).max(32).optional(),
  personIdHmac: z.string().min(1).max(128).optional(),
  applicationId: z.string().min(1).max(64).optional(),
});

/** A business event as the ledger accepts it (TLedgerEvent). */
export const ZLedgerEventSchema = z.strictObject({
  id: z.string().min(1).max(256).regex(/^[^\u0000-\u001f\u007f]+$/, { error: '事件编号不能包含控制字符' }),
  type: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, { error: '事件类型应为小写字母、数字、. _ -，如 item.transition' }),
  at: z.iso.datetime({ offset: true, error: '应为 ISO 8601 时间' }),
  actor: z.string().min(1).max(128),
  subject: ZSubjectSchema,
  data: z.record(z.string(), z.unknown()).refine((d) => nestingDepth(d, MAX_DATA_DEPTH) <= MAX_DATA_DEPTH, { error: `事件数据嵌套超过${MAX_DATA_DEPTH}层` }),
});

/** The tree's state: its size, frontier (largest subtree first) and root. */
export interface THead {
  size: number;
  frontier: Uint8Array[];
  rootHash: Uint8Array;
}

/** A checkpoint as stored: its number, the log-signed note, and the witness's cosignature lines (with newlines), if any. */
export interface TCheckpointRecord {
  seq: number;
  note: string;
  cosignatures?: string;
}

/** Stored data that does not hold together (a node or entry missing or unreadable): the store was damaged or tampered with. */
export class LedgerCorruptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerCorruptError';
  }
}

/** A size or index outside the log as it is now. */
export class LedgerRangeError extends RangeError {
  constructor(
    message: string,
    readonly size: number,
  ) {
    super(message);
    this.name = 'LedgerRangeError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** An event validated and encoded: its canonical bytes and their text. */
interface TPrepared {
  id: string;
  bytes: Uint8Array;
  text: string;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function parseFrontier(size: number, text: string | null): Uint8Array[] {
  const parts = text ? text.split(' ') : [];
  const nodes = parts.map((p) => fromBase64(p));
  if (nodes.length !== frontierLevels(size).length || nodes.some((n) => !n)) throw new LedgerCorruptError(`账本边界节点（frontier）与大小 ${size} 不符`);
  return nodes as Uint8Array[];
}

function parseSize(text: string | null): number {
  const size = Number(text ?? '0');
  if (!Number.isSafeInteger(size) || size < 0) throw new LedgerCorruptError(`账本大小无法解析：${String(text).slice(0, 40)}`);
  return size;
}

export class LedgerStore implements TLedgerPort {
  readonly keys: TLedgerKeys;
  private readonly appendScript;
  private readonly readNodesScript;
  private readonly addCheckpointScript;
  private readonly latestScript;
  private readonly cosignScript;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = ledgerKeys(prefix);
    this.appendScript = redis.createScript<string>(APPEND_LUA);
    this.readNodesScript = redis.createScript<string>(READ_NODES_LUA);
    this.addCheckpointScript = redis.createScript<string>(ADD_CHECKPOINT_LUA);
    this.latestScript = redis.createScript<string>(LATEST_CHECKPOINT_LUA);
    this.cosignScript = redis.createScript<string>(RECORD_COSIGNATURE_LUA);
  }

  // ── appending ──────────────────────────────────────────────────────────────

  /**
   * Appends the events in order, idempotently by id: an id already in the log
   * (or earlier in the same call) is stored once and answers its index with
   * `added: false`. One Lua call per batch (≤ 1,000 events, ≤ 512 KB); a
   * longer list is several batches, each atomic, in order. Appends made
   * concurrently through this store are committed together (group commit:
   * the calls waiting while one is in flight share the next Lua call), so
   * writers in one process do not contend; several processes contend
   * optimistically (compare the size, recompute, retry).
   */
  async append(events: TLedgerEvent[]): Promise<TAppended[]> {
    const entries = events.map((event, i) => {
      const parsed = parseWithIssues(ZLedgerEventSchema, event);
      if (!parsed.success) throw new AppError('VALIDATION_FAILED', { message: '账本事件格式不正确', issues: parsed.issues.map((x) => ({ ...x, path: [i, ...x.path] })) });
      const bytes = canonicalEntry(event);
      if (bytes.length > MAX_ENTRY_BYTES) throw new AppError('VALIDATION_FAILED', { message: `账本事件过大（${bytes.length} 字节，上限 ${MAX_ENTRY_BYTES}）` });
      return { id: event.id, bytes, text: utf8.decode(bytes) };
    });
    if (entries.length === 0) return [];
    return new Promise<TAppended[]>((resolve, reject) => {
      this.waiting.push({ entries, bytes: entries.reduce((n, e) => n + e.bytes.length, 0), resolve, reject });
      void this.commit();
    });
  }

  private readonly waiting: { entries: TPrepared[]; bytes: number; resolve: (r: TAppended[]) => void; reject: (e: unknown) => void }[] = [];
  private committing = false;

  /** Commits the waiting appends, as many per Lua call as fit a batch, until none waits. */
  private async commit(): Promise<void> {
    if (this.committing) return;
    this.committing = true;
    try {
      while (this.waiting.length > 0) {
        const group = [this.waiting.shift()!];
        let count = group[0]!.entries.length;
        let bytes = group[0]!.bytes;
        while (this.waiting.length > 0 && count + this.waiting[0]!.entries.length <= MAX_BATCH_EVENTS && bytes + this.waiting[0]!.bytes <= MAX_BATCH_BYTES) {
          const next = this.waiting.shift()!;
          group.push(next);
          count += next.entries.length;
          bytes += next.bytes;
        }
        try {
          const results = await this.appendInBatches(group.flatMap((g) => g.entries));
          let at = 0;
          for (const g of group) {
            g.resolve(results.slice(at, at + g.entries.length));
            at += g.entries.length;
          }
        } catch (error) {
          for (const g of group) g.reject(error);
        }
      }
    } finally {
      this.committing = false;
    }
  }

  private async appendInBatches(entries: TPrepared[]): Promise<TAppended[]> {
    const results: TAppended[] = [];
    let batch: TPrepared[] = [];
    let bytes = 0;
    for (const e of entries) {
      if (batch.length > 0 && (batch.length >= MAX_BATCH_EVENTS || bytes + e.bytes.length > MAX_BATCH_BYTES)) {
        results.push(...(await this.appendBatch(batch)));
        batch = [];
        bytes = 0;
      }
      batch.push(e);
      bytes += e.bytes.length;
    }
    if (batch.length > 0) results.push(...(await this.appendBatch(batch)));
    return results;
  }

  private async appendBatch(batch: TPrepared[]): Promise<TAppended[]> {
    const ids = [...new Set(batch.map((e) => e.id))];
    for (let attempt = 0; ; attempt++) {
      const [[sizeText, frontierText], known] = await Promise.all([
        this.redis.mget<(string | null)[]>(this.keys.size, this.keys.frontier),
        this.redis.hmget(this.keys.ids, ...ids) as unknown as Promise<(string | null)[] | Record<string, string | null> | null>,
      ]);
      const size = parseSize(sizeText ?? null);
      const frontier = parseFrontier(size, frontierText ?? null);
      const present = new Map<string, number>();
      ids.forEach((id, i) => {
        const v = Array.isArray(known) ? known[i] : known?.[id];
        if (v !== null && v !== undefined) present.set(id, Number(v));
      });
      // the new entries: first occurrence of each id not yet in the log
      const fresh: typeof batch = [];
      const assigned = new Map<string, number>(present);
      for (const e of batch) {
        if (assigned.has(e.id)) continue;
        assigned.set(e.id, size + fresh.length);
        fresh.push(e);
      }
      const seen = new Set<string>();
      const results = batch.map((e) => {
        const added = !present.has(e.id) && !seen.has(e.id);
        seen.add(e.id);
        return { id: e.id, index: assigned.get(e.id)!, added };
      });
      if (fresh.length === 0) return results;

      const grown = appendLeaves(size, frontier, fresh.map((e) => hashLeaf(e.bytes)));
      const keys = [this.keys.size, this.keys.frontier, this.keys.ids, ...fresh.map((_, i) => this.keys.entry(size + i))];
      const args: string[] = [String(size), String(grown.size), grown.frontier.map(toBase64).join(' '), String(fresh.length)];
      fresh.forEach((e, i) => args.push(e.id, String(size + i), e.text));
      for (const run of nodeRuns(grown.completed)) {
        keys.push(this.keys.nodes(run.level, run.chunk));
        args.push(String(run.offset), run.text);
      }
      const reply = await this.appendScript.exec(keys, args);
      if (reply === 'OK') return results;
      if (attempt + 1 >= MAX_ATTEMPTS) throw new AppError('STORAGE_UNAVAILABLE', { message: '账本写入繁忙，请稍后重试', retryAfterSeconds: 1 });
      await sleep(Math.min(100, 2 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }

  // ── reading ────────────────────────────────────────────────────────────────

  async size(): Promise<number> {
    return parseSize(await this.redis.get<string>(this.keys.size));
  }

  /** Size, frontier and root, read together. */
  async head(): Promise<THead> {
    const [sizeText, frontierText] = await this.redis.mget<(string | null)[]>(this.keys.size, this.keys.frontier);
    const size = parseSize(sizeText ?? null);
    const frontier = parseFrontier(size, frontierText ?? null);
    return { size, frontier, rootHash: foldRange(frontier) };
  }

  /** Entries [from, to) in order; a `to` beyond the size reads up to the size. */
  async entries(from: number, to: number): Promise<TStoredEntry[]> {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from > to) throw new LedgerRangeError(`条目范围 [${from}, ${to}) 不正确`, -1);
    const out: TStoredEntry[] = [];
    for (let lo = from; lo < to; lo += 500) {
      const hi = Math.min(to, lo + 500);
      // the size and the entries in one round trip (auto-pipelined); entries are written before the size moves
      const [sizeText, texts] = await Promise.all([
        this.redis.get<string>(this.keys.size),
        this.redis.mget<(string | null)[]>(...Array.from({ length: hi - lo }, (_, i) => this.keys.entry(lo + i))),
      ]);
      const size = parseSize(sizeText);
      for (let i = 0; i < texts.length && lo + i < size; i++) {
        const index = lo + i;
        const text = texts[i];
        if (text === null || text === undefined) throw new LedgerCorruptError(`账本第 ${index} 条记录缺失`);
        let event: TLedgerEvent;
        try {
          event = ZLedgerEventSchema.parse(JSON.parse(text)) as TLedgerEvent;
        } catch {
          throw new LedgerCorruptError(`账本第 ${index} 条记录无法解析`);
        }
        out.push({ index, event, entryBase64: Buffer.from(text, 'utf8').toString('base64') });
      }
      if (hi > size) break;
    }
    return out;
  }

  /** Reads nodes and the size, atomically: hashes in the order asked, undefined where a node is missing. */
  async readNodes(ids: readonly TNodeId[]): Promise<{ size: number; hashes: (Uint8Array | undefined)[] }> {
    const keys = [this.keys.size, ...ids.map((n) => this.keys.nodes(n.level, Math.floor(n.index / NODE_CHUNK)))];
    const args = ids.map((n) => String((n.index % NODE_CHUNK) * NODE_WIDTH));
    const reply = await this.readNodesScript.exec(keys, args);
    const space = reply.indexOf(' ');
    const size = parseSize(reply.slice(0, space));
    const hashes = ids.map((_, i) => fromBase64(reply.slice(space + 1 + i * NODE_WIDTH, space + 1 + (i + 1) * NODE_WIDTH)));
    return { size, hashes };
  }

  /** The hashes of these ranges of the tree of `size` leaves, from O(log n) stored nodes (one round trip). */
  private async rangeHashes(ranges: readonly TRange[], size: number): Promise<Uint8Array[]> {
    const parts = ranges.map(([lo, hi]) => rangeNodes(lo, hi));
    const ids = parts.flat();
    const { size: current, hashes } = await this.readNodes(ids);
    if (size > current) throw new LedgerRangeError(`树的大小 ${size} 超出账本当前大小 ${current}`, current);
    const missing = hashes.findIndex((h) => !h);
    if (missing >= 0) throw new LedgerCorruptError(`账本节点 (${ids[missing]!.level}, ${ids[missing]!.index}) 缺失或损坏`);
    let i = 0;
    return parts.map((p) => foldRange(p.map(() => hashes[i++]!)));
  }

  private checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0) throw new LedgerRangeError(`树的大小 ${size} 不是非负整数`, -1);
  }

  /** Root hash (base64) of the tree of the first `size` leaves. */
  async rootHash(size: number): Promise<string> {
    this.checkSize(size);
    const [root] = await this.rangeHashes([[0, size]], size);
    return toBase64(root!);
  }

  /** Audit path (base64) of leaf `index` in the tree of `size` leaves. */
  async inclusionProof(index: number, size: number): Promise<string[]> {
    this.checkSize(size);
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new LedgerRangeError(`条目 ${index} 不在大小为 ${size} 的树中`, -1);
    return (await this.rangeHashes(inclusionRanges(index, size), size)).map(toBase64);
  }

  /** Audit path, the leaf hash and the root of the tree of `size`, read together. */
  async inclusion(index: number, size: number): Promise<{ proof: string[]; leafHash: string; rootHash: string }> {
    this.checkSize(size);
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new LedgerRangeError(`条目 ${index} 不在大小为 ${size} 的树中`, -1);
    const hashes = await this.rangeHashes([[index, index + 1], [0, size], ...inclusionRanges(index, size)], size);
    return { leafHash: toBase64(hashes[0]!), rootHash: toBase64(hashes[1]!), proof: hashes.slice(2).map(toBase64) };
  }

  /** Consistency proof (base64) between the trees of `from` and `to` leaves. */
  async consistencyProof(from: number, to: number): Promise<string[]> {
    return (await this.consistency(from, to)).proof;
  }

  /** Consistency proof and both roots, read together. */
  async consistency(from: number, to: number): Promise<{ proof: string[]; fromRoot: string; toRoot: string }> {
    this.checkSize(from);
    this.checkSize(to);
    if (from > to) throw new LedgerRangeError(`旧树大小 ${from} 大于新树大小 ${to}`, -1);
    const hashes = await this.rangeHashes([[0, from], [0, to], ...consistencyRanges(from, to)], to);
    return { fromRoot: toBase64(hashes[0]!), toRoot: toBase64(hashes[1]!), proof: hashes.slice(2).map(toBase64) };
  }

  // ── checkpoints ────────────────────────────────────────────────────────────

  /** The latest checkpoint, with the witness's cosignature when it has one. */
  async latestCheckpoint(): Promise<TCheckpoint | undefined> {
    const text = await this.latestScript.exec([this.keys.checkpoints, this.keys.cosignatures], []);
    if (!text) return undefined;
    const note = parseNote(text);
    const body = note && parseCheckpointBody(note.text);
    if (!body) throw new LedgerCorruptError('最新检查点格式不正确');
    return { origin: body.origin, size: body.size, rootHashBase64: toBase64(body.rootHash), text };
  }

  async checkpointCount(): Promise<number> {
    return Number(await this.redis.llen(this.keys.checkpoints));
  }

  /** Checkpoints seq `from`…`to` (1-based, inclusive), with their cosignatures. */
  async checkpointRecords(from = 1, to?: number): Promise<TCheckpointRecord[]> {
    const notes = await this.redis.lrange<string>(this.keys.checkpoints, from - 1, to === undefined ? -1 : to - 1);
    if (notes.length === 0) return [];
    const seqs = notes.map((_, i) => String(from + i));
    const cosigs = (await this.redis.hmget(this.keys.cosignatures, ...seqs)) as unknown as (string | null)[] | Record<string, string | null> | null;
    return notes.map((note, i) => {
      const c = Array.isArray(cosigs) ? cosigs[i] : cosigs?.[seqs[i]!];
      return { seq: from + i, note, ...(c ? { cosignatures: c } : {}) };
    });
  }

  async lastCheckpointRecord(): Promise<TCheckpointRecord | undefined> {
    const count = await this.checkpointCount();
    return count === 0 ? undefined : (await this.checkpointRecords(count, count))[0];
  }

  /** Stores checkpoint `seq` if it is the next one; false when another was stored first. */
  async addCheckpoint(seq: number, note: string): Promise<boolean> {
    return (await this.addCheckpointScript.exec([this.keys.checkpoints], [String(seq), note])) === 'OK';
  }

  /** Keeps the witness's cosignature lines of checkpoint `seq` (size `size`). */
  async recordCosignatures(seq: number, size: number, lines: string[]): Promise<void> {
    await this.cosignScript.exec([this.keys.cosignatures, this.keys.witness], [String(seq), String(size), lines.map((l) => `${l}\n`).join('')]);
  }

  /** The last checkpoint the witness cosigned, as we recorded it. */
  async witnessState(): Promise<{ seq: number; size: number } | undefined> {
    const v = await this.redis.get<string>(this.keys.witness);
    const m = v ? /^(\d+) (\d+)$/.exec(v) : null;
    return m ? { seq: Number(m[1]), size: Number(m[2]) } : undefined;
  }
}

/** New nodes grouped into contiguous runs per (level, chunk): one SETRANGE each. */
export function nodeRuns(completed: readonly TNode[]): { level: number; chunk: number; offset: number; text: string }[] {
  const byLevel = new Map<number, TNode[]>();
  for (const n of completed) {
    const list = byLevel.get(n.level);
    if (list) list.push(n);
    else byLevel.set(n.level, [n]);
  }
  const runs: { level: number; chunk: number; offset: number; text: string }[] = [];
  for (const [level, nodes] of byLevel) {
    nodes.sort((a, b) => a.index - b.index);
    let run: { level: number; chunk: number; offset: number; text: string; next: number } | undefined;
    for (const n of nodes) {
      const chunk = Math.floor(n.index / NODE_CHUNK);
      if (!run || run.chunk !== chunk || run.next !== n.index) {
        if (run) runs.push(run);
        run = { level, chunk, offset: (n.index % NODE_CHUNK) * NODE_WIDTH, text: '', next: n.index };
      }
      run.text += toBase64(n.hash);
      run.next = n.index + 1;
    }
    if (run) runs.push(run);
  }
  return runs.map(({ level, chunk, offset, text }) => ({ level, chunk, offset, text }));
}
