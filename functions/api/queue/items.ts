/**
 * Consumer of the durable path (QStash or the self-hosted dispatcher): the
 * signature is checked on the raw body and the exact public URL. A 5xx asks
 * the queue to retry; processing is idempotent, so a retry changes nothing
 * that is already done.
 */
import { z } from 'zod';
import { ZItemCodeSchema } from '../../../domain';
import { handleItemMessage } from '../../applications/run-items';
import { getDeps } from '../../context';
import { route } from '../../lib/handler';
import { verifiedDelivery } from '../../queue/consumer';

const ZItemMessageSchema = z.strictObject({ applicationId: z.string().min(1).max(64), item: z.union([ZItemCodeSchema, z.literal('*')]) });

export default route({
  POST: async (req) => {
    await handleItemMessage(await getDeps(), await verifiedDelivery(req, 'items', ZItemMessageSchema));
    return { ok: true };
  },
});
