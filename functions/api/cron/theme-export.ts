/**
 * Vercel cron (once a minute, vercel.json `crons`): exports the ledger to the
 * theme database from its cursor — the safety net behind the per-append
 * triggers, and the backfill after the 主题库 was down. Vercel sends
 * `Authorization: Bearer $CRON_SECRET`; without CRON_SECRET set the route
 * refuses every call.
 */
import { requireCronSecret } from '../../auth/cron';
import { getDeps, getEnv } from '../../context';
import { route } from '../../lib/handler';
import { exportToThemeDb } from '../../theme-db/exporter';

export default route({
  GET: async (req) => {
    requireCronSecret(req, getEnv().CRON_SECRET);
    return { ok: true, ...(await exportToThemeDb(await getDeps())) };
  },
});
