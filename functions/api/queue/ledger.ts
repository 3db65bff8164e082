/**
 * Consumer of the `ledger` topic: ledger events whose direct append failed
 * (functions/ledger/events.ts `recordEvents`). Appending is idempotent by
 * event id, so a redelivery stores nothing twice; a failure (5xx) asks the
 * queue to retry.
 */
import { getDeps } from '../../context';
import { handleLedgerMessage, LEDGER_TOPIC, ZLedgerMessageSchema } from '../../ledger/events';
import { route } from '../../lib/handler';
import { verifiedDelivery } from '../../queue/consumer';

export default route({
  POST: async (req) => ({ ok: true, ...(await handleLedgerMessage(await getDeps(), await verifiedDelivery(req, LEDGER_TOPIC, ZLedgerMessageSchema))) }),
});
