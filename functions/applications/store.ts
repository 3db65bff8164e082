/**
 * Applications in Redis. Keys (all under the deployment's KEY_PREFIX; the
 * full layout is in functions/storage/STORAGE.md):
 *
 *   app:{id}                    STRING  the filed application (JSON; ID number encrypted)
 *   app:{id}:item:{code}        HASH    state, stage, stageRank, message, correctionFields,
 *                                       attempts, corrections, version, updatedAt, r:<result>…
 *   app:{id}:item:{code}:log    LIST    history entries (JSON): the view's fields plus, for a transition,
 *                                       eventId, results and message — what the ledger event is built from
 *   app:{id}:events             SET     processed event ids (idempotency of transitions)
 *   ent:{uscc}:apps             ZSET    application ids by filing time (ms)
 *   person:{idHmac}:apps        ZSET    application ids of one person by filing time
 *   idem:{uscc}:{key}           STRING  "<appId>|<body hash>", 24 h: Idempotency-Key of a filing
 *
 * Writes are single Lua scripts: filing creates everything at once or
 * nothing; item transitions are forward-only and idempotent by event id.
 */
import type { Redis } from '@upstash/redis';
import { ITEM_CATALOG, type TApplication, type TItemCode } from '../../domain';
import { ITEM_TRANSITION_LUA, ZHistoryEntrySchema, type TDueDates, type THistoryEntry, type TItemState, type TItemView } from './item-state';
import { ITEMS_BY_CODE, DEPARTMENT_NAMES, type TMaterialsView } from '../../domain';
import { fieldsToRecord } from '../storage/redis';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export interface TStoredApplication {
  id: string;
  uscc: string;
  enterpriseName: string;
  /** openid of the HR contact who filed it, or `clerk:<username>` for a filing at the window. */
  filedBy: string;
  /** A filing by a window clerk on behalf of the enterprise (一窗受理). */
  onBehalfOf?: { uscc: string; channel: 'window' };
  filedAt: string;
  /** The filing day in Asia/Shanghai, from which due dates count. */
  filedOn: string;
  personIdHmac: string;
  /** The ID number as lists may show it (birth date hidden). */
  maskedDocumentNumber: string;
  /** The application as filed; `employee.documentNumber` is encrypted. */
  application: TApplication;
  variants: Partial<Record<TItemCode, string[]>>;
  /** The labor contract generated from the form: the SHA-256 of its content, kept with the filing. */
  contract?: { template: string; signDate: string; contentSha256: string; /** Content hashes a correction replaced, oldest first. */ supersedes?: string[] };
  /** The materials filed with it: hashes and sizes (absent on filings from before materials could be attached). */
  materials?: TMaterialsView;
  dueDates: Record<TItemCode, TDueDates[]>;
}

/**
 * KEYS: 1 idempotency key, 2 app key, 3 enterprise index, 4 person index, 5..11 item hashes, 12..18 item logs.
 * ARGV: 1 app id, 2 body hash, 3 app JSON, 4 filed-at ms, 5 idempotency TTL s, 6 now ISO, 7 first history entry (JSON).
 * Returns { 1, id } created · { 0, id } same key and body: the existing one · { -1, id } same key, other body.
 */
export const CREATE_APPLICATION_LUA = `
local existing = redis.call('GET', KEYS[1])
if existing then
  local sep = string.find(existing, '|', 1, true)
  local id = string.sub(existing, 1, sep - 1)
  if string.sub(existing, sep + 1) == ARGV[2] then return {0, id} end
  return {-1, id}
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'EX', tonumber(ARGV[5]))
redis.call('SET', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], tonumber(ARGV[4]), ARGV[1])
redis.call('ZADD', KEYS[4], tonumber(ARGV[4]), ARGV[1])
for i = 5, 11 do
  redis.call('HSET', KEYS[i], 'state', 'submitted', 'stageRank', '0', 'attempts', '0', 'corrections', '0', 'version', '1', 'updatedAt', ARGV[6])
  redis.call('RPUSH', KEYS[i + 7], ARGV[7])
end
return {1, ARGV[1]}
`;

export interface TTransition {
  eventId: string;
  to: TItemState;
  stage?: { name: string; rank: number };
  /** Chinese message for the user; null clears it; undefined keeps it. */
  message?: string | null;
  correctionFields?: string[];
  results?: Record<string, string>;
  actor: string;
  note?: string;
}

/**
 * A history entry as stored: what the views show (`THistoryEntry`; toView strips the rest) plus what
 * the transition's ledger event is built from, so the event can be rebuilt from storage alone.
 */
export type TLoggedEntry = THistoryEntry & { eventId?: string; results?: Record<string, string>; message?: string };

export type TTransitionOutcome =
  | { applied: true; state: TItemState; /** The state it left. */ from: TItemState; entry: THistoryEntry; logged: TLoggedEntry }
  | { applied: false; reason: 'duplicate' | 'missing' | 'not_allowed' | 'stage_backwards'; state: TItemState | undefined };

