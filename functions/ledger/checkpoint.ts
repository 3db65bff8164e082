/**
 * The checkpointer: signs a checkpoint (c2sp.org/tlog-checkpoint) when the
 * log has grown since the last one, and has it cosigned by the outside
 * witness. Run at least once a minute while the log grows: by a timer in
 * the local stack (`LedgerCheckpointer`), by Vercel Cron on
 * `/api/ledger/checkpoint/tick`.
 *
 * Before signing, the new tree is checked against the last checkpoint: the
 * last checkpoint's signature (our key), then an RFC 6962 consistency proof
 * from its size to the new size, built from the stored nodes and verified
 * against the signed old root and the new root (from the stored frontier),
 * and the new root recomputed from the stored nodes. A log that shrank, or
 * whose stored tree no longer contains what was signed, is never signed
 * again: the checkpointer refuses and logs an alarm (`ledger alarm`).
 *
 * Checkpoints are numbered (`seq` extension line) and stored in order with
 * a compare-and-append; when two instances race, one stores and the other
 * answers `raced`. The witness is asked with the size it last cosigned and a
 * consistency proof from there; a witness that holds another size answers
 * 409 with it and is asked again from that size; a witness that has seen a
 * larger tree, or refuses the proof, means our storage was rolled back or
 * forked — an alarm, never retried silently. A witness that is down is tried
 * again on the next run (a checkpoint not yet cosigned is sent again).
 */
import { UpstreamError } from '../adapters/http';
import type { TDeps } from '../deps';
import { logger } from '../lib/logger';
import { bytesEqual, fromBase64, toBase64 } from './hash';
import { verifyConsistency } from './merkle';
import { formatCheckpointBody, openNote, parseCheckpointBody, parseSignatureLine, signNote, verifyCosignature, type TNoteSigner, type TNoteVerifier } from './note';
import type { TCheckpoint } from './port';
import type { LedgerStore, TCheckpointRecord } from './store';
import type { TWitnessPort } from './witness';

/** What only the ledger's own machinery uses (deps.ledgerLog): the store's proofs and checkpoints, the log key, the witness. */
export interface TLedgerLog {
  store: LedgerStore;
  /** The checkpoints' origin line and key name. */
  origin: string;
  /** The log's Ed25519 key: from the environment only, never stored. */
  signer: TNoteSigner;
  /** Its public half (the vkey published with every checkpoint). */
  verifier: TNoteVerifier;
  witness: { client: TWitnessPort; verifier: TNoteVerifier };
}

export type TWitnessOutcome =
  | { status: 'cosigned'; seq: number; size: number; timestamp: number }
  | { status: 'already'; seq: number }
  | { status: 'unavailable'; reason: string }
  | { status: 'refused'; reason: string };

export type TCheckpointOutcome =
  | { status: 'empty' }
  | { status: 'signed' | 'unchanged'; checkpoint: TCheckpoint & { seq: number }; witness: TWitnessOutcome }
  | { status: 'raced'; seq: number }
  | { status: 'refused'; reason: string };

/** A stored checkpoint, its signature checked with our key. */
export function openCheckpoint(log: Pick<TLedgerLog, 'origin' | 'verifier'>, record: TCheckpointRecord) {
  const opened = openNote(record.note, log.verifier);
  const body = opened && parseCheckpointBody(opened.text);
  if (!opened || !body || body.origin !== log.origin || body.seq !== record.seq) return undefined;
  return { ...body, text: opened.text };
}

const view = (record: TCheckpointRecord, size: number, root: Uint8Array, origin: string) => ({
  seq: record.seq,
  origin,
  size,
  rootHashBase64: toBase64(root),
  text: record.note + (record.cosignatures ?? ''),
});

function alarm(reason: string, fields: Record<string, unknown> = {}): { status: 'refused'; reason: string } {
  logger.error('ledger alarm', { reason, ...fields });
  return { status: 'refused', reason };
}

