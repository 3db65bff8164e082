/**
 * Shared pieces of the fault scenarios (issue 7, "Faults"): hires of distinct
 * synthetic people, a spy on what the department simulators actually answered,
 * a TCP proxy that can cut Redis away, and the counting that every scenario
 * ends with — from the sources of truth, not from the API's answers:
 *
 *   stored      applications in Redis (the enterprise's index and each person's index)
 *   items done  the item hashes in Redis
 *   departments the simulators' own records, and every answer they gave, by requestId
 *   ledger      `application.filed` events in the ledger, each once
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import net from 'node:net';
import { checkHire, ITEM_CATALOG, localToday, type TApplicationInput, type TItemCode } from '../../domain';
import type { TItemView } from '../../functions/applications/item-state';
import type { TDeps } from '../../functions/deps';
import type { TSimulator } from '../../functions/simulators/framework';
import { DEMO_ENTERPRISES, PEOPLE, type TSimPerson } from '../../functions/simulators/dataset';
import { highestEducation } from '../../functions/shared-data';
import { demoApplication } from '../integration/client';

export const FAULT_USCC = DEMO_ENTERPRISES.energy.uscc;
export const ITEM_CODES: readonly TItemCode[] = ITEM_CATALOG.map((i) => i.code);

// ── hires ────────────────────────────────────────────────────────────────

function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** The body a wizard would file for `person` at the demo enterprise (as after auto-fill). */
export function hireBody(person: TSimPerson, today = localToday()): TApplicationInput {
  const e = DEMO_ENTERPRISES.energy;
  const edu = highestEducation(person.educationRecords);
  const employer = {
    name: { value: e.name }, address: { value: e.address }, legalRepresentative: { value: e.legalRepresentative },
    industrialSector: { value: e.industrialSector }, divisionCode: { value: e.divisionCode }, industryCode: { value: e.industryCode },
    contactName: { value: '李红' }, contactPhone: { value: '0473-3123456' },
  };
  return demoApplication({ employer, person: {} }, today, {
    employee: {
      documentNumber: person.documentNumber, name: person.name, sex: person.sex, birthDate: person.birthDate, ethnicGroup: person.ethnicGroup,
      hukouNature: person.hukouNature, hukouAddress: person.hukouAddress,
      education: edu?.education ?? '71', graduateSchool: edu?.graduateSchool, major: edu?.major, graduationDate: edu?.graduationDate,
    },
    employmentRegistration: { firstEmploymentDate: today },
  });
}

/**
 * `n` people every department accepts (adult citizens of working age, not
 * insured elsewhere, nothing the pre-check blocks), starting at the
 * `offset`-th such person so that scenarios sharing simulators use others.
 */
export function hirablePeople(n: number, offset = 0, today = localToday()): { person: TSimPerson; body: TApplicationInput }[] {
  const out: { person: TSimPerson; body: TApplicationInput }[] = [];
  let skipped = 0;
  for (const person of PEOPLE) {
    if (out.length >= n) break;
    if (person.documentType !== '01' || person.insuredElsewhere || !person.ethnicGroup || !person.hukouAddress) continue;
    const age = ageOn(person.birthDate, today);
    if (age < 20 || age > 45) continue;
    const body = hireBody(person, today);
    if (checkHire(body, today).status !== 'ok') continue;
    if (skipped++ < offset) continue;
    out.push({ person, body });
  }
  if (out.length < n) throw new Error(`only ${out.length} hirable people in the dataset from offset ${offset}`);
  return out;
}

// ── what the departments answered ────────────────────────────────────────

export interface TSimCall {
  sim: string;
  method: string;
  path: string;
  /** The caller's requestId (sent as Idempotency-Key), `<applicationId>:<item>:<round>[:variant]`. */
  key?: string;
  status: number;
  /** The department's business code (`0000` success). */
  code?: string;
  data?: unknown;
  at: number;
}

/**
 * Records every call the simulators answer, with the answer, without touching
 * them: the local server calls `sim.handle` at request time, so wrapping it
 * sees each request and the body written back.
 */
