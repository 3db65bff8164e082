/**
 * Pushing the electronic 就业创业证 and 电子社保卡 to the government e-licence
 * library (电子证照库), on the durable path:
 *
 *   afterItems ──publishLicences──► queue topic `licences` (dedup id per licence)
 *              ──► POST /api/queue/licences (signed) ──handleLicenceMessage──► 电子证照库
 *
 * The message names the application and the kind only, never the licence
 * number (it travels through QStash); the consumer reads the number from the
 * item. Redelivery pushes nothing twice: what was pushed is recorded, and the
 * library itself answers a repeated licence number with “already exists”,
 * which counts as success. While the library is down the delivery fails
 * (503) and the queue retries it with backoff; when it is back the
 * licence goes through (the backfill).
 *
 *   licence:{kind}:{licenceNo}          STRING  JSON { licenceId, outcome, pushedAt, applicationId } (no TTL)
 *   licence:{kind}:{licenceNo}:refused  STRING  JSON { code, message, at } — the library refused it (a bug or
 *                                               bad data: logged as an error, not retried)
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../domain';
import { UpstreamError } from '../adapters/http';
import type { TItemView } from '../applications/item-state';
import type { TStoredApplication } from '../applications/store';
import type { TDeps } from '../deps';
import { decryptField } from '../lib/crypto';
import { logger } from '../lib/logger';
import { LICENCE_TYPES, type TLicenceKind } from './client';

export const LICENCES_TOPIC = 'licences';

/** The item result that holds each electronic licence's number. */
export const LICENCE_RESULT: Readonly<Record<TLicenceKind, string>> = {
  employment_certificate: 'electronicCertificateNo',
  social_security_card: 'electronicCardNo',
};

export const ZLicenceMessageSchema = z.strictObject({
  applicationId: z.string().min(1).max(64),
  kind: z.enum(Object.keys(LICENCE_TYPES) as [TLicenceKind, ...TLicenceKind[]]),
});
export type TLicenceMessage = z.infer<typeof ZLicenceMessageSchema>;

export interface TLicenceRecord {
  licenceId: string;
  outcome: 'created' | 'exists';
  pushedAt: string;
  applicationId: string;
}

const recordKey = (deps: Pick<TDeps, 'prefix'>, kind: TLicenceKind, licenceNo: string) => `${deps.prefix}licence:${kind}:${licenceNo}`;

/** The electronic licences the items hold now. */
export function licencesIn(items: TItemView[]): { kind: TLicenceKind; licenceNo: string }[] {
  return (Object.keys(LICENCE_RESULT) as TLicenceKind[]).flatMap((kind) => {
    const licenceNo = items.find((i) => i.code === kind)?.results[LICENCE_RESULT[kind]];
    return licenceNo ? [{ kind, licenceNo }] : [];
  });
}

/** A short digest of a licence number, for dedup ids (which the queue provider sees). */
const digest = (licenceNo: string) => createHash('sha256').update(licenceNo).digest('base64url').slice(0, 16);

/**
 * From afterItems: one queue message per electronic licence that appeared,
 * deduplicated by the queue for a day per (application, kind, number), then by the record.
 */
export async function publishLicences(deps: TDeps, app: TStoredApplication, items: TItemView[]): Promise<void> {
  await Promise.all(
    licencesIn(items).map((l) =>
      deps.queue.publish(LICENCES_TOPIC, { applicationId: app.id, kind: l.kind } satisfies TLicenceMessage, { dedupId: `licence:${app.id}:${l.kind}:${digest(l.licenceNo)}` }),
    ),
  );
}

export async function licenceRecord(deps: Pick<TDeps, 'prefix' | 'redis'>, kind: TLicenceKind, licenceNo: string): Promise<TLicenceRecord | null> {
  const raw = await deps.redis.get<string>(recordKey(deps, kind, licenceNo));
  return raw ? (JSON.parse(raw) as TLicenceRecord) : null;
}

export type TLicenceHandled =
  | { pushed: true; outcome: 'created' | 'exists'; licenceId: string }
  | { pushed: false; reason: 'already_pushed' | 'no_application' | 'not_issued' | 'refused' };

/** The queue consumer: pushes one licence unless it was pushed before. Throws a 503 AppError while the library is down. */
export async function handleLicenceMessage(deps: TDeps, msg: TLicenceMessage): Promise<TLicenceHandled> {
  const app = await deps.store.get(msg.applicationId);
  if (!app) {
    logger.warn('licence message for an unknown application', { applicationId: msg.applicationId, kind: msg.kind });
    return { pushed: false, reason: 'no_application' };
  }
  const item = (await deps.store.items(app)).find((i) => i.code === msg.kind)!;
  const licenceNo = item.results[LICENCE_RESULT[msg.kind]];
  if (!licenceNo) {
    logger.warn('licence message for an item without an electronic licence', { applicationId: app.id, kind: msg.kind });
    return { pushed: false, reason: 'not_issued' };
  }
  if (await licenceRecord(deps, msg.kind, licenceNo)) return { pushed: false, reason: 'already_pushed' };
  const e = app.application.employee;
  let outcome;
  try {
    outcome = await deps.licences.push({
      kind: msg.kind,
      licenceNo,
      holder: { name: e.name, idType: e.documentType, idNumber: decryptField(e.documentNumber, deps.keys, 'employee.documentNumber') },
      issuer: deps.card.licenceIssuer,
      // 即办件: issued when the item first moved past 已提交
      issuedAt: item.history.find((h) => h.state !== 'submitted')?.at ?? item.updatedAt,
      sourceRef: app.id,
    });
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    if (error.retryable) {
      logger.warn('licence push deferred: library unavailable', { applicationId: app.id, kind: msg.kind, failure: error.kind });
      throw new AppError('UPSTREAM_UNAVAILABLE', { message: '电子证照库暂时不可用，稍后自动重试', cause: error });
    }
    outcome = { ok: false as const, code: `HTTP_${error.status}`, message: error.message };
  }
  if (!outcome.ok) {
    logger.error('licence push refused by the library', { applicationId: app.id, kind: msg.kind, code: outcome.code, message: outcome.message });
    await deps.redis.set(`${recordKey(deps, msg.kind, licenceNo)}:refused`, JSON.stringify({ code: outcome.code, message: outcome.message, at: deps.now().toISOString() }));
    return { pushed: false, reason: 'refused' };
  }
  const record: TLicenceRecord = { licenceId: outcome.licenceId, outcome: outcome.outcome, pushedAt: deps.now().toISOString(), applicationId: app.id };
  await deps.redis.set(recordKey(deps, msg.kind, licenceNo), JSON.stringify(record), { nx: true });
  return { pushed: true, outcome: outcome.outcome, licenceId: outcome.licenceId };
}
