/**
 * Business events into the ledger: one builder per event type (deterministic
 * ids, no clear personal data), and `recordEvents`, the one way in.
 *
 * | type                 | id                                   | from                                   |
 * |----------------------|--------------------------------------|----------------------------------------|
 * | application.filed    | `<appId>:filed`                      | file-application.ts (with the first run's transitions, one append) |
 * | item.transition      | the transition's own event id        | run-items.ts `record`, correct-item.ts  |
 * | contract.recorded    | `<appId>:contract:<sha256>`          | correct-item.ts (a correction changed the generated contract) |
 * | autofill.lookup      | `lookup:<uuid>` (also in the access log entry) | autofill `recordAccess`       |
 * | material.uploaded    | `material:<materialId>`              | materials.ts `uploadMaterial`          |
 * | notification.sent    | `notify:<notificationId>:<recipient hash>:<push state>` | notify.ts `deliverNotification` |
 * | clerk.action         | `clerk:<key>`                        | `recordClerkAction` (window, queues, follow-ups) |
 * | rating.recorded      | `rating:<key>`                       | `recordRating` (好差评)                 |
 *
 * Appending never loses an event silently: when `deps.ledger.append` fails,
 * the events go to the durable queue (topic `ledger`), whose consumer appends
 * them (idempotent by event id); when that fails too, the error is logged as
 * an ALERT and thrown. A crash between an item transition and its append is
 * covered by rebuilding the events from the items' stored history
 * (`itemEventsFromLogs`) on every queue delivery of the application (the
 * filing's safety-net message included) — the rebuilt event is byte for byte
 * the one the live path builds, so whichever comes first is the one stored.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ITEM_CATALOG, maskCardNo, maskName, type TItemCode, type TItemState } from '../../domain';
import type { TLoggedEntry, TStoredApplication } from '../applications/store';
import type { TDeps } from '../deps';
import { logger } from '../lib/logger';
import { triggerThemeExport } from '../theme-db/trigger';
import type { TAppended, TLedgerEvent, TLedgerSubject } from './port';
import { indexLedgerEvents } from '../archives/index-events';

export const LEDGER_TOPIC = 'ledger';

/** Result numbers that are the person's own card: masked in events (as in every application view). */
const CARD_NUMBER_RESULTS = ['cardNo', 'electronicCardNo'];

function maskResults(results: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, CARD_NUMBER_RESULTS.includes(k) ? maskCardNo(v) : v]));
}

export function applicationSubject(app: Pick<TStoredApplication, 'id' | 'uscc' | 'personIdHmac'>): TLedgerSubject {
  return { uscc: app.uscc, personIdHmac: app.personIdHmac, applicationId: app.id };
}

/** The HR contact (or clerk) who filed, as history entries name them. */
export function filedByActor(app: Pick<TStoredApplication, 'filedBy'>): string {
  return app.filedBy.startsWith('clerk:') ? app.filedBy : `hr:${app.filedBy.slice(0, 8)}`;
}

/** Filed by a window clerk for the enterprise (一窗受理), when the filing says so. */
const onBehalfOf = (app: TStoredApplication): unknown => (app as { onBehalfOf?: unknown }).onBehalfOf;

/** application.filed — built from the stored application only, so a rebuild is identical. */
export function applicationFiledEvent(app: TStoredApplication): TLedgerEvent {
  const m = app.materials;
  return {
    id: `${app.id}:filed`,
    type: 'application.filed',
    at: app.filedAt,
    actor: filedByActor(app),
    subject: applicationSubject(app),
    data: {
      enterpriseName: app.enterpriseName,
      employee: { name: maskName(app.application.employee.name), documentNumber: app.maskedDocumentNumber },
      filedOn: app.filedOn,
      ...(onBehalfOf(app) ? { onBehalfOf: onBehalfOf(app) } : {}),
      items: ITEM_CATALOG.map((i) => i.code),
      variants: app.variants,
      ...(app.contract ? { contract: { template: app.contract.template, signDate: app.contract.signDate, contentSha256: app.contract.contentSha256 } } : {}),
      ...(m
        ? {
            materials: {
              identityDocument: m.identityDocument.map((d) => ({ id: d.id, sha256: d.sha256, size: d.size })),
              laborContract:
                m.laborContract.mode === 'generated'
                  ? { mode: 'generated', template: m.laborContract.template, contentSha256: m.laborContract.contentSha256 }
                  : { mode: 'scanned', pages: m.laborContract.pages.map((d) => ({ id: d.id, sha256: d.sha256, size: d.size })) },
            },
          }
        : {}),
    },
  };
}

