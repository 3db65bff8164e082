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
import type { TItemView } from './item-state';
import type { TStoredApplication } from './store';

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

/**
 * Runs every item that can run now, dependencies first, in parallel where
 * they are independent. Returns the items' views afterwards.
 */
export async function runReadyItems(deps: TDeps, app: TStoredApplication, actor = 'system', only?: TItemCode): Promise<TItemView[]> {
  const views = await deps.store.items(app);
  const byCode = new Map(views.map((v) => [v.code, v]));
  const application = decryptApplication(deps, app);
  const running = new Map<TItemCode, Promise<void>>();

  const run = (code: TItemCode): Promise<void> => {
    let p = running.get(code);
    if (p) return p;
    p = (async () => {
      const item = ITEMS_BY_CODE[code];
      await Promise.all(item.dependsOn.map(run));
      if (!item.dependsOn.every((d) => byCode.get(d)?.state === 'done')) return; // waits for its dependency
      const view = byCode.get(code)!;
      if (view.state !== 'submitted' && view.state !== 'processing') return;
      const updated = await runItem(deps, app, application, code, byCode, actor);
      if (updated) byCode.set(code, updated);
    })();
    running.set(code, p);
    return p;
  };
  // One item (from a retry or poll message) and the items that depend on it, or all of them.
  const wanted = only ? [only, ...dependentsOf(only)] : ITEM_CATALOG.map((i) => i.code);
  await Promise.all(wanted.map(run));
  return deps.store.items(app);
}

async function runItem(
  deps: TDeps,
  app: TStoredApplication,
  application: TApplication,
  code: TItemCode,
  views: Map<TItemCode, TItemView>,
  actor: string,
): Promise<TItemView | undefined> {
  const view = views.get(code)!;
  const requestId = `${app.id}:${code}:${view.corrections}`;
  const dependencyResults = Object.assign({}, ...ITEMS_BY_CODE[code].dependsOn.map((d) => views.get(d)?.results ?? {}));
  const input = {
    applicationId: app.id,
    item: code,
    requestId,
    application,
    dependencyResults,
    variants: app.variants[code] ?? [],
    results: view.results,
  };
  let result: TItemRunResult;
  try {
    result = view.state === 'processing' && view.stage ? await deps.departments.poll(input) : await deps.departments.run(input);
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    // The department cannot be reached: keep the item processing and let the queue retry it.
    await deps.store.countAttempt(app.id, code, `${error.upstream}: ${error.kind}`);
    if (view.state === 'submitted') {
      await deps.store.transition(app.id, code, {
        eventId: `${requestId}:processing`,
        to: 'processing',
        actor,
        note: '部门系统暂时不可用，稍后自动重试',
      });
    }
    await deps.queue.publish(ITEMS_TOPIC, { applicationId: app.id, item: code } satisfies TItemMessage, {
      dedupId: `${requestId}:retry:${view.attempts + 1}`,
      delaySeconds: Math.min(2 ** Math.min(view.attempts + 1, 12), deps.retry.maxSeconds),
    });
    logger.warn('item deferred to the queue', { applicationId: app.id, item: code, upstream: error.upstream, kind: error.kind });
    return undefined;
  }
  const department = `department:${ITEMS_BY_CODE[code].department}`;
  switch (result.kind) {
    case 'done':
      await deps.store.transition(app.id, code, {
        eventId: `${requestId}:done`,
        to: 'done',
        actor: department,
        results: result.results,
        message: null,
        ...(result.stage ? { stage: result.stage } : {}),
        note: '办结',
      });
      break;
    case 'in_progress':
      await deps.store.transition(app.id, code, {
        eventId: `${requestId}:stage:${result.stage.rank}`,
        to: 'processing',
        actor: department,
        results: result.results,
        stage: result.stage,
        note: result.stage.name,
      });
      await deps.queue.publish(ITEMS_TOPIC, { applicationId: app.id, item: code } satisfies TItemMessage, {
        dedupId: `${requestId}:poll:${result.stage.rank}`,
        delaySeconds: result.pollAfterSeconds,
      });
      break;
    case 'needs_correction':
      await deps.store.transition(app.id, code, {
        eventId: `${requestId}:needs_correction`,
        to: 'needs_correction',
        actor: department,
        message: result.message,
        correctionFields: result.fields,
        note: '需要补正',
      });
      break;
    case 'rejected':
      await deps.store.transition(app.id, code, { eventId: `${requestId}:rejected`, to: 'rejected', actor: department, message: result.message, note: '不予受理' });
      break;
  }
  const [updated] = (await deps.store.items(app)).filter((v) => v.code === code);
  return updated;
}

/** The consumer of the durable path: runs what can run for one application. */
export async function handleItemMessage(deps: TDeps, message: TItemMessage): Promise<void> {
  const app = await deps.store.get(message.applicationId);
  if (!app) return; // nothing to do (deleted or never stored): acknowledge
  await runReadyItems(deps, app, 'queue', message.item === '*' ? undefined : message.item);
}
