/**
 * The clerk's views, read from the supervision index (index-items.ts), never
 * by scanning applications: a department's queue by state, the overdue
 * board (items not done past their promised or one-thing due date, in
 * working days; oldest first, with the bad ratings awaiting follow-up), and
 * per-department / per-item statistics (count, done, median and p90 time to
 * done). Each answers in two round trips.
 */
import {
  breachedLimits,
  DEPARTMENT_NAMES,
  dayScore,
  ITEM_CATALOG,
  ITEMS_BY_CODE,
  itemDeadlines,
  localToday,
  maskName,
  OPEN_ITEM_STATES,
  percentileRank,
  workingDaysOver,
  ZDepartmentSchema,
  type TDepartment,
  type TDurationStats,
  type TItemCode,
  type TItemState,
  type TOverdueBoard,
  type TOverdueEntry,
  type TQueueEntry,
  type TQueuePage,
  type TQueueQuery,
  type TSupervisionStats,
} from '../../domain';
import { requireClerk, type TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import type { TStoredApplication } from '../applications/store';
import { parseItemMember, queueKey, supKey } from './index-items';
import { listOpenBadRatings } from './ratings';

const ITEM_FIELDS = ['state', 'stage', 'message', 'updatedAt'] as const;

/** The applications and the item hashes of some "{appId}:{item}" members, in one round trip. */
async function loadEntries(deps: TDeps, members: string[]): Promise<{ member: string; app: TStoredApplication; item: TItemCode; hash: Record<string, string | null> }[]> {
  if (!members.length) return [];
  const parsed = members.map(parseItemMember);
  const appIds = [...new Set(parsed.map((m) => m.appId))];
  const pipe = deps.redis.pipeline();
  pipe.mget(...appIds.map((id) => `${deps.prefix}app:${id}`));
  for (const m of parsed) pipe.hmget(`${deps.prefix}app:${m.appId}:item:${m.item}`, ...ITEM_FIELDS);
  const [raws, ...hashes] = (await pipe.exec()) as unknown[];
  const apps = new Map<string, TStoredApplication>();
  ((raws as (string | TStoredApplication | null)[]) ?? []).forEach((raw, i) => {
    if (raw) apps.set(appIds[i]!, typeof raw === 'string' ? (JSON.parse(raw) as TStoredApplication) : raw);
  });
  return parsed.flatMap((m, i) => {
    const app = apps.get(m.appId);
    if (!app) return [];
    const reply = hashes[i] as unknown;
    // HMGET answers an array of values in field order (or, deserialized, an object)
    const values = Array.isArray(reply) ? reply : ITEM_FIELDS.map((f) => (reply as Record<string, unknown> | null)?.[f] ?? null);
    const hash = Object.fromEntries(ITEM_FIELDS.map((f, j) => [f, values[j] === null || values[j] === undefined ? null : String(values[j])]));
    return [{ member: members[i]!, app, item: m.item, hash }];
  });
}

function queueEntry(app: TStoredApplication, item: TItemCode, hash: Record<string, string | null>): TQueueEntry {
  const department = ITEMS_BY_CODE[item].department;
  return {
    applicationId: app.id,
    item,
    itemName: ITEMS_BY_CODE[item].name,
    department,
    departmentName: DEPARTMENT_NAMES[department],
    state: (hash.state ?? 'submitted') as TItemState,
    stage: hash.stage || null,
    message: hash.message || null,
    enterpriseName: app.enterpriseName,
    uscc: app.uscc,
    employee: { name: maskName(app.application.employee.name), documentNumber: app.maskedDocumentNumber },
    filedAt: app.filedAt,
    updatedAt: hash.updatedAt ?? app.filedAt,
    channel: app.onBehalfOf ? 'window' : 'online',
    dueDate: itemDeadlines(app.dueDates[item] ?? []).earliest,
  };
}

/** GET /api/clerk/queues: one department's items in one open state, oldest filing first. */
export async function listQueue(deps: TDeps, p: TPrincipal, query: TQueueQuery): Promise<TQueuePage> {
  requireClerk(p);
  const offset = query.cursor ?? 0;
  const pipe = deps.redis.pipeline();
  for (const s of OPEN_ITEM_STATES) pipe.zcard(queueKey(deps, query.department, s));
  pipe.zrange(queueKey(deps, query.department, query.state), offset, offset + query.limit);
  const replies = (await pipe.exec()) as unknown[];
  const counts = Object.fromEntries(OPEN_ITEM_STATES.map((s, i) => [s, Number(replies[i] ?? 0)])) as TQueuePage['counts'];
  const members = ((replies[OPEN_ITEM_STATES.length] as string[] | null) ?? []).map(String);
  const page = members.slice(0, query.limit);
  const entries = await loadEntries(deps, page);
  return {
    department: query.department,
    departmentName: DEPARTMENT_NAMES[query.department],
    state: query.state,
    counts,
    items: entries.map((e) => queueEntry(e.app, e.item, e.hash)),
    ...(members.length > query.limit ? { nextCursor: offset + query.limit } : {}),
  };
}

/** GET /api/clerk/overdue: open items past due (oldest due first), and bad ratings awaiting follow-up. */
export async function overdueBoard(deps: TDeps, p: TPrincipal, query: { limit: number; cursor?: number }): Promise<TOverdueBoard> {
  requireClerk(p);
  const today = localToday(deps.now().getTime());
  const max = dayScore(today) - 1; // due before today
  const offset = query.cursor ?? 0;
  const pipe = deps.redis.pipeline();
  pipe.zcount(supKey(deps, 'due'), '-inf', max);
  pipe.zrange(supKey(deps, 'due'), '-inf', max, { byScore: true, offset, count: query.limit + 1 });
  const [[total, rows], badRatings] = await Promise.all([pipe.exec() as Promise<[number, string[]]>, listOpenBadRatings(deps, 50)]);
  const members = (rows ?? []).map(String);
  const entries = await loadEntries(deps, members.slice(0, query.limit));
  const items: TOverdueEntry[] = entries.flatMap(({ app, item, hash }) => {
    const entry = queueEntry(app, item, hash);
    if (entry.state === 'done' || entry.state === 'rejected') return []; // finished since it was read from the index
    const deadlines = itemDeadlines(app.dueDates[item] ?? []);
    const breached = breachedLimits(deadlines, today);
    return [{ ...entry, promisedDue: deadlines.promisedDue, oneThingDue: deadlines.oneThingDue, breached, workingDaysOver: deadlines.earliest ? workingDaysOver(deadlines.earliest, today) : null }];
  });
  return {
    today,
    total: Number(total ?? 0),
    items,
    ...(members.length > query.limit ? { nextCursor: offset + query.limit } : {}),
    badRatings,
  };
}

/** GET /api/clerk/stats: per department and per item, count, done, median and p90 seconds to done (nearest rank). */
export async function supervisionStats(deps: TDeps, p: TPrincipal): Promise<TSupervisionStats> {
  requireClerk(p);
  const codes = ITEM_CATALOG.map((i) => i.code);
  const departments = ZDepartmentSchema.options;
  const ttdKeys = [...codes.map((c) => supKey(deps, 'ttd', c)), ...departments.map((d) => supKey(deps, 'ttd', 'dept', d))];
  const first = deps.redis.pipeline();
  for (const c of codes) first.zcard(supKey(deps, 'filed', c));
  for (const k of ttdKeys) first.zcard(k);
  const cards = ((await first.exec()) as unknown[]).map((n) => Number(n ?? 0));
  const filed = cards.slice(0, codes.length);
  const done = cards.slice(codes.length);
  // Second round trip: the values at the median and p90 ranks of each non-empty distribution.
  const second = deps.redis.pipeline();
  const asked: { key: number; which: 'median' | 'p90' }[] = [];
  ttdKeys.forEach((k, i) => {
    const n = done[i]!;
    if (!n) return;
    for (const [which, q] of [['median', 0.5], ['p90', 0.9]] as const) {
      const rank = percentileRank(n, q);
      second.zrange(k, rank, rank, { withScores: true });
      asked.push({ key: i, which });
    }
  });
  const values = asked.length ? ((await second.exec()) as unknown[][]) : [];
  const quantiles = ttdKeys.map(() => ({ median: null as number | null, p90: null as number | null }));
  asked.forEach((a, i) => {
    const row = values[i] ?? [];
    quantiles[a.key]![a.which] = row.length >= 2 ? Number(row[1]) : null;
  });
  const stat = (i: number, count: number): TDurationStats => ({ count, done: done[i]!, medianSeconds: quantiles[i]!.median, p90Seconds: quantiles[i]!.p90 });
  return {
    departments: departments.map((d, j) => ({
      department: d,
      name: DEPARTMENT_NAMES[d],
      ...stat(codes.length + j, codes.reduce((sum, c, i) => sum + (ITEMS_BY_CODE[c].department === d ? filed[i]! : 0), 0)),
    })),
    items: codes.map((c, i) => ({ item: c, name: ITEMS_BY_CODE[c].name, department: ITEMS_BY_CODE[c].department as TDepartment, ...stat(i, filed[i]!) })),
    at: deps.now().toISOString(),
  };
}

