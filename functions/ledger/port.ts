/**
 * The ledger as the rest of the backend sees it: business events appended to
 * a Merkle log (RFC 6962 / 9162), read back in order, proven against signed
 * checkpoints. The implementation is in this folder (store.ts); consumers
 * (event emitters, the theme-database exporter, the archives) use only this.
 *
 * An event's entry bytes are `canonicalEntry(event)`: UTF-8 of JSON with
 * sorted keys — the exact bytes hashed are the bytes stored.
 */

/** Who or what a business event concerns (for 一户一档 / 一人一档). */
export interface TLedgerSubject {
  /** The enterprise (统一社会信用代码). */
  uscc?: string;
  /** The person, as the HMAC of their ID number (never the number). */
  personIdHmac?: string;
  applicationId?: string;
}

export interface TLedgerEvent {
  /** Unique and deterministic: appending the same id twice stores it once. */
  id: string;
  /**
   * application.filed · item.transition · autofill.lookup · material.uploaded ·
   * contract.recorded · notification.sent · clerk.action · rating.recorded · …
   */
  type: string;
  /** ISO time of the business event (not of the append). */
  at: string;
  /** `hr:<openid…>`, `employee:<openid…>`, `clerk:<username>`, `department:hrss`, `system`. */
  actor: string;
  subject: TLedgerSubject;
  /** No clear personal data: masked names, hashes, result numbers, states. */
  data: Record<string, unknown>;
}

export interface TAppended {
  id: string;
  /** 0-based leaf index in the log. */
  index: number;
  /** false: this id was already in the log (at `index`). */
  added: boolean;
}

export interface TStoredEntry {
  index: number;
  event: TLedgerEvent;
  /** The stored bytes (canonicalEntry), base64. */
  entryBase64: string;
}

export interface TCheckpoint {
  origin: string;
  size: number;
  rootHashBase64: string;
  /** The C2SP checkpoint text with its signature lines. */
  text: string;
}

export interface TLedgerPort {
  /** Appends in order (one Lua call per batch), idempotent by event id. */
  append(events: TLedgerEvent[]): Promise<TAppended[]>;
  /** Entries [from, to) in order (to ≤ size). */
  entries(from: number, to: number): Promise<TStoredEntry[]>;
  size(): Promise<number>;
  /** The latest signed checkpoint (none before the first). */
  latestCheckpoint(): Promise<TCheckpoint | undefined>;
  /** Audit path for leaf `index` in the tree of `size` leaves (base64 hashes). */
  inclusionProof(index: number, size: number): Promise<string[]>;
}

/** The bytes stored and hashed for an event: JSON with keys sorted at every level, UTF-8. */
export function canonicalEntry(event: TLedgerEvent): Uint8Array {
  const canon = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canon) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])])) : v;
  return new TextEncoder().encode(JSON.stringify(canon(event)));
}