export function spySimulators(sims: TSimulator[]): { calls: TSimCall[]; restore(): void } {
  const calls: TSimCall[] = [];
  const originals = sims.map((s) => [s, s.handle] as const);
  for (const sim of sims) {
    const original = sim.handle;
    sim.handle = (req: IncomingMessage, res: ServerResponse, path: string) => {
      const key = req.headers['idempotency-key'];
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      (res as { end: unknown }).end = (...args: unknown[]) => {
        let body: { code?: string; data?: unknown } | undefined;
        try {
          body = typeof args[0] === 'string' || Buffer.isBuffer(args[0]) ? JSON.parse(String(args[0])) : undefined;
        } catch {
          body = undefined;
        }
        calls.push({ sim: sim.name, method: req.method ?? '', path, ...(typeof key === 'string' ? { key } : {}), status: res.statusCode, code: body?.code, data: body?.data, at: Date.now() });
        return end(...args);
      };
      return original.call(sim, req, res, path);
    };
  }
  return { calls, restore: () => originals.forEach(([s, h]) => void (s.handle = h)) };
}

/** A write the department accepted: HTTP 200 with code 0000. */
export const accepted = (c: TSimCall) => c.method === 'POST' && c.status === 200 && c.code === '0000' && c.key !== undefined;

/**
 * Per requestId, the distinct records the department answered with (a retry
 * of the same requestId gets the stored answer again: the same record). More
 * than one distinct answer for one requestId, or more than one requestId per
 * (application, item, variant), is work done twice.
 */
export function departmentWrites(calls: TSimCall[], applicationIds: Iterable<string>) {
  const ids = new Set(applicationIds);
  const byKey = new Map<string, Set<string>>();
  for (const c of calls.filter(accepted)) {
    const appId = c.key!.split(':')[0]!;
    if (!ids.has(appId)) continue;
    const answers = byKey.get(c.key!) ?? new Set<string>();
    answers.add(JSON.stringify(c.data));
    byKey.set(c.key!, answers);
  }
  // (application, item) → requestIds accepted; an item with variants has one requestId per variant
  const perItem = new Map<string, string[]>();
  for (const key of byKey.keys()) {
    const [appId, item] = key.split(':');
    const k = `${appId}:${item}`;
    perItem.set(k, [...(perItem.get(k) ?? []), key]);
  }
  const conflicting = [...byKey.entries()].filter(([, answers]) => answers.size > 1).map(([key]) => key);
  // the same variant accepted under two correction rounds would be two records of one item
  const twice = [...perItem.entries()].filter(([, keys]) => new Set(keys.map((k) => k.split(':').slice(3).join(':'))).size !== keys.length).map(([k]) => k);
  return { requestIds: byKey.size, perItem, conflicting, twice };
}

/** Requests that reached a department per requestId (whatever the answer), in order, with times. */
export function attemptsByKey(calls: TSimCall[], prefix: string): number[] {
  return calls.filter((c) => c.method === 'POST' && c.key?.startsWith(prefix)).map((c) => c.at);
}

// ── the sources of truth in Redis ────────────────────────────────────────

export interface TTruth {
  /** Applications in the enterprise's index. */
  stored: string[];
  /** Applications per person (by the person index), for the people filed. */
  perPerson: Map<string, number>;
  /** Items done, over all stored applications. */
  itemsDone: number;
  items: Map<string, TItemView[]>;
  /** `application.filed` events in the ledger for the stored applications, and distinct ids. */
  filedEvents: number;
  ledgerSize: number;
  ledgerDuplicates: number;
}