export async function checkpointIfGrown(deps: Pick<TDeps, 'ledgerLog'>): Promise<TCheckpointOutcome> {
  const log = deps.ledgerLog;
  const { store } = log;
  const [head, last] = await Promise.all([store.head(), store.lastCheckpointRecord()]);
  const previous = last && openCheckpoint(log, last);
  if (last && !previous) return alarm(`第 ${last.seq} 个检查点的签名或格式无效：存储中的检查点被改动过`, { seq: last.seq });
  if (!previous) {
    if (head.size === 0) return { status: 'empty' };
  } else {
    if (head.size < previous.size) return alarm(`账本大小 ${head.size} 小于最新检查点的 ${previous.size}：账本被截断`, { seq: previous.seq });
    if (head.size === previous.size) {
      if (!bytesEqual(head.rootHash, previous.rootHash)) return alarm(`账本根哈希与最新检查点（第 ${previous.seq} 个）不符：账本被改写`, { seq: previous.seq });
      const witness = await submitToWitness(log, { ...last!, size: previous.size });
      return { status: 'unchanged', checkpoint: view(last!, previous.size, previous.rootHash, log.origin), witness };
    }
  }
  // the tree now must extend the last signed one, and its nodes must give the frontier's root
  const oldSize = previous?.size ?? 0;
  const { proof, toRoot } = await store.consistency(oldSize, head.size);
  if (toRoot !== toBase64(head.rootHash)) return alarm(`由存储节点算出的根哈希与账本边界节点不符（大小 ${head.size}）`);
  if (previous && !verifyConsistency(oldSize, head.size, previous.rootHash, head.rootHash, proof.map((p) => fromBase64(p)!))) {
    return alarm(`大小 ${head.size} 的树与第 ${previous.seq} 个检查点（大小 ${oldSize}）不一致：账本被改写`, { seq: previous.seq });
  }
  const seq = (previous?.seq ?? 0) + 1;
  const note = signNote(formatCheckpointBody({ origin: log.origin, size: head.size, rootHash: head.rootHash, seq }), log.signer);
  const record = { seq, note };
  if (!(await store.addCheckpoint(seq, note))) {
    // another instance stored checkpoint `seq` first. Signatures are deterministic, so the same tree
    // gives the same note (as does our own write applied before a retry): nothing new to sign.
    const [stored] = await store.checkpointRecords(seq, seq);
    if (stored?.note !== note) return { status: 'raced', seq };
    const witness = await submitToWitness(log, { ...record, size: head.size });
    return { status: 'unchanged', checkpoint: view(stored, head.size, head.rootHash, log.origin), witness };
  }
  logger.info('ledger checkpoint', { seq, size: head.size });
  const witness = await submitToWitness(log, { ...record, size: head.size });
  return { status: 'signed', checkpoint: view(record, head.size, head.rootHash, log.origin), witness };
}

/** Has checkpoint `seq` cosigned, unless the witness already cosigned it (or a later one). */
export async function submitToWitness(log: TLedgerLog, checkpoint: { seq: number; size: number; note: string }): Promise<TWitnessOutcome> {
  const { store, witness } = log;
  const known = await store.witnessState();
  if (known && known.seq >= checkpoint.seq) return { status: 'already', seq: known.seq };
  let oldSize = known && known.size <= checkpoint.size ? known.size : 0;
  const tried = new Set<number>();
  for (;;) {
    tried.add(oldSize);
    let answer;
    try {
      const proof = oldSize > 0 ? await store.consistencyProof(oldSize, checkpoint.size) : [];
      answer = await witness.client.addCheckpoint({ oldSize, proof, checkpoint: checkpoint.note });
    } catch (error) {
      if (error instanceof UpstreamError) {
        logger.warn('ledger witness unavailable', { seq: checkpoint.seq, error: error.message });
        return { status: 'unavailable', reason: error.message };
      }
      throw error;
    }
    if (answer.kind === 'conflict') {
      if (answer.size > checkpoint.size) return alarm(`见证方已签署大小为 ${answer.size} 的树，大于第 ${checkpoint.seq} 个检查点的 ${checkpoint.size}：账本被截断或回滚`, { seq: checkpoint.seq });
      if (tried.has(answer.size)) return alarm(`见证方记录的大小为 ${answer.size} 的树与本账本不同：账本出现分叉`, { seq: checkpoint.seq });
      oldSize = answer.size; // the witness holds another size than we recorded: prove from there
      continue;
    }
    if (answer.kind === 'refused') {
      return alarm(
        answer.status === 422 ? `见证方拒绝一致性证明（从大小 ${oldSize} 到 ${checkpoint.size}）：账本出现分叉` : `见证方拒绝检查点（HTTP ${answer.status}：${answer.message}）`,
        { seq: checkpoint.seq, status: answer.status },
      );
    }
    const text = checkpoint.note.slice(0, checkpoint.note.lastIndexOf('\n\n') + 1);
    const lines = answer.lines.map(parseSignatureLine).filter((l) => l !== undefined);
    const timestamp = verifyCosignature(text, lines, witness.verifier);
    if (timestamp === undefined) return alarm('见证方的副署签名无法用 WITNESS_VKEY 验证', { seq: checkpoint.seq });
    await store.recordCosignatures(checkpoint.seq, checkpoint.size, lines.filter((l) => l.name === witness.verifier.name).map((l) => l.line));
    return { status: 'cosigned', seq: checkpoint.seq, size: checkpoint.size, timestamp };
  }
}

/** Runs checkpointIfGrown on a timer (the local stack; Vercel uses the cron route), one run at a time. */
export class LedgerCheckpointer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly deps: Pick<TDeps, 'ledgerLog'>) {}

  async tick(): Promise<TCheckpointOutcome | undefined> {
    if (this.running) return undefined;
    const run = checkpointIfGrown(this.deps).catch((error) => {
      logger.warn('ledger checkpoint failed', { error });
      return undefined;
    });
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = undefined;
    }
  }

  start(intervalMs: number): void {
    this.stopTimer();
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref?.();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async stop(): Promise<void> {
    this.stopTimer();
    await this.running;
  }
}
