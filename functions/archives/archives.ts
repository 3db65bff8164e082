/**
 * 一户一档 and 一人一档: everything about one enterprise or one person, in
 * order — every hire with each item's result and the materials' hashes (from
 * the applications), the ledger entries of the subject with their inclusion
 * proofs against the latest signed checkpoint, and for a person the access
 * log. Paged; each part can be asked for alone (`part`). Personal data is
 * masked throughout.
 *
 * Reads: hires from `ent:{uscc}:apps` / `person:{idHmac}:apps` (oldest
 * first), their items in one pipelined round trip; ledger indexes from
 * `archive:ent:{uscc}` / `archive:person:{idHmac}` (index-events.ts), the
 * entries from the ledger in contiguous runs, one proof per entry.
 */
import { createHash } from 'node:crypto';
import {
  AppError,
  ITEMS_BY_CODE,
  ledgerEventTitle,
  maskCardNo,
  maskIdentityNumbersInText,
  maskName,
  type TAccessLogEntry,
  type TArchiveEntry,
  type TArchiveHire,
  type TArchiveView,
  type TCheckpointView,
  type TEnterpriseArchiveQuery,
  type TPersonArchiveQuery,
  type TRatingLevel,
} from '../../domain';
import { requireEmployee, type TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import type { TItemView } from '../applications/item-state';
import type { TStoredApplication } from '../applications/store';
import type { TLedgerPort, TStoredEntry } from '../ledger/port';
import { ratingKey } from '../supervision/ratings';
import { archiveEnterpriseKey, archivePersonKey } from './index-events';
import { ledgerOf } from './ledger';

type TPageQuery = TPersonArchiveQuery;
const wants = (q: TPageQuery, part: 'hires' | 'ledger' | 'access') => q.part === 'all' || q.part === part;

// ── Hires ────────────────────────────────────────────────────────────────

const CARD_NUMBER_RESULTS = ['cardNo', 'electronicCardNo'];

function archiveHire(app: TStoredApplication, items: TItemView[], rating: { level?: string; at?: string }): TArchiveHire {
  return {
    id: app.id,
    filedAt: app.filedAt,
    channel: app.onBehalfOf ? 'window' : 'online',
    enterpriseName: app.enterpriseName,
    uscc: app.uscc,
    employee: { name: maskName(app.application.employee.name), documentNumber: app.maskedDocumentNumber },
    items: items.map((i) => ({
      code: i.code,
      name: i.name,
      department: ITEMS_BY_CODE[i.code].department,
      state: i.state,
      results: Object.fromEntries(Object.entries(i.results).map(([k, v]) => [k, CARD_NUMBER_RESULTS.includes(k) ? maskCardNo(v) : v])),
      doneAt: i.state === 'done' ? ([...i.history].reverse().find((h) => h.state === 'done')?.at ?? i.updatedAt) : null,
      history: i.history.map((h) => ({ ...h, ...(h.note ? { note: maskIdentityNumbersInText(h.note) } : {}) })),
    })),
    materials: app.materials ?? {
      identityDocument: [],
      laborContract: app.contract ? { mode: 'generated', template: app.contract.template, contentSha256: app.contract.contentSha256 } : { mode: 'scanned', pages: [] },
    },
    ...(app.contract ? { contract: { template: app.contract.template, contentSha256: app.contract.contentSha256, ...(app.contract.supersedes ? { supersedes: app.contract.supersedes } : {}) } } : {}),
    ...(rating.level ? { rating: { level: rating.level as TRatingLevel, at: rating.at ?? '' } } : {}),
  };
}

/** A page of hires, oldest first; `cursor` is the filing time (ms) of the last one shown. */
async function hiresPage(deps: TDeps, indexKey: string, q: TPageQuery): Promise<TArchiveView['hires']> {
  const min = q.cursor === undefined ? '-inf' : `(${q.cursor}`;
  const rows = (await deps.redis.zrange(indexKey, min as never, '+inf' as never, { byScore: true, offset: 0, count: q.limit + 1, withScores: true })) as (string | number)[];
  const pairs: { id: string; score: number }[] = [];
  for (let i = 0; i < rows.length; i += 2) pairs.push({ id: String(rows[i]), score: Number(rows[i + 1]) });
  const page = pairs.slice(0, q.limit);
  const apps = await deps.store.getMany(page.map((p) => p.id));
  const ratings = deps.redis.pipeline();
  for (const a of apps) ratings.hmget(ratingKey(deps, a.id), 'level', 'at');
  const [items, rated] = await Promise.all([deps.store.itemsOfMany(apps), apps.length ? (ratings.exec() as Promise<unknown[]>) : Promise.resolve([])]);
  return {
    items: apps.map((a, i) => {
      const r = rated[i] as unknown;
      const [level, at] = Array.isArray(r) ? r : [(r as Record<string, unknown> | null)?.level, (r as Record<string, unknown> | null)?.at];
      return archiveHire(a, items[i]!, { ...(level ? { level: String(level) } : {}), ...(at ? { at: String(at) } : {}) });
    }),
    ...(pairs.length > q.limit ? { nextCursor: page[page.length - 1]!.score } : {}),
  };
}

// ── Ledger entries with proofs ───────────────────────────────────────────

function leafHashBase64(entry: Uint8Array): string {
  return createHash('sha256').update(Buffer.from([0])).update(entry).digest('base64');
}

/** Strings in event data with anything shaped like an ID or mobile number masked. */
function maskData(value: unknown): unknown {
  if (typeof value === 'string') return maskIdentityNumbersInText(value);
  if (Array.isArray(value)) return value.map(maskData);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskData(v)]));
  return value;
}

