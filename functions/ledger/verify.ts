/**
 * The audit behind `npm run ledger:verify`: everything in Redis is checked
 * against everything else, and against what only the key holder and the
 * witness could have produced.
 *
 * 1. The tree is recomputed from the stored entries alone (entry bytes →
 *    leaf hash → nodes → root), in chunks of 1,024 entries. Each entry must
 *    parse as an event whose id maps back to its index; each stored leaf
 *    hash and each stored node must equal the recomputed one; the stored
 *    frontier must be the recomputed one.
 * 2. Every checkpoint: its signature (the log key: LEDGER_VKEY, or derived
 *    from LEDGER_SIGNING_KEY), its number (1, 2, … with no gap: a dropped
 *    checkpoint leaves one), its origin, sizes that never decrease, its root
 *    equal to the recomputed tree's root at its size, a consistency proof
 *    (from the stored nodes) from the previous checkpoint that verifies
 *    against both signed roots, and the witness's cosignature (WITNESS_VKEY).
 * 3. The witness: asked (tlog-witness add-checkpoint from size 0, which a
 *    witness that knows the log answers with its size) whether it has
 *    cosigned a larger tree than our latest checkpoint — the one thing that
 *    catches a dropped latest checkpoint or a truncated log together with its
 *    checkpoints.
 *
 * The first altered index is exact when the stored hashes were left as they
 * were (the entry no longer hashes to its leaf), or when the log was cut
 * (the first missing index). When an attacker recomputed every hash after
 * rewriting the tail, only the signed checkpoints remain to compare with:
 * the altered entries then lie between the last checkpoint that still
 * matches and the first that does not, and the report gives that range.
 */
import type { Redis } from '@upstash/redis';
import { UpstreamError } from '../adapters/http';
import { bytesEqual, EMPTY_ROOT, fromBase64, hashLeaf, toBase64 } from './hash';
import { verifyConsistency } from './merkle';
import { openNote, parseCheckpointBody, parseNote, verifyCosignature, type TNoteVerifier } from './note';
import { LedgerStore, NODE_CHUNK, NODE_WIDTH, ZLedgerEventSchema } from './store';
import { appendLeaves, frontierNodes, frontierRoot, type TNode } from './tree';
import type { TWitnessPort } from './witness';

export type TProblemCode =
  | 'size_invalid'
  | 'frontier_mismatch'
  | 'entry_missing'
  | 'entry_altered'
  | 'entry_invalid'
  | 'id_mismatch'
  | 'ids_extra'
  | 'entries_beyond_size'
  | 'node_mismatch'
  | 'checkpoint_signature'
  | 'checkpoint_gap'
  | 'checkpoint_order'
  | 'checkpoint_beyond_log'
  | 'checkpoint_root_mismatch'
  | 'checkpoint_inconsistent'
  | 'cosignature_invalid'
  | 'witness_ahead';

export interface TProblem {
  code: TProblemCode;
  message: string;
  /** The entry index concerned, when there is one. */
  index?: number;
  /** The checkpoint concerned. */
  seq?: number;
  /** The entries a mismatching node covers. */
  range?: [number, number];
}

export interface TVerifyReport {
  ok: boolean;
  size: number;
  /** Root of the tree recomputed from the entries (base64). */
  rootHashBase64: string;
  checkpoints: number;
  latestCheckpoint?: { seq: number; size: number };
  witness: { checked: boolean; size?: number; note?: string };
  problems: TProblem[];
  /** Warnings that are not failures (e.g. the witness could not be asked). */
  warnings: string[];
  /** The first entry known to be altered or missing, when it can be named exactly. */
  firstAlteredIndex?: number;
  /** Otherwise the range [from, to) the first altered entry lies in (between two checkpoints). */
  alteredRange?: [number, number];
  summary: string;
}

export interface TVerifyOptions {
  redis: Redis;
  prefix: string;
  /** The log's verifier key (Ed25519 note key). */
  logVerifier: TNoteVerifier;
  /** The checkpoints' origin (default: the log key's name). */
  origin?: string;
  witness?: { client?: TWitnessPort; verifier: TNoteVerifier };
  onProgress?: (done: number, total: number) => void;
}

interface TOpened {
  seq: number;
  position: number;
  size: number;
  rootHash: Uint8Array;
  text: string;
  note: string;
  cosignatures?: string;
}

