/**
 * Storage down at submit (issue 7, "Faults"): the server answers 503
 * STORAGE_UNAVAILABLE with Retry-After. The phone retries with the draft's
 * Idempotency-Key, keeps the draft when every attempt fails, and a later
 * submit — after the app was closed and reopened — still uses the SAME key,
 * so the server files the hire once (tests/faults/storage-down.test.ts
 * proves the server side).
 */
import { loadOrCreateDraft, saveDraft } from '../draft-store';
import { newDraft, setField } from '../form-state';
import { createHttp, submitWithKey, type TRawRequest, type TRawResponse } from '../http';
import { memoryStore, STORAGE_KEYS } from '../kv';

const UNAVAILABLE_ERROR = { code: 'STORAGE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试', retryable: true };
const UNAVAILABLE: TRawResponse = {
  statusCode: 503,
  header: { 'Retry-After': '5' },
  data: { error: UNAVAILABLE_ERROR },
};

describe('submit while storage is down', () => {
  it('retries a 503 with the same key, keeps the draft when it gives up, and the reopened draft files with that key', async () => {
    const kv = memoryStore({ [STORAGE_KEYS.token]: 'v1.tok' });
    const draft = saveDraft(kv, setField(newDraft(Date.UTC(2026, 10, 26)), 'employee', 'name', '测试员工甲'));
    const seen: TRawRequest[] = [];
    let up = false;
    const http = createHttp({
      base: '',
      kv,
      requester: async (req) => {
        seen.push(req);
        return up ? { statusCode: 200, data: { application: { id: 'HO20261126AAAA' } } } : UNAVAILABLE;
      },
    });
    const waits: number[] = [];
    const wait = async (ms: number) => void waits.push(ms);

    // the outage outlasts the attempts: the error says to try again, and nothing is lost
    const err = await submitWithKey(http, draft.idempotencyKey, { a: 1 }, { attempts: 3, wait }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 503, code: 'STORAGE_UNAVAILABLE', retryable: true, message: '服务暂时不可用，请稍后再试' });
    expect(seen).toHaveLength(3);
    expect(waits).toEqual([500, 1000]); // backing off between attempts
    const kept = loadOrCreateDraft(kv);
    expect(kept.restored).toBe(true);
    expect(kept.draft.idempotencyKey).toBe(draft.idempotencyKey);
    expect(kept.draft.values.employee?.name).toBe('测试员工甲');
    expect(kept.draft.submitted).toBeUndefined();

    // storage back; the user reopens the wizard and taps submit again
    up = true;
    const r = await submitWithKey<{ application: { id: string } }>(http, kept.draft.idempotencyKey, { a: 1 }, { wait });
    expect(r.application.id).toBe('HO20261126AAAA');
    expect(new Set(seen.map((s) => s.header['idempotency-key']))).toEqual(new Set([draft.idempotencyKey]));
    expect(seen).toHaveLength(4);
  });

  it('waits as long as the server says (retryAfterSeconds), at most 10 s, never less than its own backoff', async () => {
    const kv = memoryStore({ [STORAGE_KEYS.token]: 'v1.tok' });
    const answers = [5, 60, 0.1];
    let n = 0;
    const http = createHttp({
      base: '',
      kv,
      requester: async () => ({ ...UNAVAILABLE, data: { error: { ...UNAVAILABLE_ERROR, retryAfterSeconds: answers[n++] } } }),
    });
    const waits: number[] = [];
    const err = await submitWithKey(http, 'key-1', { a: 1 }, { attempts: 4, wait: async (ms) => void waits.push(ms) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 503, code: 'STORAGE_UNAVAILABLE' }); // the fourth answer gave no hint
    expect(waits).toEqual([5000, 10_000, 2000]);
  });
});
