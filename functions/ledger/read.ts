/**
 * The ledger's public reads (GET /api/ledger/checkpoint, /proof,
 * /consistency): anyone may fetch the latest signed checkpoint and prove
 * against it. Proofs carry hashes only — an entry's content is shown to the
 * people it concerns (the archives), who verify it with the leaf hash, the
 * audit path and the signed root. Bad input is a 422 with a Chinese message
 * per field, never a 500.
 */
import { z } from 'zod';
import { AppError } from '../../domain';
import type { TDeps } from '../deps';
import { formatVkey, parseCheckpointBody, parseNote } from './note';
import { LedgerRangeError } from './store';

const count = (name: string, what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `缺少 ${name}（${what}）` : `${name} 应为非负整数`) })
    .regex(/^(0|[1-9][0-9]{0,14})$/, { error: `${name} 应为非负整数` })
    .transform(Number);

export const ZProofQuerySchema = z.object({
  index: count('index', '条目序号，从 0 起'),
  /** Default: the latest checkpoint's size. */
  size: count('size', '树的大小').optional(),
});

export const ZConsistencyQuerySchema = z.object({
  from: count('from', '旧树的大小'),
  /** Default: the latest checkpoint's size. */
  to: count('to', '新树的大小').optional(),
});

const fieldError = (field: string, message: string) => new AppError('VALIDATION_FAILED', { issues: [{ path: [field], code: 'custom', message }] });

async function latest(deps: Pick<TDeps, 'ledger'>) {
  const cp = await deps.ledger.latestCheckpoint();
  if (!cp) return undefined;
  const note = parseNote(cp.text);
  const body = note && parseCheckpointBody(note.text);
  return { ...cp, ...(body ? { seq: body.seq } : {}) };
}

/** The latest signed checkpoint, with the keys to verify it (the log's, the witness's). */
export async function getCheckpoint(deps: Pick<TDeps, 'ledger' | 'ledgerLog'>) {
  const checkpoint = await latest(deps);
  if (!checkpoint) throw new AppError('NOT_FOUND', { message: '账本尚未签署检查点' });
  const w = deps.ledgerLog.witness.verifier;
  return {
    checkpoint,
    /** c2sp.org/signed-note verifier keys. */
    logKey: deps.ledgerLog.signer.vkey,
    witnessKey: formatVkey(w.name, w.type, w.publicKey),
  };
}

/** Maps the store's range errors to the query's fields. */
function outOfRange(error: unknown, field: string): never {
  if (error instanceof LedgerRangeError && error.size >= 0) throw fieldError(field, `不能大于账本当前大小 ${error.size}`);
  throw error;
}

export async function getInclusionProof(deps: Pick<TDeps, 'ledger' | 'ledgerLog'>, q: z.output<typeof ZProofQuerySchema>) {
  const checkpoint = await latest(deps);
  const size = q.size ?? checkpoint?.size;
  if (size === undefined) throw fieldError('size', '账本尚未签署检查点，请指定 size');
  if (q.index >= size) throw fieldError('index', size === 0 ? '大小为 0 的树中没有条目' : `应小于 size（${size}）`);
  const p = await deps.ledgerLog.store.inclusion(q.index, size).catch((e) => outOfRange(e, 'size'));
  return {
    index: q.index,
    size,
    leafHashBase64: p.leafHash,
    rootHashBase64: p.rootHash,
    proof: p.proof,
    ...(checkpoint && checkpoint.size === size ? { checkpoint } : {}),
  };
}

export async function getConsistencyProof(deps: Pick<TDeps, 'ledger' | 'ledgerLog'>, q: z.output<typeof ZConsistencyQuerySchema>) {
  const checkpoint = await latest(deps);
  const to = q.to ?? checkpoint?.size;
  if (to === undefined) throw fieldError('to', '账本尚未签署检查点，请指定 to');
  if (q.from > to) throw fieldError('from', `不能大于 to（${to}）`);
  const c = await deps.ledgerLog.store.consistency(q.from, to).catch((e) => outOfRange(e, q.to === undefined ? 'from' : 'to'));
  return {
    from: q.from,
    to,
    fromRootHashBase64: c.fromRoot,
    toRootHashBase64: c.toRoot,
    proof: c.proof,
    ...(checkpoint && checkpoint.size === to ? { checkpoint } : {}),
  };
}

