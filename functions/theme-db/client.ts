/**
 * Adapter of the regional theme database (企业员工录用主题库, 自治区政务信息资源
 * 共享平台): ledger events are pushed in batches, in ledger order. The API is
 * the one `functions/simulators/theme-db` serves:
 *
 *   POST /events/batches   Authorization: Bearer THEME_DB_API_TOKEN
 *        { source: 'hire-once', startIndex, events: [{ index, id, type, at, entryBase64 }] }
 *     → { code: '0000', data: { accepted, duplicates, next, receivedAt } }   held (repeats are not held twice)
 *     → { code: 'INDEX_GAP', data: { expected } }                           the platform expects an earlier index
 *     → { code: 'INDEX_CONFLICT' | 'INVALID_PARAMS', message }              refused (a rewritten log, or our bug)
 *
 * `entryBase64` is the ledger entry's exact bytes (canonical JSON), so the
 * platform can recompute the leaf hash. Each batch carries an Idempotency-Key
 * (its index range), so a lost answer may be retried. Outages throw UpstreamError.
 */
import { z } from 'zod';
import { HttpClient, type CircuitBreaker } from '../adapters/http';
import type { TStoredEntry } from '../ledger/port';

export interface TThemeDbClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  retries?: number;
  breaker?: CircuitBreaker;
  fetchImpl?: typeof fetch;
}

export type TBatchOutcome =
  | { ok: true; accepted: number; duplicates: number; next: number }
  | { ok: false; code: 'INDEX_GAP'; expected: number; message: string }
  | { ok: false; code: string; message: string };

const ZEnvelopeSchema = z.object({
  code: z.string(),
  message: z.string(),
  data: z
    .object({
      accepted: z.number().int().optional(),
      duplicates: z.number().int().optional(),
      next: z.number().int().optional(),
      expected: z.number().int().optional(),
    })
    .nullable()
    .optional(),
});

export class ThemeDbClient {
  readonly http: HttpClient;

  constructor(options: TThemeDbClientOptions) {
    this.http = new HttpClient({
      name: '主题库',
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      breaker: options.breaker,
      fetchImpl: options.fetchImpl,
      headers: { authorization: `Bearer ${options.token}` },
    });
  }

  /** Sends entries [startIndex, startIndex + n) — contiguous, in order. */
  async sendBatch(startIndex: number, entries: TStoredEntry[]): Promise<TBatchOutcome> {
    const envelope = await this.http.request(
      {
        method: 'POST',
        path: '/events/batches',
        idempotencyKey: `ledger:${startIndex}-${startIndex + entries.length}`,
        body: {
          source: 'hire-once',
          startIndex,
          events: entries.map((e) => ({ index: e.index, id: e.event.id, type: e.event.type, at: e.event.at, entryBase64: e.entryBase64 })),
        },
      },
      ZEnvelopeSchema,
    );
    const d = envelope.data ?? {};
    if (envelope.code === '0000' && d.next !== undefined) return { ok: true, accepted: d.accepted ?? 0, duplicates: d.duplicates ?? 0, next: d.next };
    if (envelope.code === 'INDEX_GAP' && d.expected !== undefined) return { ok: false, code: 'INDEX_GAP', expected: d.expected, message: envelope.message };
    return { ok: false, code: envelope.code, message: envelope.message };
  }
}
