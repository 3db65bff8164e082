/**
 * GET|POST /api/ledger/checkpoint/tick — Vercel Cron, once a minute: signs a
 * checkpoint if the ledger has grown and has the witness cosign it
 * (checkpointIfGrown). Vercel sends `Authorization: Bearer $CRON_SECRET`;
 * without CRON_SECRET set the route refuses every call. The local stack runs
 * the same function on a timer instead.
 */
import type { VercelRequest } from '@vercel/node';
import { requireCronSecret } from '../../auth/cron';
import { getDeps, getEnv } from '../../context';
import { route } from '../../lib/handler';
import { checkpointIfGrown } from '../../ledger/checkpoint';

async function tick(req: VercelRequest) {
  requireCronSecret(req, getEnv().CRON_SECRET);
  return { ok: true, outcome: await checkpointIfGrown(await getDeps()) };
}

export default route({ GET: tick, POST: tick });
