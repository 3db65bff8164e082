/**
 * Processing the seven items. Each run is idempotent per (application, item,
 * correction round): the department receives the same request id, every
 * state change carries an event id, and `done` items are never run again.
 * Instant items run at submit, in parallel, dependencies after the items
 * they depend on; whatever cannot finish now (a department down, the card
 * being made) goes to the durable queue, which calls `runItem` again.
 */
import { ITEM_CATALOG, ITEMS_BY_CODE, type TApplication, type TItemCode } from '../../domain';
import { UpstreamError } from '../adapters/http';
import type { TDeps, TItemRunResult } from '../deps';
import { decryptField } from '../lib/crypto';
import { logger } from '../lib/logger';
import { applicationFiledEvent, itemEventsFromLogs, itemTransitionEvent } from '../ledger/events';
import type { TLedgerEvent } from '../ledger/port';
import { afterItems } from './after-items';
import type { TItemView } from './item-state';
import type { TStoredApplication, TTransitionOutcome } from './store';

export const ITEMS_TOPIC = 'items';

export interface TItemMessage {
  applicationId: string;
  /** One item, or every item that can run now. */
  item: TItemCode | '*';
}

/** Seconds before the queue looks at a filing again, in case the process dies mid-submit. */
export const SAFETY_NET_DELAY_SECONDS = 30;

export function decryptApplication(deps: TDeps, app: TStoredApplication): TApplication {
  return {
    ...app.application,
    employee: { ...app.application.employee, documentNumber: decryptField(app.application.employee.documentNumber, deps.keys, 'employee.documentNumber') },
  };
}

/** Items that depend on `code`, directly or not. */
function dependentsOf(code: TItemCode): TItemCode[] {
  const direct = ITEM_CATALOG.filter((i) => i.dependsOn.includes(code)).map((i) => i.code);
  return [...direct, ...direct.flatMap(dependentsOf)];
}

/** Items `code` needs first, directly or not. */
function dependenciesOf(code: TItemCode): TItemCode[] {
  const direct = [...ITEMS_BY_CODE[code].dependsOn];
  return [...direct, ...direct.flatMap(dependenciesOf)];
}

type TCall = { code: TItemCode; view: TItemView; requestId: string } & ({ result: TItemRunResult } | { error: UpstreamError });

/**
 * Runs every item that can run now, in waves: the items whose dependencies
 * are done call their departments in parallel, then all their results are
 * written at once (one pipelined round trip), then the next wave. Returns
 * the items' views afterwards, built from what was written.
 *
 * Every transition applied becomes a ledger event; they are appended in ONE
 * call at the end (with `events`, e.g. the filing's own, in front), next to
 * what follows the items (afterItems). `rebuildEvents` (queue deliveries)
 * puts in front, too, the events the stored history holds — the filing's and
 * every transition's — so that a process that died between a transition and
 * its append loses nothing: the ledger keeps each event id once.
 */
export async function runReadyItems(
  deps: TDeps,
  app: TStoredApplication,
  actor = 'system',
  options: { only?: TItemCode; views?: TItemView[]; events?: TLedgerEvent[]; rebuildEvents?: boolean } = {},
): Promise<TItemView[]> {
  const events: TLedgerEvent[] = [...(options.events ?? [])];
  let initial = options.views;
  if (!initial && options.rebuildEvents) {
    const { views, logs } = await deps.store.itemsWithLogs(app);
    initial = views;
    events.push(applicationFiledEvent(app), ...itemEventsFromLogs(app, logs));
  }
  const byCode = new Map((initial ?? (await deps.store.items(app))).map((v) => [v.code, v]));
  const application = decryptApplication(deps, app);
  // One item (from a retry or poll message) with what it needs and what needs it, or all of them.
  const wanted = new Set<TItemCode>(options.only ? [options.only, ...dependenciesOf(options.only), ...dependentsOf(options.only)] : ITEM_CATALOG.map((i) => i.code));
  const attempted = new Set<TItemCode>();
  for (;;) {
    const wave = ITEM_CATALOG.filter((i) => {
      const state = byCode.get(i.code)!.state;
      return wanted.has(i.code) && !attempted.has(i.code) && (state === 'submitted' || state === 'processing') && i.dependsOn.every((d) => byCode.get(d)!.state === 'done');
    });
    if (wave.length === 0) break;
    for (const i of wave) attempted.add(i.code);
    const calls = await Promise.all(wave.map((i) => callDepartment(deps, app, application, i.code, byCode)));
    const updated = await Promise.all(calls.map((c) => record(deps, app, c, actor)));
    for (const u of updated) {
      byCode.set(u.view.code, u.view);
      if (u.event) events.push(u.event);
    }
  }
  let views = ITEM_CATALOG.map((i) => byCode.get(i.code)!);
  // A later run (a queue retry or poll, a retried filing) read the items before it ran: another run may have
  // finished one of them since (the card and the certificate are polled concurrently). What follows the
  // items — 全部办结 above all — must see the state after BOTH writes, so read it again after this run's
  // write: of two concurrent runs at least the later reader sees both, and the milestones are idempotent.
  if (!options.views && views.some((v) => v.state !== 'done')) views = await deps.store.items(app);
  await afterItems(deps, app, views, { firstRun: Boolean(options.views), events });
  return views;
}