export async function truth(deps: TDeps, uscc: string, personHmacs: string[] = [], options: { ledger?: boolean } = {}): Promise<TTruth> {
  const stored = (await deps.redis.zrange(`${deps.prefix}ent:${uscc}:apps`, 0, -1)) as string[];
  const perPerson = new Map<string, number>();
  for (const h of personHmacs) perPerson.set(h, Number(await deps.redis.zcard(`${deps.prefix}person:${h}:apps`)));
  const items = new Map<string, TItemView[]>();
  let itemsDone = 0;
  for (const id of stored) {
    const app = await deps.store.get(id);
    if (!app) continue;
    const views = await deps.store.items(app);
    items.set(id, views);
    itemsDone += views.filter((v) => v.state === 'done').length;
  }
  const ledgerSize = options.ledger === false ? 0 : await deps.ledger.size();
  const events = ledgerSize ? (await deps.ledger.entries(0, ledgerSize)).map((e) => e.event) : [];
  const ids = new Set(events.map((e) => e.id));
  const mine = new Set(stored);
  const filedEvents = events.filter((e) => e.type === 'application.filed' && mine.has(String(e.subject.applicationId))).length;
  return { stored, perPerson, itemsDone, items, filedEvents, ledgerSize, ledgerDuplicates: events.length - ids.size };
}

/**
 * The retry messages waiting in the self-hosted queue, by dedup id, with the
 * delay they were scheduled with (a message id carries its publish time, its
 * score in `q:due` is the due time; read before it is claimed).
 */
export async function scheduledDelays(deps: TDeps, into: Map<string, number>): Promise<void> {
  const due = (await deps.redis.zrange(`${deps.prefix}q:due`, 0, -1, { withScores: true })) as (string | number)[];
  const seenIds = seenMessages.get(into) ?? new Set<string>();
  seenMessages.set(into, seenIds);
  const fresh: [string, number][] = [];
  for (let i = 0; i < due.length; i += 2) {
    const id = String(due[i]);
    if (!seenIds.has(id)) fresh.push([id, Number(due[i + 1])]);
  }
  if (!fresh.length) return;
  const p = deps.redis.pipeline();
  for (const [id] of fresh) p.hget(`${deps.prefix}q:msg:${id}`, 'dedupId');
  const dedupIds = (await p.exec()) as (string | null)[];
  fresh.forEach(([id, dueMs], i) => {
    seenIds.add(id);
    const dedupId = dedupIds[i];
    const publishedMs = parseInt(id.split('_')[1] ?? '', 36);
    if (dedupId && !into.has(dedupId) && Number.isFinite(publishedMs)) into.set(dedupId, dueMs - publishedMs);
  });
}
const seenMessages = new WeakMap<Map<string, number>, Set<string>>();

/** Polls until every stored application has all seven items done (or the time is up); returns the truth. */
export async function untilAllDone(deps: TDeps, uscc: string, expected: number, timeoutMs: number, personHmacs: string[] = []): Promise<TTruth & { waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    const t = await truth(deps, uscc, [], { ledger: false });
    if ((t.stored.length >= expected && t.itemsDone >= 7 * t.stored.length) || Date.now() - started > timeoutMs) {
      const waitedMs = Date.now() - started;
      return { ...(await truth(deps, uscc, personHmacs)), waitedMs };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The line every scenario ends with (and RELIABILITY.md quotes). */
export function scenarioLine(name: string, c: { filed: number; stored: number; itemsDone: number; duplicates: number; lost: number; extra?: string }): string {
  const line = `scenario ${name}: filed ${c.filed}, stored ${c.stored}, items done ${c.itemsDone}, duplicates ${c.duplicates}, lost ${c.lost}${c.extra ? `, ${c.extra}` : ''}`;
  process.stdout.write(`${line}\n`);
  return line;
}

// ── a TCP proxy in front of Redis that can be cut ────────────────────────

export interface TTcpProxy {
  url: string;
  port: number;
  /** Connections accepted so far. */
  connections: number;
  /** Destroys every open connection and resets new ones until `restore`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: string): Promise<TTcpProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let down = false;
  const proxy: TTcpProxy = {
    url: '',
    port: 0,
    connections: 0,
    cut() {
      down = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    restore() {
      down = false;
    },
    async close() {
      proxy.cut();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = net.createServer((client) => {
    if (down) return void client.destroy();
    proxy.connections++;
    const upstream = net.connect(Number(port || 6379), hostname);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  proxy.port = (server.address() as net.AddressInfo).port;
  proxy.url = `redis://127.0.0.1:${proxy.port}`;
  return proxy;
}