/** item.transition — from the history entry as stored and the state it left (undefined: an entry from before the ledger). */
export function itemTransitionEvent(app: Pick<TStoredApplication, 'id' | 'uscc' | 'personIdHmac'>, code: TItemCode, entry: TLoggedEntry, from: TItemState): TLedgerEvent | undefined {
  if (!entry.eventId) return undefined;
  return {
    id: entry.eventId,
    type: 'item.transition',
    at: entry.at,
    actor: entry.actor,
    subject: applicationSubject(app),
    data: {
      item: code,
      from,
      to: entry.state,
      ...(entry.stage ? { stage: entry.stage } : {}),
      ...(entry.note ? { note: entry.note } : {}),
      ...(entry.results && Object.keys(entry.results).length ? { results: maskResults(entry.results) } : {}),
      ...(entry.message ? { message: entry.message } : {}),
    },
  };
}

/** Every transition event the items' stored history holds, in time order (for the rebuild after a crash). */
export function itemEventsFromLogs(app: Pick<TStoredApplication, 'id' | 'uscc' | 'personIdHmac'>, logs: Partial<Record<TItemCode, TLoggedEntry[]>>): TLedgerEvent[] {
  const events: TLedgerEvent[] = [];
  for (const i of ITEM_CATALOG) {
    const log = logs[i.code] ?? [];
    log.forEach((entry, n) => {
      if (n === 0) return; // the filing's own 'submitted' entry: application.filed covers it
      const e = itemTransitionEvent(app, i.code, entry, log[n - 1]!.state);
      if (e) events.push(e);
    });
  }
  return events.map((e, n) => ({ e, n })).sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : a.n - b.n)).map((x) => x.e);
}

/** contract.recorded — a correction regenerated the labor contract; the hashes it replaces stay named. */
export function contractRecordedEvent(
  app: Pick<TStoredApplication, 'id' | 'uscc' | 'personIdHmac'>,
  contract: { template: string; signDate: string; contentSha256: string; supersedes?: string[] },
  actor: string,
  at: string,
): TLedgerEvent {
  return {
    id: `${app.id}:contract:${contract.contentSha256}`,
    type: 'contract.recorded',
    at,
    actor,
    subject: applicationSubject(app),
    data: { template: contract.template, signDate: contract.signDate, contentSha256: contract.contentSha256, supersedes: contract.supersedes ?? [] },
  };
}

/** autofill.lookup — who looked up whom, in which sources. */
export function lookupEvent(input: { id: string; at: string; actor: string; personIdHmac: string; enterprise?: string; purpose: string; sources: string[]; matched?: boolean }): TLedgerEvent {
  return {
    id: input.id,
    type: 'autofill.lookup',
    at: input.at,
    actor: input.actor,
    subject: { personIdHmac: input.personIdHmac, ...(input.enterprise ? { uscc: input.enterprise } : {}) },
    data: { purpose: input.purpose, sources: input.sources, ...(input.matched !== undefined ? { matched: input.matched } : {}) },
  };
}

/** material.uploaded — the bytes' hash and size, never the bytes. */
export function materialUploadedEvent(input: { materialId: string; kind: string; contentType: string; sha256: string; size: number; consentId?: string; uscc: string; actor: string; at: string }): TLedgerEvent {
  return {
    id: `material:${input.materialId}`,
    type: 'material.uploaded',
    at: input.at,
    actor: input.actor,
    subject: { uscc: input.uscc },
    data: { materialId: input.materialId, kind: input.kind, contentType: input.contentType, sha256: input.sha256, size: input.size, ...(input.consentId ? { consentId: input.consentId } : {}) },
  };
}