async function callDepartment(deps: TDeps, app: TStoredApplication, application: TApplication, code: TItemCode, views: Map<TItemCode, TItemView>): Promise<TCall> {
  const view = views.get(code)!;
  const requestId = `${app.id}:${code}:${view.corrections}`;
  const input = {
    applicationId: app.id,
    item: code,
    requestId,
    application,
    dependencyResults: Object.assign({}, ...ITEMS_BY_CODE[code].dependsOn.map((d) => views.get(d)?.results ?? {})),
    variants: app.variants[code] ?? [],
    results: view.results,
  };
  try {
    const result = view.state === 'processing' && view.stage ? await deps.departments.poll(input) : await deps.departments.run(input);
    return { code, view, requestId, result };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return { code, view, requestId, error };
  }
}

/**
 * Writes what a department answered; the new view is built from what was written, not read back.
 * A transition applied comes back with its ledger event (appended by the caller, with the others).
 */
async function record(deps: TDeps, app: TStoredApplication, call: TCall, actor: string): Promise<{ view: TItemView; event?: TLedgerEvent }> {
  const { code, view, requestId } = call;
  const withEntry = (next: TItemView, t: TTransitionOutcome): { view: TItemView; event?: TLedgerEvent } =>
    t.applied
      ? { view: { ...next, state: t.state, updatedAt: t.entry.at, history: [...view.history, t.entry] }, event: itemTransitionEvent(app, code, t.logged, t.from) }
      : { view: { ...next, ...(t.state ? { state: t.state } : {}) } };

  if ('error' in call) {
    // The department cannot be reached: keep the item processing and let the queue retry it.
    const { error } = call;
    await deps.store.countAttempt(app.id, code, `${error.upstream}: ${error.kind}`);
    const t =
      view.state === 'submitted'
        ? await deps.store.transition(app.id, code, { eventId: `${requestId}:processing`, to: 'processing', actor, note: '部门系统暂时不可用，稍后自动重试' })
        : undefined;
    await deps.queue.publish(ITEMS_TOPIC, { applicationId: app.id, item: code } satisfies TItemMessage, {
      dedupId: `${requestId}:retry:${view.attempts + 1}`,
      delaySeconds: Math.min(2 ** Math.min(view.attempts + 1, 12), deps.retry.maxSeconds),
    });
    logger.warn('item deferred to the queue', { applicationId: app.id, item: code, upstream: error.upstream, kind: error.kind });
    const next = { ...view, attempts: view.attempts + 1 };
    return t ? withEntry(next, t) : { view: next };
  }

  const { result } = call;
  const department = `department:${ITEMS_BY_CODE[code].department}`;
  switch (result.kind) {
    case 'done': {
      const t = await deps.store.transition(app.id, code, {
        eventId: `${requestId}:done`,
        to: 'done',
        actor: department,
        results: result.results,
        message: null,
        ...(result.stage ? { stage: result.stage } : {}),
        note: '办结',
      });
      return withEntry({ ...view, results: { ...view.results, ...result.results }, stage: result.stage?.name ?? view.stage, message: null }, t);
    }
    case 'in_progress': {
      // dedup per stage and time bucket: concurrent runs merge, a later poll of the same stage goes through
      const bucket = Math.floor(deps.now().getTime() / (result.pollAfterSeconds * 1000));
      const [t] = await Promise.all([
        deps.store.transition(app.id, code, {
          eventId: `${requestId}:stage:${result.stage.rank}`,
          to: 'processing',
          actor: department,
          results: result.results,
          stage: result.stage,
          note: result.stage.name,
        }),
        deps.queue.publish(ITEMS_TOPIC, { applicationId: app.id, item: code } satisfies TItemMessage, {
          dedupId: `${requestId}:poll:${result.stage.rank}:${bucket}`,
          delaySeconds: result.pollAfterSeconds,
        }),
      ]);
      return withEntry({ ...view, results: { ...view.results, ...result.results }, stage: result.stage.name }, t);
    }
    case 'needs_correction': {
      const t = await deps.store.transition(app.id, code, {
        eventId: `${requestId}:needs_correction`,
        to: 'needs_correction',
        actor: department,
        message: result.message,
        correctionFields: result.fields,
        note: '需要补正',
      });
      return withEntry({ ...view, message: result.message, correctionFields: result.fields }, t);
    }
    case 'rejected': {
      const t = await deps.store.transition(app.id, code, { eventId: `${requestId}:rejected`, to: 'rejected', actor: department, message: result.message, note: '不予受理' });
      return withEntry({ ...view, message: result.message }, t);
    }
  }
}

/** The consumer of the durable path: runs what can run for one application. */
export async function handleItemMessage(deps: TDeps, message: TItemMessage): Promise<void> {
  const app = await deps.store.get(message.applicationId);
  if (!app) return; // nothing to do (deleted or never stored): acknowledge
  await runReadyItems(deps, app, 'queue', { ...(message.item === '*' ? {} : { only: message.item }), rebuildEvents: true });
}
