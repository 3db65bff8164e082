/**
 * The employee's card record (电子社保卡), built from the 社会保障卡申领 item of
 * their latest hire: the card number masked, its status from 人社's card
 * system, the physical card's 制卡进度 with the times from the item's
 * history, and the branch where it is collected.
 *
 *   card:holder:{ref}   STRING  JSON { applicationId }, 24 h: what a QR token's holder reference points at
 *
 * The ID number is decrypted only to ask 人社 about the card; it is never
 * answered, stored in clear or logged.
 */
import { AppError, CARD_BLOCKING_STATUSES, CARD_STATUS_LABELS, maskCardNo, maskName, type TCardStageView, type TCardStatus, type TCardView } from '../../domain';
import { UpstreamError } from '../adapters/http';
import { CARD_STAGES } from '../applications/item-state';
import type { TItemView } from '../applications/item-state';
import type { TStoredApplication } from '../applications/store';
import type { TDeps } from '../deps';
import { decryptField } from '../lib/crypto';
import { logger } from '../lib/logger';
import { licenceRecord } from '../licences/push';

/** How many of the person's latest hires are searched for a card. */
const LATEST_HIRES = 5;

export interface TCardRecord {
  app: TStoredApplication;
  item: TItemView;
}

/** The number the card face shows: the e-card's (issued at once), else the physical card's once made. */
export function cardNumberOf(item: TItemView): { cardNo: string; kind: 'electronic' | 'physical' } | null {
  if (item.results.electronicCardNo) return { cardNo: item.results.electronicCardNo, kind: 'electronic' };
  if (item.results.cardNo) return { cardNo: item.results.cardNo, kind: 'physical' };
  return null;
}

/**
 * The card item of the person's latest hire that has a card number; failing
 * that, of the latest hire whose card item was not refused. Null: no hire.
 */
export async function findCardRecord(deps: TDeps, personIdHmac: string): Promise<TCardRecord | null> {
  const page = await deps.store.listIds('person', personIdHmac, LATEST_HIRES);
  const apps = await deps.store.getMany(page.ids);
  const byId = new Map(apps.map((a) => [a.id, a]));
  let fallback: TCardRecord | null = null;
  for (const id of page.ids) {
    const app = byId.get(id);
    if (!app) continue;
    const item = (await deps.store.items(app)).find((i) => i.code === 'social_security_card')!;
    if (cardNumberOf(item)) return { app, item };
    if (!fallback && item.state !== 'rejected') fallback = { app, item };
  }
  return fallback;
}

export function statusLabel(code: TCardStatus['code']): string {
  return CARD_STATUS_LABELS[code];
}

/** The card's status as 人社 reports it; an outage or a refusal is `unknown`, never an error. */
export async function queryStatus(deps: TDeps, cardNo: string, idNumber: string): Promise<TCardStatus> {
  try {
    const r = await deps.cardStatus.queryCardStatus({ cardNo, idNumber });
    if (r.ok) {
      return { code: r.result.status, label: CARD_STATUS_LABELS[r.result.status], since: r.result.since, message: r.result.reason ?? null };
    }
    return { code: 'unknown', label: CARD_STATUS_LABELS.unknown, since: null, message: r.message };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    logger.warn('card status unavailable', { upstream: error.upstream, kind: error.kind });
    return { code: 'unknown', label: CARD_STATUS_LABELS.unknown, since: null, message: '人社系统暂时无法查询卡状态，请稍后再试' };
  }
}

export function holderIdNumber(deps: TDeps, app: TStoredApplication): string {
  return decryptField(app.application.employee.documentNumber, deps.keys, 'employee.documentNumber');
}

/** 制卡进度 of the physical card: each stage reached, with when we learned of it. */
export function productionOf(app: TStoredApplication, item: TItemView): TCardView['production'] {
  const variants = app.variants.social_security_card ?? [];
  if (variants.length > 0 && !variants.some((v) => v.startsWith('physical'))) return null;
  const rank = item.stage ? CARD_STAGES.indexOf(item.stage as (typeof CARD_STAGES)[number]) : -1;
  const firstAt = new Map<string, string>();
  for (const h of item.history) if (h.stage && !firstAt.has(h.stage)) firstAt.set(h.stage, h.at);
  const stages: TCardStageView[] = CARD_STAGES.map((stage, i) => ({ stage, reached: i <= rank, at: i <= rank ? (firstAt.get(stage) ?? null) : null }));
  return {
    applicationNo: item.results.cardApplicationNo ?? null,
    currentStage: item.stage,
    failed: item.state === 'needs_correction' && /制卡失败/.test(item.message ?? ''),
    stages,
  };
}

export function qrAvailability(number: ReturnType<typeof cardNumberOf>, status: TCardStatus): TCardView['qr'] {
  if (!number || number.kind !== 'electronic') return { available: false, reason: '电子社保卡尚未签发，社会保障卡申领办结后可出示二维码' };
  if (CARD_BLOCKING_STATUSES.includes(status.code)) return { available: false, reason: `社保卡状态为“${status.label}”，电子社保卡暂停使用${status.message ? `（${status.message}）` : ''}` };
  return { available: true, reason: null };
}

export async function buildCardView(deps: TDeps, record: TCardRecord): Promise<TCardView> {
  const { app, item } = record;
  const number = cardNumberOf(item);
  const [status, licence] = await Promise.all([
    number
      ? queryStatus(deps, number.cardNo, holderIdNumber(deps, app))
      : Promise.resolve<TCardStatus>({ code: 'unknown', label: '尚未发卡', since: null, message: '社会保障卡申领办理中，发卡后显示卡状态' }),
    number?.kind === 'electronic' ? licenceRecord(deps, 'social_security_card', number.cardNo) : Promise.resolve(null),
  ]);
  return {
    applicationId: app.id,
    enterpriseName: app.enterpriseName,
    holder: { name: maskName(app.application.employee.name), socialSecurityNumber: app.maskedDocumentNumber },
    cardNo: number ? maskCardNo(number.cardNo) : null,
    cardKind: number?.kind ?? null,
    status,
    item: { state: item.state, message: item.message },
    production: productionOf(app, item),
    collectionBranch: item.results.collectionBranch ?? null,
    qr: qrAvailability(number, status),
    licence: licence ? { pushedAt: licence.pushedAt } : null,
  };
}

/** GET /api/me/card */
export async function getMyCard(deps: TDeps, employee: { idHmac: string }): Promise<TCardView> {
  const record = await findCardRecord(deps, employee.idHmac);
  if (!record) throw new AppError('NOT_FOUND', { message: '暂无社保卡记录：单位为您办理入职并申领社会保障卡后，可在此查看' });
  return buildCardView(deps, record);
}
