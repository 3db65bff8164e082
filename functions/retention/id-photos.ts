/**
 * ID photos are deleted once their purpose is achieved (PIPL §19, §47): when
 * all seven items of the application are ACCEPTED by their departments
 * (`allItemsAccepted`, domain/privacy/retention.ts, which says precisely what
 * counts), after `ID_PHOTO_RETENTION_DAYS` (0 = at once). Only `id_photo`
 * materials: the labor contract is a record the parties keep.
 *
 *   retention:idphoto:due          ZSET    application id → when its photos are due (ms)
 *   retention:idphoto:done:{appId} STRING  when the deletion completed (no TTL: afterItems never schedules it again)
 *   material:{id}                  HASH    + deletedAt, deletedReason (hash, size, blobKey stay)
 *
 * Durable on both hosts, whatever crashes:
 *   afterItems ──scheduleIdPhotoDeletion──► ZADD NX (the first due time wins; written before anything else)
 *              ──► queue topic `retention`, delayed to the due time (dispatcher or QStash)
 *              ──► POST /api/queue/retention ──deleteIdPhotosOf──► blob store, metadata, ledger
 *   A message that arrives before the due time (delays are capped at 6 days) publishes the next hop.
 *   Vercel cron /api/cron/retention (hourly; on a plain host its cron may call it) and `sweepDueIdPhotos`
 *   take whatever is due and still in the set: a message lost with a crash between the ZADD and the
 *   publish, a deletion whose retries ran out while the blob store was down.
 *
 * Retries change nothing: each photo's blob is deleted BEFORE its metadata is
 * marked (HSETNX keeps the first time), a marked photo is never deleted
 * again, and the ledger event `material.deleted` (id `retention:<appId>:id_photo`)
 * is built from the stored marks only, so a rebuilt event is byte for byte
 * the first one and the ledger keeps it once. An application corrected (补正)
 * before its photos were due is taken out of the set and keeps them; the next
 * time all its items are accepted it is scheduled again.
 */
import type { Redis } from '@upstash/redis';
import { z } from 'zod';
import { allItemsAccepted, ID_PHOTO_DELETION_REASON, idPhotoDueAt, idPhotoRetentionDaysAt, localToday } from '../../domain';
import type { TItemView } from '../applications/item-state';
import type { TStoredApplication } from '../applications/store';
import type { TDeps } from '../deps';
import { applicationSubject, recordEvents } from '../ledger/events';
import type { TLedgerEvent } from '../ledger/port';
import { logger } from '../lib/logger';
import { fieldsToRecord } from '../storage/redis';

export const RETENTION_TOPIC = 'retention';
/** QStash caps a message's delay (7 days on its smaller plans): a longer retention is left to the sweep. */
export const MAX_QUEUE_DELAY_SECONDS = 6 * 86_400;
export const ZRetentionMessageSchema = z.strictObject({ applicationId: z.string().min(1).max(64) });
export type TRetentionMessage = z.infer<typeof ZRetentionMessageSchema>;

type TRetentionDeps = Pick<TDeps, 'redis' | 'prefix' | 'now' | 'store' | 'blobs' | 'queue' | 'ledger' | 'retention'>;

export const dueKey = (deps: Pick<TDeps, 'prefix'>) => `${deps.prefix}retention:idphoto:due`;
export const doneKey = (deps: Pick<TDeps, 'prefix'>, applicationId: string) => `${deps.prefix}retention:idphoto:done:${applicationId}`;
const materialKey = (deps: Pick<TDeps, 'prefix'>, id: string) => `${deps.prefix}material:${id}`;

/** Days photos are kept after all items are accepted: the environment's, or the domain default. */
export function retentionDays(deps: Pick<TDeps, 'retention' | 'now'>): number {
  return deps.retention?.idPhotoDays ?? idPhotoRetentionDaysAt(localToday(deps.now().getTime()));
}

const idPhotoIds = (app: TStoredApplication): string[] => app.materials?.identityDocument.map((d) => d.id) ?? [];

/**
 * KEYS: 1 due zset, 2 done marker. ARGV: 1 application id, 2 due (ms).
 * Returns the due time now in the set (the earlier one wins), or -1 when the deletion already completed.
 */
export const SCHEDULE_LUA = `
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
redis.call('ZADD', KEYS[1], 'NX', tonumber(ARGV[2]), ARGV[1])
return tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
`;

