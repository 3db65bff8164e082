/**
 * What follows a change of the seven items, wherever it happened (filing,
 * a queue delivery, a correction): notifications to the people concerned,
 * and the electronic licences pushed to the government's 电子证照库. Each
 * consumer is idempotent and goes through the durable queue, so running this
 * twice for the same state sends and pushes nothing twice.
 */
import type { TDeps } from '../deps';
import { publishLicences } from '../licences/push';
import { queueNotifications } from '../notifications/notify';
import type { TItemView } from './item-state';
import type { TStoredApplication } from './store';

/** `firstRun`: the items' first run, right after filing (nothing was reached before). */
export async function afterItems(deps: TDeps, app: TStoredApplication, items: TItemView[], options: { firstRun?: boolean } = {}): Promise<void> {
  await Promise.all([
    queueNotifications(deps, app, items, options),
    publishLicences(deps, app, items),
  ]);
}
