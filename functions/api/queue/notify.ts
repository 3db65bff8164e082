/** Consumer of notifications: inbox + at most one subscribe message per recipient; 503 asks the queue to retry later. */
import { AppError } from '../../../domain';
import { getDeps } from '../../context';
import { route } from '../../lib/handler';
import { deliverNotification, NOTIFY_TOPIC, RetryLaterError, ZNotificationSchema } from '../../notifications/notify';
import { verifiedDelivery } from '../../queue/consumer';

export default route({
  POST: async (req) => {
    const n = await verifiedDelivery(req, NOTIFY_TOPIC, ZNotificationSchema);
    try {
      return { ok: true, push: await deliverNotification(await getDeps(), n) };
    } catch (e) {
      if (e instanceof RetryLaterError) throw new AppError('UPSTREAM_UNAVAILABLE', { message: e.message, retryAfterSeconds: 60 });
      throw e;
    }
  },
});