const scripts = new WeakMap<Redis, ReturnType<Redis['createScript']>>();
function scheduleScript(redis: Redis) {
  let s = scripts.get(redis);
  if (!s) scripts.set(redis, (s = redis.createScript<number>(SCHEDULE_LUA)));
  return s;
}

/**
 * From afterItems, after every change of the items: once all are accepted,
 * the application's photos are scheduled (idempotent: the same state again
 * schedules nothing new; the queue deduplicates the message).
 */
export async function scheduleIdPhotoDeletion(deps: TRetentionDeps, app: TStoredApplication, items: TItemView[]): Promise<'scheduled' | 'not_accepted' | 'no_photos' | 'done'> {
  if (idPhotoIds(app).length === 0) return 'no_photos';
  if (!allItemsAccepted(items)) return 'not_accepted';
  const nowMs = deps.now().getTime();
  const due = Number(await scheduleScript(deps.redis).exec([dueKey(deps), doneKey(deps, app.id)], [app.id, String(idPhotoDueAt(nowMs, retentionDays(deps)))]));
  if (due < 0) return 'done';
  try {
    await deps.queue.publish(RETENTION_TOPIC, { applicationId: app.id } satisfies TRetentionMessage, {
      dedupId: `retention:${app.id}:${due}`,
      delaySeconds: Math.min(MAX_QUEUE_DELAY_SECONDS, Math.max(0, Math.ceil((due - nowMs) / 1000))),
    });
  } catch (error) {
    // the set holds it durably: the sweep deletes it when due; the item's own follow-up must not fail for this
    logger.warn('retention message not published (the sweep takes it)', { applicationId: app.id, error });
  }
  return 'scheduled';
}

export interface TDeletionOutcome {
  applicationId: string;
  outcome: 'deleted' | 'not_due' | 'not_scheduled' | 'kept_not_accepted' | 'missing';
  /** Photos deleted by this run (a repeated run deletes none). */
  deleted: number;
  /** Photos an earlier run had deleted. */
  alreadyDeleted: number;
}

/** material.deleted — the photos of one application, with their hashes and sizes, from the stored marks only. */
export function idPhotosDeletedEvent(app: Pick<TStoredApplication, 'id' | 'uscc' | 'personIdHmac'>, photos: { id: string; sha256: string; size: number; deletedAt: string }[]): TLedgerEvent {
  const at = photos.map((p) => p.deletedAt).sort()[photos.length - 1]!;
  return {
    id: `retention:${app.id}:id_photo`,
    type: 'material.deleted',
    at,
    actor: 'system',
    subject: applicationSubject(app),
    data: { kind: 'id_photo', reason: ID_PHOTO_DELETION_REASON, materials: photos.map((p) => ({ materialId: p.id, sha256: p.sha256, size: p.size, deletedAt: p.deletedAt })) },
  };
}

/**
 * Deletes one application's ID photos if they are due and all its items are
 * still accepted. `force` skips the due check (only the set's membership and
 * acceptance count): for tests and operators.
 */
