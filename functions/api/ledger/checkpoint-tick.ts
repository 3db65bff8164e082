/**
 * GET|POST /api/ledger/checkpoint/tick — Vercel Cron, once a minute: signs a
 * checkpoint if the ledger has grown and has the witness cosign it
 * (checkpointIfGrown). Vercel sends `Authorization: Bearer $CRON_SECRET`;
 * without CRON_SECRET set the route refuses every call. The local stack runs
 * the same function on a timer instead.
 */
import type { VercelRequest } from '@vercel/node';
import { AppError } from '../../../domain';
import { getDeps, getEnv } from '../../context';
import { safeEqual } from '../../lib/crypto';
import { header, route } from '../../lib/handler';
import { checkpointIfGrown } from '../../ledger/checkpoint';

async function tick(req: VercelRequest) {
  const secret = getEnv().CRON_SECRET;
  const given = header(req, 'authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!secret || !given || !safeEqual(given, secret)) throw new AppError('UNAUTHENTICATED', { message: '定时任务凭据无效' });
  return { ok: true, outcome: await checkpointIfGrown(await getDeps()) };
}

export default route({ GET: tick, POST: tick });