export async function verifyLedger(options: TVerifyOptions): Promise<TVerifyReport> {
  const { redis, logVerifier } = options;
  const store = new LedgerStore(redis, options.prefix);
  const keys = store.keys;
  const origin = options.origin ?? logVerifier.name;
  const problems: TProblem[] = [];
  const warnings: string[] = [];
  const problem = (p: TProblem) => {
    if (problems.length < 1000) problems.push(p);
  };

  // ── the head ──
  const [sizeText, frontierText] = await redis.mget<(string | null)[]>(keys.size, keys.frontier);
  let size = Number(sizeText ?? '0');
  if (!Number.isSafeInteger(size) || size < 0) {
    problem({ code: 'size_invalid', message: `账本大小无法解析（${String(sizeText).slice(0, 30)}）` });
    size = 0;
  }

  // ── the checkpoints, opened with the log key ──
  const opened: TOpened[] = [];
  const count = Number(await redis.llen(keys.checkpoints));
  for (let from = 1; from <= count; from += 1000) {
    for (const r of await store.checkpointRecords(from, Math.min(count, from + 999))) {
      const position = r.seq; // its place in the list, 1-based
      const note = openNote(r.note, logVerifier);
      const body = note && parseCheckpointBody(note.text);
      if (!note || !body || body.origin !== origin) {
        problem({ code: 'checkpoint_signature', seq: position, message: `第 ${position} 个检查点的签名无效或格式不正确（不是 ${origin} 的密钥签署的）` });
        continue;
      }
      opened.push({ seq: body.seq, position, size: body.size, rootHash: body.rootHash, text: note.text, note: r.note, ...(r.cosignatures ? { cosignatures: r.cosignatures } : {}) });
    }
  }
  let expectedSeq = 1;
  for (const cp of opened) {
    if (cp.seq > expectedSeq) {
      problem({
        code: 'checkpoint_gap',
        seq: expectedSeq,
        message: cp.seq - expectedSeq === 1 ? `第 ${expectedSeq} 个检查点缺失（编号从 ${expectedSeq - 1} 跳到 ${cp.seq}）：检查点被删除` : `第 ${expectedSeq}–${cp.seq - 1} 个检查点缺失：检查点被删除`,
      });
    } else if (cp.seq < expectedSeq) {
      problem({ code: 'checkpoint_order', seq: cp.seq, message: `第 ${cp.seq} 个检查点重复或顺序错乱（位于第 ${cp.position} 位）` });
    }
    expectedSeq = cp.seq + 1;
  }
  for (let i = 1; i < opened.length; i++) {
    if (opened[i]!.size < opened[i - 1]!.size) problem({ code: 'checkpoint_order', seq: opened[i]!.seq, message: `第 ${opened[i]!.seq} 个检查点的大小 ${opened[i]!.size} 小于前一个的 ${opened[i - 1]!.size}` });
  }
  if (options.witness) {
    for (const cp of opened) {
      if (!cp.cosignatures) continue;
      const lines = parseNote(`${cp.note}${cp.cosignatures}`)?.signatures ?? [];
      if (verifyCosignature(cp.text, lines, options.witness.verifier) === undefined) {
        problem({ code: 'cosignature_invalid', seq: cp.seq, message: `第 ${cp.seq} 个检查点的见证方副署签名无法验证` });
      }
    }
  }
  // checkpoints by size, to compare with the recomputed tree as it grows
  const bySize = [...opened].sort((a, b) => a.size - b.size);
  const rootMatches = new Map<TOpened, boolean>();
  const checkAt = (n: number, root: Uint8Array) => {
    while (bySize.length > 0 && bySize[0]!.size === n) {
      const cp = bySize.shift()!;
      const ok = bytesEqual(cp.rootHash, root);
      rootMatches.set(cp, ok);
      if (!ok) problem({ code: 'checkpoint_root_mismatch', seq: cp.seq, message: `由记录重算的大小为 ${n} 的树根与第 ${cp.seq} 个检查点签署的不符：其中的记录被改写` });
    }
  };

  // ── the tree, recomputed from the entries ──
  let frontier: Uint8Array[] = [];
  let n = 0;
  /** The first leaf of the last entry or node found bad: the mismatches of the nodes above it are explained by it. */
  let lastBad = -1;
  const badStarts: number[] = [];
  const missing = new Set<number>();
  const cached = new Map<number, { chunk: number; text: string }>();
  const storedNode = async (level: number, index: number): Promise<string> => {
    const chunk = Math.floor(index / NODE_CHUNK);
    let c = cached.get(level);
    if (!c || c.chunk !== chunk) {
      c = { chunk, text: (await redis.get<string>(keys.nodes(level, chunk))) ?? '' };
      cached.set(level, c);
    }
    const at = (index % NODE_CHUNK) * NODE_WIDTH;
    return c.text.slice(at, at + NODE_WIDTH);
  };
  checkAt(0, EMPTY_ROOT);
  for (let lo = 0; lo < size; lo += NODE_CHUNK) {
    const hi = Math.min(size, lo + NODE_CHUNK);
    const texts = await redis.mget<(string | null)[]>(...Array.from({ length: hi - lo }, (_, i) => keys.entry(lo + i)));
    const events: (string | undefined)[] = [];
    const leafHashes: Uint8Array[] = [];
    for (let i = 0; i < hi - lo; i++) {
      const index = lo + i;
      const text = texts[i];
      if (text === null || text === undefined) {
        problem({ code: 'entry_missing', index, message: `第 ${index} 条记录缺失` });
        lastBad = index;
        badStarts.push(index);
        missing.add(index);
        events.push(undefined);
        // the stored leaf hash stands in for it, so that the rest is still checked
        leafHashes.push(fromBase64(await storedNode(0, index)) ?? new Uint8Array(32));
        continue;
      }
      const bytes = new TextEncoder().encode(text);
      leafHashes.push(hashLeaf(bytes));
      let id: string | undefined;
      try {
        id = ZLedgerEventSchema.parse(JSON.parse(text)).id;
      } catch {
        problem({ code: 'entry_invalid', index, message: `第 ${index} 条记录不是有效的账本事件` });
      }
      events.push(id);
    }
    const ids = events.filter((id): id is string => id !== undefined);
    const known = ids.length > 0 ? ((await redis.hmget(keys.ids, ...ids)) as unknown as (string | null)[] | Record<string, string | null> | null) : [];
    let k = 0;
    events.forEach((id, i) => {
      if (id === undefined) return;
      const v = Array.isArray(known) ? known[k] : known?.[id];
      k++;
      if (v !== String(lo + i)) problem({ code: 'id_mismatch', index: lo + i, message: `第 ${lo + i} 条记录的事件编号 ${id} 在编号索引中指向 ${v ?? '（无）'}` });
    });
    const grown = appendLeaves(n, frontier, leafHashes);
    for (const node of grown.completed) await compareNode(node);
    // checkpoint roots at sizes inside this chunk: replay the chunk leaf by leaf only when one falls here
    if (bySize.some((cp) => cp.size > n && cp.size <= grown.size)) {
      let f = frontier;
      for (let i = 0; i < leafHashes.length; i++) {
        f = appendLeaves(n + i, f, [leafHashes[i]!]).frontier;
        checkAt(n + i + 1, frontierRoot(f));
      }
    }
    frontier = grown.frontier;
    n = grown.size;
    options.onProgress?.(n, size);
  }

  async function compareNode(node: TNode): Promise<void> {
    const stored = await storedNode(node.level, node.index);
    if (stored === toBase64(node.hash)) return;
    if (node.level === 0) {
      if (missing.has(node.index)) return;
      lastBad = node.index;
      badStarts.push(node.index);
      problem({ code: 'entry_altered', index: node.index, message: `第 ${node.index} 条记录的内容与存储的叶子哈希不符：记录被改动` });
    } else {
      const span = 2 ** node.level;
      if (lastBad >= node.index * span) return; // above an entry or node already reported
      lastBad = node.index * span;
      badStarts.push(lastBad);
      problem({
        code: 'node_mismatch',
        range: [node.index * span, (node.index + 1) * span],
        message: `存储的节点 (${node.level}, ${node.index})（覆盖第 ${node.index * span}–${(node.index + 1) * span - 1} 条）与重算的不符${stored.length === NODE_WIDTH ? '' : '（缺失）'}`,
      });
    }
  }

  const root = frontierRoot(frontier);
  // the stored frontier, node by node (a node above an entry already reported is explained by it)
  const storedFrontier = (frontierText ?? '').split(' ').filter((x) => x !== '');
  const ids = frontierNodes(size);
  const unexplained = ids.some((id, i) => {
    if (storedFrontier[i] === toBase64(frontier[i]!)) return false;
    const span = 2 ** id.level;
    return !badStarts.some((b) => b >= id.index * span && b < (id.index + 1) * span);
  });
  if (storedFrontier.length !== ids.length || unexplained) problem({ code: 'frontier_mismatch', message: `存储的边界节点（frontier）与由记录重算的不符（大小 ${size}）` });
  // entries or ids beyond the size: a log cut by lowering its size
  const [beyond, idCount] = await Promise.all([redis.exists(keys.entry(size)), redis.hlen(keys.ids)]);
  if (beyond) problem({ code: 'entries_beyond_size', index: size, message: `账本大小为 ${size}，但第 ${size} 条记录仍在：账本被截断` });
  if (Number(idCount) > size) problem({ code: 'ids_extra', message: `编号索引有 ${idCount} 个事件，多于账本的 ${size} 条：账本被截断` });
  for (const cp of bySize) {
    problem({ code: 'checkpoint_beyond_log', seq: cp.seq, index: size, message: `第 ${cp.seq} 个检查点签署了 ${cp.size} 条记录，账本只剩 ${size} 条：账本被截断` });
  }

  // consistency between consecutive checkpoints, from the stored nodes, against both signed roots
  for (let i = 1; i < opened.length; i += 100) {
    const pairs = opened.slice(i, i + 100).map((cp, j) => [opened[i + j - 1]!, cp] as const);
    const proofs = await Promise.all(pairs.map(([a, b]) => (a.size <= b.size && b.size <= size ? store.consistencyProof(a.size, b.size).catch(() => null) : Promise.resolve(null))));
    pairs.forEach(([a, b], j) => {
      const p = proofs[j];
      if (a.size > b.size || b.size > size) return; // reported above
      if (!p || !verifyConsistency(a.size, b.size, a.rootHash, b.rootHash, p.map((h) => fromBase64(h)!))) {
        problem({ code: 'checkpoint_inconsistent', seq: b.seq, message: `第 ${a.seq} 个（大小 ${a.size}）与第 ${b.seq} 个检查点（大小 ${b.size}）之间的一致性证明不成立` });
      }
    });
  }

  // the witness: has it cosigned a larger tree than our latest checkpoint?
  const latest = opened[opened.length - 1];
  const witness: TVerifyReport['witness'] = { checked: false };
  if (options.witness?.client && latest) {
    try {
      const answer = await options.witness.client.addCheckpoint({ oldSize: 0, proof: [], checkpoint: latest.note });
      witness.checked = true;
      if (answer.kind === 'conflict') witness.size = answer.size;
      else if (answer.kind === 'cosigned') {
        witness.size = latest.size;
        witness.note = '见证方此前没有本账本的检查点，已副署最新的一个';
      } else warnings.push(`见证方拒绝了查询（HTTP ${answer.status}：${answer.message}）`);
      if (witness.size !== undefined && witness.size > latest.size) {
        problem({
          code: 'witness_ahead',
          ...(witness.size > size ? { index: size } : {}),
          message: `见证方已副署大小为 ${witness.size} 的树，而存储中最新的检查点（第 ${latest.seq} 个）只有 ${latest.size}：其后的检查点被删除${witness.size > size ? '，账本被截断' : ''}`,
        });
      }
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      warnings.push(`无法询问见证方：${error.message}`);
    }
  } else if (!options.witness?.client) {
    warnings.push('未配置见证方（WITNESS_API_BASE_URL）：无法发现被删除的最新检查点');
  }

  // ── the first altered index ──
  const exact = problems.filter((p) => p.index !== undefined && p.code !== 'checkpoint_gap').map((p) => p.index!);
  let firstAlteredIndex = exact.length > 0 ? Math.min(...exact) : undefined;
  let alteredRange: [number, number] | undefined;
  const firstBad = opened.filter((cp) => rootMatches.get(cp) === false).sort((a, b) => a.size - b.size)[0];
  if (firstBad) {
    const before = opened.filter((cp) => rootMatches.get(cp) === true && cp.size < firstBad.size).reduce((m, cp) => Math.max(m, cp.size), 0);
    if (firstAlteredIndex === undefined || firstAlteredIndex >= firstBad.size) {
      firstAlteredIndex = undefined;
      alteredRange = [before, firstBad.size];
    }
  }
  // rewritten entries whose stored ancestors were left as they were: the lowest such node narrows the range
  const nodeRange = problems.filter((p) => p.range).sort((a, b) => a.range![1] - a.range![0] - (b.range![1] - b.range![0]) || a.range![0] - b.range![0])[0]?.range;
  if (alteredRange && nodeRange && nodeRange[0] >= alteredRange[0] && nodeRange[1] <= alteredRange[1]) alteredRange = nodeRange;

  const ok = problems.length === 0;
  const summary = ok
    ? `账本完好：${size} 条记录，${opened.length} 个检查点${latest ? `（最新第 ${latest.seq} 个，大小 ${latest.size}）` : ''}${witness.size !== undefined ? `，见证方记录的大小 ${witness.size}` : ''}`
    : `发现 ${problems.length} 处问题。` +
      (firstAlteredIndex !== undefined
        ? `第一处被改动的记录：index ${firstAlteredIndex}。`
        : alteredRange
          ? `第一处被改动的记录在 index ${alteredRange[0]}–${alteredRange[1] - 1} 之间（哈希已被一并重算，只能以签名的检查点为界）。`
          : '');
  return {
    ok,
    size,
    rootHashBase64: toBase64(root),
    checkpoints: opened.length,
    ...(latest ? { latestCheckpoint: { seq: latest.seq, size: latest.size } } : {}),
    witness,
    problems,
    warnings,
    ...(firstAlteredIndex !== undefined ? { firstAlteredIndex } : {}),
    ...(alteredRange ? { alteredRange } : {}),
    summary,
  };
}
