/**
 * Consumer of the `retention` topic (QStash or the self-hosted dispatcher):
 * deletes one application's ID photos when they are due and all its items
 * are still accepted (functions/retention/id-photos.ts). Signature checked on
 * the raw body and the exact public URL; a failure (the blob store down)
 * asks the queue to retry; a repeat deletes nothing twice.
 */
import { getDeps } from '../../context';
import { route } from '../../lib/handler';
import { verifiedDelivery } from '../../queue/consumer';
import { handleRetentionMessage, RETENTION_TOPIC, ZRetentionMessageSchema } from '../../retention/id-photos';

export default route({
  POST: async (req) => {
    const outcome = await handleRetentionMessage(await getDeps(), await verifiedDelivery(req, RETENTION_TOPIC, ZRetentionMessageSchema));
    return { ok: true, ...outcome };
  },
});
