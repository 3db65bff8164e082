/**
 * Asking for an export to the theme database (主题库) after events were
 * appended: one queue message per time bucket (deduplicated by the bucket),
 * delivered when the bucket ends, so a burst of events costs one export and
 * every event of the bucket is in the ledger by the time the export reads it.
 * Cheap on the request path: one deduplicated enqueue, sent concurrently with
 * the append.
 */
import type { TDeps } from '../deps';

export const THEME_EXPORT_TOPIC = 'theme-export';
/** Length of a trigger bucket: the export runs at most this long after an event (plus delivery). */
export const THEME_EXPORT_BUCKET_SECONDS = 5;

export interface TThemeExportMessage {
  bucket: number;
}

export async function triggerThemeExport(deps: Pick<TDeps, 'queue' | 'now'>): Promise<void> {
  const ms = deps.now().getTime();
  const size = THEME_EXPORT_BUCKET_SECONDS * 1000;
  const bucket = Math.floor(ms / size);
  await deps.queue.publish(THEME_EXPORT_TOPIC, { bucket } satisfies TThemeExportMessage, {
    dedupId: `theme-export:${bucket}`,
    delaySeconds: Math.max(1, Math.ceil(((bucket + 1) * size - ms) / 1000)),
  });
}
