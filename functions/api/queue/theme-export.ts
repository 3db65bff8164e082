/**
 * Consumer of the `theme-export` topic (one message per 5-second bucket in
 * which events were appended): exports the ledger to the theme database from
 * its cursor. While the 主题库 is down it answers 503, and the queue retries
 * with backoff — the backfill; the cron and the local timer do too.
 */
import { z } from 'zod';
import { getDeps } from '../../context';
import { route } from '../../lib/handler';
import { verifiedDelivery } from '../../queue/consumer';
import { handleThemeExportMessage } from '../../theme-db/exporter';
import { THEME_EXPORT_TOPIC } from '../../theme-db/trigger';

const ZThemeExportMessageSchema = z.strictObject({ bucket: z.number().int().min(0) });

export default route({
  POST: async (req) => {
    await verifiedDelivery(req, THEME_EXPORT_TOPIC, ZThemeExportMessageSchema);
    return { ok: true, ...(await handleThemeExportMessage(await getDeps())) };
  },
});
