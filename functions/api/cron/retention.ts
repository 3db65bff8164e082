/**
 * Vercel cron (hourly, vercel.json `crons`): deletes the ID photos that are
 * due (all items accepted, retention over) — the safety net behind the
 * delayed `retention` queue message: a message lost in a crash, a delay
 * longer than the queue allows, a deletion that failed while the blob store
 * was down. On a plain Node host, the host's cron calls the same URL with the
 * same bearer. Vercel sends `Authorization: Bearer $CRON_SECRET`; without
 * CRON_SECRET set the route refuses every call.
 */
import { requireCronSecret } from '../../auth/cron';
import { getDeps, getEnv } from '../../context';
import { route } from '../../lib/handler';
import { sweepDueIdPhotos } from '../../retention/id-photos';

export default route({
  GET: async (req) => {
    requireCronSecret(req, getEnv().CRON_SECRET);
    const { checked, deleted, failed } = await sweepDueIdPhotos(await getDeps());
    return { ok: true, checked, deleted, failed };
  },
});