/** Entries at the given indexes, fetched in contiguous runs (a gap of a few entries is read through). */
async function entriesAt(ledger: TLedgerPort, indexes: number[]): Promise<Map<number, TStoredEntry>> {
  const runs: [number, number][] = [];
  for (const i of [...indexes].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && i - last[1] <= 8) last[1] = i + 1;
    else runs.push([i, i + 1]);
  }
  const got = await Promise.all(runs.map(([from, to]) => ledger.entries(from, to)));
  const wanted = new Set(indexes);
  return new Map(got.flat().filter((e) => wanted.has(e.index)).map((e) => [e.index, e]));
}

async function ledgerPage(deps: TDeps, indexKey: string, q: TPageQuery): Promise<{ checkpoint: TCheckpointView | null; ledger: TArchiveView['ledger'] }> {
  const ledger = ledgerOf(deps);
  if (!ledger) return { checkpoint: null, ledger: { available: false, total: 0, entries: [] } };
  const min = q.ledgerCursor === undefined ? '-inf' : `(${q.ledgerCursor}`;
  const [checkpoint, total, rows] = await Promise.all([
    ledger.latestCheckpoint(),
    deps.redis.zcard(indexKey),
    deps.redis.zrange(indexKey, min as never, '+inf' as never, { byScore: true, offset: 0, count: q.limit + 1 }) as Promise<string[]>,
  ]);
  const indexes = rows.map(Number).filter((n) => Number.isInteger(n));
  const page = indexes.slice(0, q.limit);
  const size = checkpoint?.size ?? 0;
  const [stored, proofs] = await Promise.all([
    entriesAt(ledger, page),
    Promise.all(page.map((i) => (i < size ? ledger.inclusionProof(i, size) : Promise.resolve(null)))),
  ]);
  const entries: TArchiveEntry[] = page.flatMap((index, i) => {
    const e = stored.get(index);
    if (!e) return [];
    const bytes = Buffer.from(e.entryBase64, 'base64');
    return [
      {
        index,
        eventId: e.event.id,
        at: e.event.at,
        type: e.event.type,
        title: ledgerEventTitle(e.event.type),
        actor: e.event.actor,
        ...(e.event.subject?.applicationId ? { applicationId: e.event.subject.applicationId } : {}),
        data: maskData(e.event.data ?? {}) as Record<string, unknown>,
        entryBase64: e.entryBase64,
        leafHashBase64: leafHashBase64(bytes),
        proof: proofs[i] ? { treeSize: size, auditPath: proofs[i]! } : null,
      },
    ];
  });
  return {
    checkpoint: checkpoint ? { origin: checkpoint.origin, size: checkpoint.size, rootHashBase64: checkpoint.rootHashBase64, text: checkpoint.text } : null,
    ledger: { available: true, total: Number(total ?? 0), entries, ...(indexes.length > q.limit ? { nextCursor: page[page.length - 1]! } : {}) },
  };
}

// ── Access log ───────────────────────────────────────────────────────────

const WHO: Record<string, string> = { hr: '企业人事', clerk: '窗口工作人员', terminal: '社保卡扫码终端', employee: '本人', user: '已登录用户', department: '部门业务系统', system: '系统' };

