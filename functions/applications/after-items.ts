/**
 * What follows a change of the seven items, wherever it happened (filing,
 * a queue delivery, a correction): notifications to the people concerned,
 * and the electronic licences pushed to the government's 电子证照库. Each
 * consumer is idempotent and goes through the durable queue, so running this
 * twice for the same state sends and pushes nothing twice. Once all items
 * are accepted, the ID photos are scheduled for deletion (functions/retention). The ledger events
 * of the change (the filing's, the transitions') are appended here in one
 * call, next to the rest (functions/ledger/events.ts).
 */
import type { TDeps } from '../deps';
import { recordEvents } from '../ledger/events';
import type { TLedgerEvent } from '../ledger/port';
import { publishLicences } from '../licences/push';
import { queueNotifications } from '../notifications/notify';
import { scheduleIdPhotoDeletion } from '../retention/id-photos';
import { indexItems } from '../supervision/index-items';
import type { TItemView } from './item-state';
import type { TStoredApplication } from './store';

/** `firstRun`: the items' first run, right after filing (nothing was reached before). */
export async function afterItems(deps: TDeps, app: TStoredApplication, items: TItemView[], options: { firstRun?: boolean; events?: TLedgerEvent[] } = {}): Promise<void> {
  await Promise.all([
    recordEvents(deps, options.events ?? []),
    queueNotifications(deps, app, items, options),
    publishLicences(deps, app, items),
    indexItems(deps, app, items),
    // all seven accepted: the ID photos are deleted after the retention (PIPL §47; functions/retention)
    scheduleIdPhotoDeletion(deps, app, items),
  ]);
}