export class ApplicationStore {
  private readonly createScript;
  private readonly transitionScript;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.createScript = redis.createScript<[number, string]>(CREATE_APPLICATION_LUA);
    this.transitionScript = redis.createScript<[number, string, string?]>(ITEM_TRANSITION_LUA);
  }

  key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  private itemKey(id: string, code: TItemCode): string {
    return this.key('app', id, 'item', code);
  }

  /** Creates the application and its seven items, or finds the one filed under the same key. */
  /** The application an Idempotency-Key already filed, if any (within its 24 h). */
  async filedUnder(uscc: string, idempotencyKey: string): Promise<string | undefined> {
    const v = await this.redis.get<string>(this.key('idem', uscc, idempotencyKey));
    return v ? v.slice(0, v.indexOf('|')) : undefined;
  }

  async create(app: TStoredApplication, idempotencyKey: string, bodyHash: string): Promise<{ outcome: 'created' | 'existing' | 'conflict'; id: string }> {
    const codes = ITEM_CATALOG.map((i) => i.code);
    const first = firstEntry(app);
    const [status, id] = await this.createScript.exec(
      [
        this.key('idem', app.uscc, idempotencyKey),
        this.key('app', app.id),
        this.key('ent', app.uscc, 'apps'),
        this.key('person', app.personIdHmac, 'apps'),
        ...codes.map((c) => this.itemKey(app.id, c)),
        ...codes.map((c) => this.itemKey(app.id, c) + ':log'),
      ],
      [app.id, bodyHash, JSON.stringify(app), String(Date.parse(app.filedAt)), String(IDEMPOTENCY_TTL_SECONDS), app.filedAt, JSON.stringify(first)],
    );
    return { outcome: status === 1 ? 'created' : status === 0 ? 'existing' : 'conflict', id };
  }

  async get(id: string): Promise<TStoredApplication | null> {
    const raw = await this.redis.get<string>(this.key('app', id));
    return raw ? (JSON.parse(raw) as TStoredApplication) : null;
  }

  async replaceApplication(app: TStoredApplication): Promise<void> {
    await this.redis.set(this.key('app', app.id), JSON.stringify(app), { xx: true });
  }

  async transition(id: string, code: TItemCode, t: TTransition): Promise<TTransitionOutcome> {
    const at = this.now().toISOString();
    const entry: THistoryEntry = { at, state: t.to, actor: t.actor, ...(t.stage ? { stage: t.stage.name } : {}), ...(t.note ? { note: t.note } : {}) };
    const logged: TLoggedEntry = {
      ...entry,
      eventId: t.eventId,
      ...(t.results && Object.keys(t.results).length ? { results: t.results } : {}),
      ...(t.message ? { message: t.message } : {}),
    };
    const base = this.itemKey(id, code);
    const [status, state, from] = await this.transitionScript.exec(
      [base, base + ':log', this.key('app', id, 'events')],
      [
        t.eventId,
        t.to,
        String(t.stage?.rank ?? 0),
        t.stage?.name ?? '',
        at,
        JSON.stringify(logged),
        t.message === undefined ? '-' : (t.message ?? ''),
        t.correctionFields === undefined ? '-' : JSON.stringify(t.correctionFields),
        ...Object.entries(t.results ?? {}).flat(),
      ],
    );
    const s = (state || undefined) as TItemState | undefined;
    if (status === 1) return { applied: true, state: s!, from: from as TItemState, entry, logged };
    const reason = status === 0 ? 'duplicate' : status === -1 ? 'missing' : status === -2 ? 'not_allowed' : 'stage_backwards';
    return { applied: false, reason, state: s };
  }

  /** Counts a processing attempt (for backoff and the health report). */
  async countAttempt(id: string, code: TItemCode, error?: string): Promise<void> {
    const p = this.redis.pipeline();
    p.hincrby(this.itemKey(id, code), 'attempts', 1);
    p.hset(this.itemKey(id, code), { lastError: error ?? '' });
    await p.exec();
  }

  /** The seven items of an application just created (what `create` wrote), without reading them back. */
  initialItems(app: TStoredApplication): TItemView[] {
    return ITEM_CATALOG.map((i) => toView(app, i.code, { state: 'submitted', updatedAt: app.filedAt }, [JSON.stringify(firstEntry(app))]));
  }

  /** All seven items of an application, with their history. */
  async items(app: TStoredApplication): Promise<TItemView[]> {
    return (await this.itemsWithLogs(app)).views;
  }

  /** The items and their history entries as stored (with the ledger fields), in one round trip. */
  async itemsWithLogs(app: TStoredApplication): Promise<{ views: TItemView[]; logs: Record<TItemCode, TLoggedEntry[]> }> {
    const codes = ITEM_CATALOG.map((i) => i.code);
    const p = this.redis.pipeline();
    for (const c of codes) {
      p.hgetall(this.itemKey(app.id, c));
      p.lrange(this.itemKey(app.id, c) + ':log', 0, -1);
    }
    const replies = (await p.exec()) as unknown[];
    const parse = (e: unknown) => (typeof e === 'string' ? JSON.parse(e) : e) as TLoggedEntry;
    return {
      views: codes.map((code, i) => toView(app, code, fieldsToRecord(replies[2 * i]), replies[2 * i + 1] as string[])),
      logs: Object.fromEntries(codes.map((code, i) => [code, ((replies[2 * i + 1] as unknown[] | null) ?? []).map(parse)])) as Record<TItemCode, TLoggedEntry[]>,
    };
  }

  /** The items of several applications in one pipelined round trip (same order as `apps`). */
  async itemsOfMany(apps: TStoredApplication[]): Promise<TItemView[][]> {
    if (apps.length === 0) return [];
    const codes = ITEM_CATALOG.map((i) => i.code);
    const p = this.redis.pipeline();
    for (const app of apps) {
      for (const c of codes) {
        p.hgetall(this.itemKey(app.id, c));
        p.lrange(this.itemKey(app.id, c) + ':log', 0, -1);
      }
    }
    const replies = (await p.exec()) as unknown[];
    return apps.map((app, a) =>
      codes.map((code, i) => {
        const at = (a * codes.length + i) * 2;
        return toView(app, code, fieldsToRecord(replies[at]), replies[at + 1] as string[]);
      }),
    );
  }

  /** States only, for lists (one pipelined round trip for many applications). */
  async states(ids: string[]): Promise<Record<string, Record<TItemCode, TItemState>>> {
    if (ids.length === 0) return {};
    const codes = ITEM_CATALOG.map((i) => i.code);
    const p = this.redis.pipeline();
    for (const id of ids) for (const c of codes) p.hget(this.itemKey(id, c), 'state');
    const replies = (await p.exec()) as (string | null)[];
    return Object.fromEntries(
      ids.map((id, i) => [id, Object.fromEntries(codes.map((c, j) => [c, (replies[i * codes.length + j] ?? 'submitted') as TItemState]))]),
    ) as Record<string, Record<TItemCode, TItemState>>;
  }

  /** Newest first; `cursor` is the filing time (ms) to continue below. */
  async listIds(index: 'ent' | 'person', owner: string, limit: number, cursor?: number): Promise<{ ids: string[]; next?: number }> {
    const key = this.key(index, owner, 'apps');
    const max = cursor === undefined ? '+inf' : `(${cursor}`;
    // ZRANGE key max min BYSCORE REV LIMIT 0 n WITHSCORES (the typings do not model exclusive bounds with REV)
    const rows = (await this.redis.zrange(key, max as never, '-inf' as never, { byScore: true, rev: true, offset: 0, count: limit + 1, withScores: true })) as (string | number)[];
    const pairs: { id: string; score: number }[] = [];
    for (let i = 0; i < rows.length; i += 2) pairs.push({ id: String(rows[i]), score: Number(rows[i + 1]) });
    const page = pairs.slice(0, limit);
    return { ids: page.map((p) => p.id), ...(pairs.length > limit ? { next: page[page.length - 1]!.score } : {}) };
  }

  async getMany(ids: string[]): Promise<TStoredApplication[]> {
    if (ids.length === 0) return [];
    const raws = (await this.redis.mget<string[]>(...ids.map((id) => this.key('app', id)))) as (string | null)[];
    return raws.filter((r): r is string => !!r).map((r) => JSON.parse(r) as TStoredApplication);
  }
}

