/**
 * Consumer of the durable path (QStash or the self-hosted dispatcher): the
 * signature is checked on the raw body and the exact public URL. A 5xx asks
 * the queue to retry; processing is idempotent, so a retry changes nothing
 * that is already done.
 */
import { z } from 'zod';
import { AppError, ZItemCodeSchema } from '../../../domain';
import { handleItemMessage } from '../../applications/run-items';
import { getDeps, getEnv } from '../../context';
import { header, route, validate } from '../../lib/handler';
import { rawBodyOf } from '../../lib/raw-body';
import { verifyDelivery } from '../../queue/signing';

const ZItemMessageSchema = z.strictObject({ applicationId: z.string().min(1).max(64), item: z.union([ZItemCodeSchema, z.literal('*')]) });

export default route({
  POST: async (req) => {
    const env = getEnv();
    const raw = await rawBodyOf(req);
    const url = `${env.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/queue/items`;
    const ok = await verifyDelivery({ current: env.QSTASH_CURRENT_SIGNING_KEY, next: env.QSTASH_NEXT_SIGNING_KEY }, header(req, 'upstash-signature'), raw, url);
    if (!ok) throw new AppError('UNAUTHENTICATED', { message: '队列签名无效' });
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new AppError('BAD_REQUEST', { message: '消息不是有效的 JSON' });
    }
    await handleItemMessage(await getDeps(), validate(ZItemMessageSchema, body));
    return { ok: true };
  },
});