async function accessPage(deps: TDeps, idHmac: string, q: TPageQuery): Promise<NonNullable<TArchiveView['accessLog']>> {
  const offset = q.accessCursor ?? 0;
  const raw = ((await deps.redis.lrange(`${deps.prefix}person:${idHmac}:access`, offset, offset + q.limit)) as unknown[]) ?? [];
  const rows = raw.flatMap((r) => {
    try {
      return [(typeof r === 'string' ? JSON.parse(r) : r) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
  const page = rows.slice(0, q.limit);
  const ents = [...new Set(page.map((r) => r.enterprise).filter((u): u is string => typeof u === 'string'))];
  const names = new Map<string, string>();
  if (ents.length) {
    const pipe = deps.redis.pipeline();
    for (const u of ents) pipe.hget(`${deps.prefix}ent:${u}`, 'name');
    ((await pipe.exec()) as unknown[]).forEach((n, i) => n && names.set(ents[i]!, String(n)));
  }
  const items: TAccessLogEntry[] = page.map((r) => {
    const actor = String(r.actor ?? 'system');
    const kind = actor.split(':')[0] ?? 'system';
    const enterprise = typeof r.enterprise === 'string' ? r.enterprise : undefined;
    const name = enterprise ? names.get(enterprise) : undefined;
    return {
      at: String(r.at ?? ''),
      who: `${WHO[kind] ?? '其他'}${name ? `（${name}）` : ''}`,
      actor,
      ...(enterprise ? { enterprise: { uscc: enterprise, ...(name ? { name } : {}) } } : {}),
      purpose: String(r.purpose ?? '查询'),
      ...(Array.isArray(r.sources) ? { sources: r.sources.map(String) } : {}),
      ...(typeof r.applicationId === 'string' ? { applicationId: r.applicationId } : {}),
      ...(typeof r.eventId === 'string' ? { eventId: r.eventId } : {}),
    };
  });
  return { items, ...(rows.length > q.limit ? { nextCursor: offset + q.limit } : {}) };
}

// ── The two files ────────────────────────────────────────────────────────

const EMPTY_HIRES: TArchiveView['hires'] = { items: [] };

/** GET /api/archives/enterprise: an HR contact's own enterprise; a clerk's any (`uscc`). */
export async function enterpriseArchive(deps: TDeps, p: TPrincipal, q: TEnterpriseArchiveQuery): Promise<TArchiveView> {
  let uscc: string;
  if (p.clerk) {
    if (!q.uscc) throw new AppError('VALIDATION_FAILED', { issues: [{ path: ['uscc'], code: 'required', message: '请填写要查询企业的统一社会信用代码' }] });
    uscc = q.uscc;
  } else if (p.hr) {
    if (q.uscc && q.uscc !== p.hr.uscc) throw new AppError('FORBIDDEN', { message: '只能查看本企业的档案' });
    uscc = p.hr.uscc;
  } else {
    throw new AppError('FORBIDDEN', { message: '一户一档仅限企业人事和窗口工作人员查看，请先通过电子营业执照授权绑定企业' });
  }
  const [name, latest, hires, ledger] = await Promise.all([
    deps.redis.hget(`${deps.prefix}ent:${uscc}`, 'name'),
    deps.store.listIds('ent', uscc, 1),
    wants(q, 'hires') ? hiresPage(deps, `${deps.prefix}ent:${uscc}:apps`, q) : EMPTY_HIRES,
    wants(q, 'ledger') ? ledgerPage(deps, archiveEnterpriseKey(deps, uscc), q) : undefined,
  ]);
  const fallbackName = name ? String(name) : ((await deps.store.getMany(latest.ids))[0]?.enterpriseName ?? '');
  return {
    subject: { kind: 'enterprise', uscc, name: fallbackName },
    checkpoint: ledger?.checkpoint ?? null,
    hires,
    ledger: ledger?.ledger ?? { available: Boolean(ledgerOf(deps)), total: 0, entries: [] },
  };
}

/** GET /api/me/archive: the verified employee's own file, with who looked up or opened their data. */
export async function personArchive(deps: TDeps, p: TPrincipal, q: TPersonArchiveQuery): Promise<TArchiveView> {
  const employee = requireEmployee(p);
  const [latest, hires, ledger, accessLog] = await Promise.all([
    deps.store.listIds('person', employee.idHmac, 1),
    wants(q, 'hires') ? hiresPage(deps, `${deps.prefix}person:${employee.idHmac}:apps`, q) : EMPTY_HIRES,
    wants(q, 'ledger') ? ledgerPage(deps, archivePersonKey(deps, employee.idHmac), q) : undefined,
    wants(q, 'access') ? accessPage(deps, employee.idHmac, q) : undefined,
  ]);
  const app = (await deps.store.getMany(latest.ids))[0];
  return {
    subject: { kind: 'person', name: maskName(employee.name), documentNumber: app?.maskedDocumentNumber ?? null },
    checkpoint: ledger?.checkpoint ?? null,
    hires,
    ledger: ledger?.ledger ?? { available: Boolean(ledgerOf(deps)), total: 0, entries: [] },
    ...(accessLog ? { accessLog } : {}),
  };
}

