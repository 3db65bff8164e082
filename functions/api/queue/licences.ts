/**
 * Consumer of the `licences` topic (QStash or the self-hosted dispatcher):
 * pushes one electronic licence to the 电子证照库. The signature is checked on
 * the raw body and the exact public URL (`verifiedDelivery`). A 503 (the
 * library is down) asks the queue to retry; a licence already pushed is not
 * pushed again.
 */
import { getDeps } from '../../context';
import { handleLicenceMessage, LICENCES_TOPIC, ZLicenceMessageSchema } from '../../licences/push';
import { route } from '../../lib/handler';
import { verifiedDelivery } from '../../queue/consumer';

export default route({
  POST: async (req) => {
    const handled = await handleLicenceMessage(await getDeps(), await verifiedDelivery(req, LICENCES_TOPIC, ZLicenceMessageSchema));
    return { ok: true, ...handled };
  },
});
