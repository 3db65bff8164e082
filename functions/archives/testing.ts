/**
 * For tests: a ledger in memory that keeps the port's contract
 * (functions/ledger/port.ts) with the reference Merkle tree
 * (functions/ledger/merkle.ts) — idempotent appends by event id, entries as
 * their canonical bytes, checkpoints taken when the test says so — and
 * optionally indexes what it appends for the archives, as the real append
 * path does.
 */
import { canonicalEntry, type TAppended, type TCheckpoint, type TLedgerEvent, type TLedgerPort, type TStoredEntry } from '../ledger/port';
import { inclusionProof, rootHash } from '../ledger/merkle';

export interface TMemoryLedger extends TLedgerPort {
  /** Signs (pretends to) a checkpoint at the current size. */
  checkpoint(): TCheckpoint;
  /** Every event appended, in order. */
  readonly events: TLedgerEvent[];
  /** Called after each append with what was newly added. */
  onAppend?: (appended: { index: number; event: TLedgerEvent }[]) => Promise<void>;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

export function memoryLedger(origin = 'hire-once.test/ledger'): TMemoryLedger {
  const leaves: Uint8Array[] = [];
  const events: TLedgerEvent[] = [];
  const ids = new Map<string, number>();
  let latest: TCheckpoint | undefined;
  const ledger: TMemoryLedger = {
    events,
    async append(batch) {
      const out: TAppended[] = [];
      const added: { index: number; event: TLedgerEvent }[] = [];
      for (const event of batch) {
        const known = ids.get(event.id);
        if (known !== undefined) {
          out.push({ id: event.id, index: known, added: false });
          continue;
        }
        const index = leaves.length;
        leaves.push(canonicalEntry(event));
        events.push(event);
        ids.set(event.id, index);
        out.push({ id: event.id, index, added: true });
        added.push({ index, event });
      }
      if (added.length) await ledger.onAppend?.(added);
      return out;
    },
    async entries(from, to) {
      const out: TStoredEntry[] = [];
      for (let i = from; i < Math.min(to, leaves.length); i++) out.push({ index: i, event: events[i]!, entryBase64: b64(leaves[i]!) });
      return out;
    },
    async size() {
      return leaves.length;
    },
    async latestCheckpoint() {
      return latest;
    },
    async inclusionProof(index, size) {
      return inclusionProof(leaves.slice(0, size), index).map(b64);
    },
    checkpoint() {
      const size = leaves.length;
      const root = b64(rootHash(leaves.slice(0, size)));
      latest = { origin, size, rootHashBase64: root, text: `${origin}\n${size}\n${root}\n` };
      return latest;
    },
  };
  return ledger;
}
