/**
 * One-off backfill of the indexes this module keeps incrementally, for data
 * written before they existed (a deployment upgraded in place):
 *
 * - the supervision index (queues, due dates, time to done) from every stored
 *   application — found with SCAN over `app:*`, in batches of one pipelined
 *   read each;
 * - the archives' subject index from the ledger's entries, in order.
 *
 * Both are idempotent (the same scripts and ZADDs as the live path), so a
 * backfill may run while the service is live and may be run again.
 * `npx tsx scripts/index-backfill.ts` runs it with the deployment's environment.
 */
import type { TDeps } from '../deps';
import { indexLedgerEvents } from '../archives/index-events';
import { ledgerOf } from '../archives/ledger';
import { indexItems } from './index-items';

const APP_KEY = /^app:([^:]+)$/;

export async function backfillSupervisionIndex(deps: TDeps, options: { batch?: number } = {}): Promise<number> {
  const batch = options.batch ?? 100;
  let cursor: string | number = '0';
  let indexed = 0;
  do {
    const [next, keys] = (await deps.redis.scan(cursor, { match: `${deps.prefix}app:*`, count: 1000 })) as [string | number, string[]];
    cursor = next;
    const ids = keys.map((k) => APP_KEY.exec(k.slice(deps.prefix.length))?.[1]).filter((id): id is string => !!id);
    for (let i = 0; i < ids.length; i += batch) {
      const apps = await deps.store.getMany(ids.slice(i, i + batch));
      const items = await deps.store.itemsOfMany(apps);
      await Promise.all(apps.map((app, j) => indexItems(deps, app, items[j]!)));
      indexed += apps.length;
    }
  } while (String(cursor) !== '0');
  return indexed;
}

export async function backfillArchiveIndex(deps: TDeps, options: { batch?: number } = {}): Promise<number> {
  const ledger = ledgerOf(deps);
  if (!ledger) return 0;
  const batch = options.batch ?? 500;
  const size = await ledger.size();
  for (let from = 0; from < size; from += batch) {
    const entries = await ledger.entries(from, Math.min(size, from + batch));
    await indexLedgerEvents(deps, entries.map((e) => ({ index: e.index, event: e.event })));
  }
  return size;
}