/** notification.sent — one per recipient and push outcome; the recipient's openid only as a keyed hash. */
export function notificationSentEvent(input: {
  notification: { id: string; applicationId: string; audience: string; template: string; milestones: string[] };
  app: Pick<TStoredApplication, 'id' | 'uscc' | 'personIdHmac'>;
  recipientHash: string;
  push: string;
  at: string;
}): TLedgerEvent {
  const n = input.notification;
  return {
    id: `notify:${n.id}:${input.recipientHash.slice(0, 16)}:${input.push}`,
    type: 'notification.sent',
    at: input.at,
    actor: 'system',
    subject: applicationSubject(input.app),
    data: { notification: n.id, audience: n.audience, template: n.template, milestones: n.milestones, recipient: input.recipientHash, push: input.push },
  };
}

export interface TClerkAction {
  /** Deterministic and unique per action (e.g. `<appId>:accept`, `<appId>:followup:<n>`): recorded once. */
  key: string;
  /** The clerk's username. */
  clerk: string;
  /** What was done, e.g. `window.accept`, `rating.followup`, `queue.claim`. */
  action: string;
  subject: TLedgerSubject;
  /** No clear personal data: masked names, hashes, codes. Free text is best recorded as its SHA-256 (`textDigest`). */
  data?: Record<string, unknown>;
  /** Default: now. */
  at?: string;
}

export function clerkActionEvent(a: TClerkAction, at: string): TLedgerEvent {
  return { id: `clerk:${a.key}`, type: 'clerk.action', at: a.at ?? at, actor: `clerk:${a.clerk}`, subject: a.subject, data: { action: a.action, ...(a.data ?? {}) } };
}

export interface TRating {
  /** Unique per rating (e.g. the application id when an application is rated once). */
  key: string;
  /** Who rated: `hr:<openid…>` as history entries name them. */
  actor: string;
  subject: TLedgerSubject;
  /** 1 (非常不满意) … 5 (非常满意). */
  level: number;
  /** The comment, if any: only its digest goes into the ledger. */
  comment?: string;
  at?: string;
}

export function ratingEvent(r: TRating, at: string): TLedgerEvent {
  return {
    id: `rating:${r.key}`,
    type: 'rating.recorded',
    at: r.at ?? at,
    actor: r.actor,
    subject: r.subject,
    data: { level: r.level, ...(r.comment ? { comment: textDigest(r.comment) } : {}) },
  };
}

/** Free text (a comment, a note) as the ledger keeps it: its SHA-256 and length, never the words. */
export function textDigest(text: string): { sha256: string; length: number } {
  return { sha256: createHash('sha256').update(text, 'utf8').digest('hex'), length: [...text].length };
}

// ── Appending ────────────────────────────────────────────────────────────────────────────────

export const ZLedgerEventSchema = z.strictObject({
  id: z.string().min(1).max(300),
  type: z.string().min(1).max(64),
  at: z.string().min(10).max(40),
  actor: z.string().min(1).max(200),
  subject: z.strictObject({ uscc: z.string().max(32).optional(), personIdHmac: z.string().max(128).optional(), applicationId: z.string().max(64).optional() }),
  data: z.record(z.string(), z.unknown()),
});

/** Events per fallback message (a QStash message stays far below its size limit). */
const LEDGER_MESSAGE_MAX_EVENTS = 50;

export const ZLedgerMessageSchema = z.strictObject({ events: z.array(ZLedgerEventSchema).min(1).max(LEDGER_MESSAGE_MAX_EVENTS) });
export type TLedgerMessage = z.infer<typeof ZLedgerMessageSchema>;
type TLedgerDeps = Pick<TDeps, 'ledger' | 'queue' | 'now' | 'redis' | 'prefix' | 'store'>;


/**
 * Appends events to the ledger (one call), and asks for an export to the theme
 * database at the same time. When the append fails the events go to the
 * durable queue instead; when that fails too, an ALERT is logged and the error thrown.
 * Returns where the events went.
 */