export async function deleteIdPhotosOf(deps: TRetentionDeps, applicationId: string, options: { force?: boolean } = {}): Promise<TDeletionOutcome> {
  const none = (outcome: TDeletionOutcome['outcome']): TDeletionOutcome => ({ applicationId, outcome, deleted: 0, alreadyDeleted: 0 });
  const [score, app] = await Promise.all([deps.redis.zscore(dueKey(deps), applicationId), deps.store.get(applicationId)]);
  if (score === null || score === undefined) return none('not_scheduled');
  if (!app) {
    await deps.redis.zrem(dueKey(deps), applicationId);
    return none('missing');
  }
  const nowMs = deps.now().getTime();
  if (!options.force && Number(score) > nowMs) return none('not_due');
  const items = await deps.store.items(app);
  if (!allItemsAccepted(items)) {
    // corrected (补正) since it was scheduled: the photos stay until all items are accepted again
    await deps.redis.zrem(dueKey(deps), applicationId);
    return none('kept_not_accepted');
  }
  const ids = idPhotoIds(app);
  const read = deps.redis.pipeline();
  for (const id of ids) read.hgetall(materialKey(deps, id));
  const stored = ((await read.exec()) as unknown[]).map(fieldsToRecord);
  let deleted = 0;
  let alreadyDeleted = 0;
  const at = new Date(nowMs).toISOString();
  const photos: { id: string; sha256: string; size: number; deletedAt: string }[] = [];
  for (const [i, id] of ids.entries()) {
    const m = stored[i]!;
    if (m.kind !== 'id_photo' || !m.blobKey) continue; // never anything but an ID photo
    let deletedAt = m.deletedAt;
    if (deletedAt) alreadyDeleted++;
    else {
      await deps.blobs.delete(m.blobKey); // first the bytes: a mark never stands for a photo still stored
      const mark = deps.redis.pipeline();
      mark.hsetnx(materialKey(deps, id), 'deletedAt', at);
      mark.hsetnx(materialKey(deps, id), 'deletedReason', ID_PHOTO_DELETION_REASON);
      mark.hget(materialKey(deps, id), 'deletedAt');
      const [first, , kept] = (await mark.exec()) as [number, number, string];
      deletedAt = String(kept);
      if (Number(first) === 1) deleted++;
      else alreadyDeleted++; // a concurrent run marked it first
    }
    photos.push({ id, sha256: m.sha256 ?? '', size: Number(m.size ?? 0), deletedAt });
  }
  if (photos.length) await recordEvents(deps, [idPhotosDeletedEvent(app, photos)]);
  const done = deps.redis.pipeline();
  done.set(doneKey(deps, applicationId), photos.map((p) => p.deletedAt).sort()[photos.length - 1] ?? at, { nx: true });
  done.zrem(dueKey(deps), applicationId);
  await done.exec();
  if (deleted) logger.info('ID photos deleted after all items were accepted', { applicationId, deleted });
  return { applicationId, outcome: 'deleted', deleted, alreadyDeleted };
}

/**
 * The consumer of topic `retention`. A message that arrives before the photos
 * are due (a retention longer than the queue's longest delay) publishes the
 * next one, so the queue alone gets there on a host without a cron; the
 * dedup id names the hop, so a redelivery does not fork the chain.
 */
export async function handleRetentionMessage(deps: TRetentionDeps, message: TRetentionMessage): Promise<TDeletionOutcome> {
  const outcome = await deleteIdPhotosOf(deps, message.applicationId);
  if (outcome.outcome === 'not_due') {
    const due = Number(await deps.redis.zscore(dueKey(deps), message.applicationId));
    const left = Math.max(0, Math.ceil((due - deps.now().getTime()) / 1000));
    await deps.queue.publish(RETENTION_TOPIC, { applicationId: message.applicationId } satisfies TRetentionMessage, {
      dedupId: `retention:${message.applicationId}:${due}:hops-left:${Math.ceil(left / MAX_QUEUE_DELAY_SECONDS)}`,
      delaySeconds: Math.min(MAX_QUEUE_DELAY_SECONDS, left),
    });
  }
  return outcome;
}

/** Every application whose photos are due (cron and timers): one failure does not stop the others; it stays due. */
export async function sweepDueIdPhotos(deps: TRetentionDeps, options: { limit?: number } = {}): Promise<{ checked: number; deleted: number; failed: number; outcomes: TDeletionOutcome[] }> {
  const ids = (await deps.redis.zrange(dueKey(deps), '-inf' as never, String(deps.now().getTime()) as never, { byScore: true, offset: 0, count: options.limit ?? 200 })) as string[];
  const outcomes: TDeletionOutcome[] = [];
  let failed = 0;
  for (const id of ids.map(String)) {
    try {
      outcomes.push(await deleteIdPhotosOf(deps, id));
    } catch (error) {
      failed++;
      logger.warn('ID photo deletion failed; retried by the next sweep', { applicationId: id, error });
    }
  }
  return { checked: ids.length, deleted: outcomes.reduce((n, o) => n + o.deleted, 0), failed, outcomes };
}

/** The materials view with each deleted photo's `deletedAt` (one pipelined read; nothing when there are no photos). */
export async function withPhotoDeletions<T extends { materials: { identityDocument: { id: string; deletedAt?: string }[] } }>(deps: Pick<TDeps, 'redis' | 'prefix'>, view: T): Promise<T> {
  const docs = view.materials.identityDocument;
  if (!docs.length) return view;
  const read = deps.redis.pipeline();
  for (const d of docs) read.hget(materialKey(deps, d.id), 'deletedAt');
  const at = (await read.exec()) as (string | null)[];
  return { ...view, materials: { ...view.materials, identityDocument: docs.map((d, i) => (at[i] ? { ...d, deletedAt: String(at[i]) } : d)) } };
}
