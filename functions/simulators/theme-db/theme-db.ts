/**
 * Simulator of the regional theme database (企业员工录用主题库 on the
 * 自治区政务信息资源共享平台), default prefix `/sim/theme-db`. The hire
 * service pushes every ledger event here, in ledger order.
 *
 *   POST /events/batches   Authorization: Bearer <token>
 *        { source, startIndex, events: [{ index, id, type, at, entryBase64 }] }   (indexes contiguous from startIndex)
 *     → { code: '0000', data: { accepted, duplicates, next, receivedAt } }  stored in order; an event id
 *                                                                            already held is not stored twice
 *     → { code: 'INDEX_GAP', data: { expected } }     startIndex is past the next index expected: nothing stored
 *     → { code: 'INDEX_CONFLICT', data: { index } }   an index already held with another event id
 *     → { code: 'INVALID_PARAMS', errors }             malformed (indexes not contiguous, entry not matching its id…)
 *     → HTTP 401                                       wrong or missing token
 *   GET  /events/cursor    → { code: '0000', data: { next } }
 *   GET  /_dev/received    (development; exempt from the switches) every event held, in order, with its
 *                          receivedAt, and the counters
 *
 * Failure switches: `GET|POST /_control` { down, failureRate, latencyMs, jitterMs } (the framework's).
 * The real platform's interface was not available to us: the envelope follows the other
 * government simulators', the batch contract is what exactly-once delivery needs (ordered,
 * idempotent by event id, a gap refused with the index it expects).
 */
import { z } from 'zod';
import { ok, parseBody, refuse } from '../departments/common';
import { createSimulator, type TSimRequest, type TSimSwitches, type TSimulator } from '../framework';

export interface TThemeDbSimulatorOptions {
  prefix?: string;
  /** The bearer token the platform issued to this service; none: any token is accepted. */
  token?: string;
  now?: () => number;
  switches?: Partial<TSimSwitches>;
  seed?: number;
}

export interface TReceivedEvent {
  index: number;
  id: string;
  type: string;
  at: string;
  receivedAt: string;
}

export interface TThemeDbSimulator extends TSimulator {
  /** Events held, in index order. */
  received(): TReceivedEvent[];
  stats(): { next: number; batches: number; accepted: number; duplicates: number; gaps: number; refused: number };
  /** Sets the token (the stack knows it only once the environment is chosen). */
  configure(options: { token?: string }): void;
}

const ZBatchSchema = z.strictObject({
  source: z.string().min(1).max(64),
  startIndex: z.number().int().min(0),
  events: z
    .array(
      z.strictObject({
        index: z.number().int().min(0),
        id: z.string().min(1).max(300),
        type: z.string().min(1).max(64),
        at: z.string().min(10).max(40),
        entryBase64: z.string().min(1).max(65_536),
      }),
    )
    .min(1)
    .max(500),
});

export function createThemeDbSimulator(options: TThemeDbSimulatorOptions = {}): TThemeDbSimulator {
  const now = options.now ?? Date.now;
  let token = options.token;
  const events: TReceivedEvent[] = []; // stored once per event id, in index order
  const byIndex: string[] = []; // byIndex[i]: the event id at index i (next expected = byIndex.length)
  const ids = new Set<string>();
  const counters = { batches: 0, accepted: 0, duplicates: 0, gaps: 0, refused: 0 };

  function receive(req: TSimRequest) {
    if (token && req.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { code: 'UNAUTHORIZED', message: '访问令牌无效', data: null } };
    const parsed = parseBody(ZBatchSchema, req.body);
    if (!parsed.ok) {
      counters.refused++;
      return parsed.response;
    }
    const b = parsed.data;
    const problems: { field: string; message: string }[] = [];
    b.events.forEach((e, i) => {
      if (e.index !== b.startIndex + i) problems.push({ field: `events.${i}.index`, message: `应为 ${b.startIndex + i}（序号须连续）` });
      let entry: { id?: unknown } | undefined;
      try {
        entry = JSON.parse(Buffer.from(e.entryBase64, 'base64').toString('utf8')) as { id?: unknown };
      } catch {
        entry = undefined;
      }
      if (!entry || entry.id !== e.id) problems.push({ field: `events.${i}.entryBase64`, message: '条目内容与事件编号不符' });
    });
    if (problems.length) {
      counters.refused++;
      return refuse('INVALID_PARAMS', `批次校验不通过：${problems.map((p) => `${p.field} ${p.message}`).join('；')}`, problems);
    }
    if (b.startIndex > byIndex.length) {
      counters.gaps++;
      return { status: 200, body: { code: 'INDEX_GAP', message: `序号不连续：应从 ${byIndex.length} 开始`, data: { expected: byIndex.length } } };
    }
    for (const e of b.events) {
      if (e.index < byIndex.length && byIndex[e.index] !== e.id) {
        counters.refused++;
        return { status: 200, body: { code: 'INDEX_CONFLICT', message: `序号 ${e.index} 已登记为另一事件`, data: { index: e.index } } };
      }
    }
    counters.batches++;
    const receivedAt = new Date(now()).toISOString();
    let accepted = 0;
    let duplicates = 0;
    for (const e of b.events) {
      if (e.index < byIndex.length) {
        duplicates++; // sent before (a retry, or a crash before the sender moved on)
        continue;
      }
      byIndex.push(e.id);
      if (ids.has(e.id)) {
        duplicates++; // the same event at another index: held once
        continue;
      }
      ids.add(e.id);
      accepted++;
      events.push({ index: e.index, id: e.id, type: e.type, at: e.at, receivedAt });
    }
    counters.accepted += accepted;
    counters.duplicates += duplicates;
    return ok({ accepted, duplicates, next: byIndex.length, receivedAt });
  }

  const base = createSimulator({
    name: '主题库',
    prefix: options.prefix ?? '/sim/theme-db',
    seed: options.seed,
    switches: options.switches,
    onReset: () => {
      events.length = 0;
      byIndex.length = 0;
      ids.clear();
      counters.batches = counters.accepted = counters.duplicates = counters.gaps = counters.refused = 0;
    },
    routes: [
      { method: 'POST', pattern: '/events/batches', handler: receive },
      { method: 'GET', pattern: '/events/cursor', handler: () => ok({ next: byIndex.length }) },
      { method: 'GET', pattern: '/_dev/received', control: true, handler: () => ({ status: 200, body: { ...sim.stats(), events } }) },
    ],
  });
  const sim: TThemeDbSimulator = Object.assign(base, {
    received: () => events.map((e) => ({ ...e })),
    stats: () => ({ next: byIndex.length, ...counters }),
    configure(o: { token?: string }) {
      token = o.token;
    },
  });
  return sim;
}
