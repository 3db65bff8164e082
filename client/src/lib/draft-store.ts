/** The hire draft in local storage: saved after every step, restored on reopen. */
import { STORAGE_KEYS, type TKeyValueStore } from './kv';
import { newDraft, nextDraftAfter, type TDraft } from './form-state';

export function loadDraft(kv: TKeyValueStore): TDraft | undefined {
  const d = kv.get<TDraft>(STORAGE_KEYS.draft);
  if (!d || typeof d !== 'object' || d.version !== 1 || typeof d.idempotencyKey !== 'string' || typeof d.values !== 'object') return undefined;
  return d;
}

export function saveDraft(kv: TKeyValueStore, draft: TDraft, now = Date.now()): TDraft {
  const saved = { ...draft, updatedAt: new Date(now).toISOString() };
  kv.set(STORAGE_KEYS.draft, saved);
  return saved;
}

/**
 * The saved draft, or a new one (a new draft gets a new Idempotency-Key).
 * A draft already submitted is not reopened: the next hire starts from it,
 * keeping the enterprise's terms (see `nextDraftAfter`).
 */
export function loadOrCreateDraft(kv: TKeyValueStore, now = Date.now()): { draft: TDraft; restored: boolean } {
  const d = loadDraft(kv);
  if (d?.submitted) return { draft: nextDraftAfter(d, now), restored: false };
  return d ? { draft: d, restored: true } : { draft: newDraft(now), restored: false };
}

export function clearDraft(kv: TKeyValueStore): void {
  kv.remove(STORAGE_KEYS.draft);
}
