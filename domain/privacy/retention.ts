/**
 * How long ID document photos are kept (PIPL §19, §47): no longer than the
 * purpose needs. The purpose of an ID photo is to have the seven items
 * accepted by their departments (the consent notice says “所有事项受理后按规定
 * 删除”); once every item is accepted, the photos are deleted after the
 * retention below. The labor contract is NOT deleted: it is a record the
 * parties keep (劳动合同法 §16; the filing keeps its hash).
 *
 * “Accepted” (已受理), precisely, from the item states (domain/applications/views.ts):
 *   - `done` — the department finished it (办结);
 *   - `processing` whose LATEST history entry is the department's own answer
 *     (`actor: department:*`) — the department took it and reports a stage
 *     (the physical card being made, the physical certificate).
 * Not accepted: `submitted` (not reached yet), `processing` put there by the
 * system (the department's system was down: `actor: system`) or by a
 * correction (补正 sent, the department has not answered yet: `actor: hr:*` /
 * `clerk:*`), `needs_correction` (the department asks for a 补正 — it may need
 * the photos again) and `rejected` (不予受理).
 * ../shared/spec/seed-reading.md says nothing more precise about 受理: it names
 * 一窗受理 / 一端受理 as where an application is received, and the time limits.
 */
import { ruleAt, type TEffective } from '../rules/effective';

export interface TAcceptanceInput {
  state: 'submitted' | 'processing' | 'done' | 'needs_correction' | 'rejected';
  history: readonly { actor: string; state: string }[];
}

/** One item accepted by its department (see above). */
export function isItemAccepted(item: TAcceptanceInput): boolean {
  if (item.state === 'done') return true;
  if (item.state !== 'processing') return false;
  const last = item.history[item.history.length - 1];
  return Boolean(last && last.state === 'processing' && last.actor.startsWith('department:'));
}

/** All of an application's items accepted: the ID photos' purpose is achieved. */
export function allItemsAccepted(items: readonly TAcceptanceInput[]): boolean {
  return items.length > 0 && items.every(isItemAccepted);
}

/**
 * Days an application's ID photos are kept after all its items are accepted
 * (`ID_PHOTO_RETENTION_DAYS` overrides it; 0 = delete as soon as they are).
 *
 * No law fixes a number. PIPL §19 asks for the shortest time the purpose needs,
 * §47 for deletion once it is achieved. 7 days is the margin we set: after
 * acceptance a department may still come back within days (a 补正 raised while
 * the card or the physical certificate is being made), and the photos then
 * spare the employer a second upload; longer would hold sensitive data without
 * need. Not from a rule: `verified: false`, an operator may shorten it.
 */
export const ID_PHOTO_RETENTION_DAYS: readonly TEffective<number>[] = [
  {
    value: 7,
    effectiveFrom: '2021-11-01',
    source: { title: '《中华人民共和国个人信息保护法》', article: '第十九条、第四十七条' },
    verified: false,
    note: '法律未规定具体天数：所有事项受理后保留7日，供部门受理后的补正使用，之后删除；可由 ID_PHOTO_RETENTION_DAYS 调整，0 为受理后立即删除',
  },
];

/** The retention in force on `date` (YYYY-MM-DD): the default when ID_PHOTO_RETENTION_DAYS is not set. */
export function idPhotoRetentionDaysAt(date: string): number {
  return ruleAt('ID_PHOTO_RETENTION_DAYS', ID_PHOTO_RETENTION_DAYS, date).value;
}

/** Why a photo was deleted, as the metadata and the ledger say it. */
export const ID_PHOTO_DELETION_REASON = '所有事项已受理，身份证件照片保存期满，按《个人信息保护法》第十九条、第四十七条删除';

/** When photos whose items were all accepted at `acceptedAtMs` are due for deletion. */
export function idPhotoDueAt(acceptedAtMs: number, retentionDays: number): number {
  return acceptedAtMs + retentionDays * 86_400_000;
}
