/**
 * Vercel cron (once a minute, vercel.json `crons`): exports the ledger to the
 * theme database from its cursor — the safety net behind the per-append
 * triggers, and the backfill after the 主题库 was down. Vercel sends
 * `Authorization: Bearer $CRON_SECRET`; without CRON_SECRET set the route
 * refuses every call.
 */
import { AppError } from '../../../domain';
import { getDeps, getEnv } from '../../context';
import { header, route } from '../../lib/handler';
import { safeEqual } from '../../lib/crypto';
import { exportToThemeDb } from '../../theme-db/exporter';

export default route({
  GET: async (req) => {
    const secret = getEnv().CRON_SECRET;
    const given = header(req, 'authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!secret || !given || !safeEqual(given, secret)) throw new AppError('UNAUTHENTICATED', { message: '定时任务凭据无效' });
    return { ok: true, ...(await exportToThemeDb(await getDeps())) };
  },
});