function firstEntry(app: TStoredApplication): THistoryEntry {
  if (app.onBehalfOf) return { at: app.filedAt, state: 'submitted', actor: app.filedBy, note: '窗口受理（代企业提交）' };
  return { at: app.filedAt, state: 'submitted', actor: `hr:${app.filedBy.slice(0, 8)}`, note: '已提交' };
}

function toView(app: TStoredApplication, code: TItemCode, hash: Record<string, string> | null, log: string[] | null): TItemView {
  const h = hash ?? {};
  const results = Object.fromEntries(Object.entries(h).filter(([k]) => k.startsWith('r:')).map(([k, v]) => [k.slice(2), String(v)]));
  const item = ITEMS_BY_CODE[code];
  return {
    code,
    name: item.name,
    department: DEPARTMENT_NAMES[item.department],
    state: (h.state ?? 'submitted') as TItemState,
    stage: h.stage ?? null,
    results,
    message: h.message ? String(h.message) : null,
    correctionFields: h.correctionFields ? (JSON.parse(String(h.correctionFields)) as string[]) : [],
    dueDates: app.dueDates[code] ?? [],
    attempts: Number(h.attempts ?? 0),
    corrections: Number(h.corrections ?? 0),
    updatedAt: String(h.updatedAt ?? app.filedAt),
    history: (log ?? []).map((e) => ZHistoryEntrySchema.parse(typeof e === 'string' ? JSON.parse(e) : e)),
  };
}