export async function recordEvents(deps: TLedgerDeps, events: TLedgerEvent[]): Promise<'appended' | 'queued' | 'none'> {
  if (events.length === 0) return 'none';
  const [appended, triggered] = await Promise.allSettled([deps.ledger.append(events), triggerThemeExport(deps)]);
  if (triggered.status === 'rejected') logger.warn('theme-database export not triggered (the timer catches up)', { error: triggered.reason });
  if (appended.status === 'fulfilled') {
    await indexAppended(deps, events, appended.value);
    return 'appended';
  }
  logger.warn('ledger append failed: events go to the durable queue', { ids: events.map((e) => e.id).slice(0, 5), count: events.length, error: appended.reason });
  try {
    await queueEvents(deps, events);
    return 'queued';
  } catch (error) {
    logger.error('ALERT ledger events neither appended nor queued', { ids: events.map((e) => e.id), appendError: appended.reason, queueError: error });
    throw error;
  }
}

/**
 * Files appended events under their enterprise and person (一户一档 / 一人一档).
 * Idempotent; a failure here is logged, not thrown: the ledger already holds
 * the events, and the archive index catches up on the next append of the same
 * application (or `scripts/index-backfill.ts`).
 */
async function indexAppended(deps: TLedgerDeps, events: TLedgerEvent[], appended: TAppended[]): Promise<void> {
  const byId = new Map(events.map((e) => [e.id, e]));
  try {
    await indexLedgerEvents(deps, appended.filter((a) => byId.has(a.id)).map((a) => ({ index: a.index, event: byId.get(a.id)! })));
  } catch (error) {
    logger.warn('archive index not updated (caught up later)', { count: appended.length, error });
  }
}

/** The fallback: the events on the durable queue (topic `ledger`), deduplicated by their ids. */
export async function queueEvents(deps: Pick<TDeps, 'queue'>, events: TLedgerEvent[]): Promise<void> {
  const max = LEDGER_MESSAGE_MAX_EVENTS;
  const chunks: TLedgerEvent[][] = [];
  for (let i = 0; i < events.length; i += max) chunks.push(events.slice(i, i + max));
  await deps.queue.publishMany(
    chunks.map((chunk) => ({
      topic: LEDGER_TOPIC,
      body: { events: chunk } satisfies TLedgerMessage,
      options: { dedupId: `ledger:${createHash('sha256').update(chunk.map((e) => e.id).join('\n')).digest('hex').slice(0, 40)}` },
    })),
  );
}

/**
 * The consumer of topic `ledger`: appends (idempotent by event id); a failure is retried by the queue.
 * The export is triggered after the append: a message the ledger refuses (422) stores nothing.
 */
export async function handleLedgerMessage(deps: TLedgerDeps, message: TLedgerMessage): Promise<{ appended: number; existing: number }> {
  const result = await deps.ledger.append(message.events as TLedgerEvent[]);
  await Promise.all([triggerThemeExport(deps).catch(() => undefined), indexAppended(deps, message.events as TLedgerEvent[], result)]);
  return { appended: result.filter((r) => r.added).length, existing: result.filter((r) => !r.added).length };
}

/**
 * A clerk's action into the ledger (谁审批谁负责): accepting a walk-in hire at the
 * window, working a department's queue, recording the follow-up of a bad rating….
 * Idempotent by `key`. Call it after the action is stored; it never loses the event
 * silently (see `recordEvents`).
 */
export async function recordClerkAction(deps: TLedgerDeps, action: TClerkAction): Promise<TLedgerEvent> {
  const event = clerkActionEvent(action, deps.now().toISOString());
  await recordEvents(deps, [event]);
  return event;
}

/** A 好差评 rating into the ledger (the comment only as a digest). Idempotent by `key`. */
export async function recordRating(deps: TLedgerDeps, rating: TRating): Promise<TLedgerEvent> {
  const event = ratingEvent(rating, deps.now().toISOString());
  await recordEvents(deps, [event]);
  return event;
}
