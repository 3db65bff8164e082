/**
 * Which notifications a hire's state calls for. A milestone is reached once
 * (its id is remembered in Redis); several reached at the same moment are
 * told in ONE message where they concern the same person, so a hire spends
 * as few of their one-time consents as possible:
 *
 *   HR contact   filed → "已受理"; the instant items all done → "部分办结"
 *                (or, at filing, one message for both); everything done →
 *                办结通知 (it replaces the others reached with it); an item
 *                needing correction → 补正通知 (one per item and round).
 *   employee     each stage of the physical social security card →
 *                社保卡制卡进度; each stage of the employment certificate →
 *                办理进度通知.
 *
 *   notif:{appId}:reached   SET   milestone ids already told (kept with the application)
 */
import { ITEM_CATALOG, ITEMS_BY_CODE, maskName, type TItemCode, type TSubscribeTemplateKey } from '../../domain';
import type { TItemView } from '../applications/item-state';
import type { TStoredApplication } from '../applications/store';

export type TAudience = 'hr' | 'employee';

/** One notification to send (through the queue) and to put in the inbox. */
export interface TNotification {
  /** Deterministic: the same state never makes a second one. */
  id: string;
  applicationId: string;
  audience: TAudience;
  template: TSubscribeTemplateKey;
  /** The milestones it tells. */
  milestones: string[];
  /** Inbox title and text (the push carries the same in the template's fields). */
  title: string;
  body: string;
  /** Template values by field key (see domain/notifications/templates.ts); times as ISO strings. */
  values: Record<string, string>;
  /** Where a tap opens the mini-program. */
  page: string;
  at: string;
}

/**
 * Items done at submit: those whose requested variants are all 即时 and
 * none is a physical card or certificate (those are produced in stages, even
 * where the time table promises 即时 for 零星办卡 at the window).
 */
export function instantItems(app: Pick<TStoredApplication, 'variants'>): TItemCode[] {
  return ITEM_CATALOG.filter((item) => {
    const wanted = app.variants[item.code];
    const variants = wanted?.length ? item.variants.filter((v) => wanted.includes(v.key)) : item.variants;
    return variants.every((v) => v.oneThing.kind === 'instant' && !v.key.startsWith('physical'));
  }).map((i) => i.code);
}

/** Every milestone the items are at now. */
export function milestonesOf(app: Pick<TStoredApplication, 'variants'>, items: TItemView[]): string[] {
  const by = new Map(items.map((i) => [i.code, i]));
  const out = ['filed'];
  if (instantItems(app).every((c) => by.get(c)?.state === 'done')) out.push('instant_done');
  if (items.every((i) => i.state === 'done')) out.push('all_done');
  for (const i of items) if (i.state === 'needs_correction') out.push(`correction:${i.code}:${i.corrections}`);
  for (const code of ['social_security_card', 'employment_certificate'] as const) {
    const i = by.get(code);
    if (i?.stage) out.push(`${code === 'social_security_card' ? 'card' : 'certificate'}:${i.stage}`);
  }
  return out;
}

const HR_PAGE = (id: string) => `packageHire/pages/detail/index?id=${id}`;
const CARD_PAGE = 'packageEmployee/pages/card/index';

/**
 * The notifications for milestones just reached (`fresh`), batched per
 * person. `items` is the state they were reached in.
 */
export function notificationsFor(app: TStoredApplication, items: TItemView[], fresh: string[], now: Date): TNotification[] {
  const at = now.toISOString();
  const who = maskName(app.application.employee.name);
  const subject = `入职一件事·${who}`;
  const out: TNotification[] = [];
  const has = (m: string) => fresh.includes(m);
  const base = { applicationId: app.id, at };

  // HR: the most significant of filed / instant done / all done, in one message.
  const hrMilestones = ['filed', 'instant_done', 'all_done'].filter(has);
  if (has('all_done')) {
    out.push({
      ...base,
      id: `${app.id}:all_done`,
      audience: 'hr',
      template: 'done',
      milestones: hrMilestones,
      title: '全部事项已办结',
      body: `${who}的入职一件事 ${items.length} 个事项已全部办结。`,
      values: { thing1: subject, phrase2: '已办结', time3: at, thing4: `${items.length}个事项全部办结` },
      page: HR_PAGE(app.id),
    });
  } else if (has('instant_done')) {
    const n = instantItems(app).length;
    out.push({
      ...base,
      id: `${app.id}:instant_done`,
      audience: 'hr',
      template: 'progress',
      milestones: hrMilestones,
      title: has('filed') ? '已受理，即时事项已办结' : '即时事项已办结',
      body: `${who}的入职一件事已受理，${n} 个即时事项已办结，其余事项办理中。`,
      values: { thing1: subject, phrase2: '部分办结', time3: at, thing4: `${n}项已办结，其余办理中` },
      page: HR_PAGE(app.id),
    });
  } else if (has('filed')) {
    out.push({
      ...base,
      id: `${app.id}:filed`,
      audience: 'hr',
      template: 'progress',
      milestones: ['filed'],
      title: '已受理',
      body: `${who}的入职一件事已受理，${items.length} 个事项正在办理。`,
      values: { thing1: subject, phrase2: '已受理', time3: at, thing4: `${items.length}个事项正在办理` },
      page: HR_PAGE(app.id),
    });
  }

  for (const m of fresh.filter((x) => x.startsWith('correction:'))) {
    const code = m.split(':')[1] as TItemCode;
    const item = items.find((i) => i.code === code);
    const name = ITEMS_BY_CODE[code].shortName;
    out.push({
      ...base,
      id: `${app.id}:${m}`,
      audience: 'hr',
      template: 'correction',
      milestones: [m],
      title: `${name}需要补正`,
      body: `${who}的${name}需要补正：${item?.message ?? '请查看详情'}`,
      values: { thing1: `${name}·${who}`, thing2: item?.message ?? '请查看详情', time3: at, thing4: '请在小程序中补正后重新办理' },
      page: HR_PAGE(app.id),
    });
  }

  // Employee: the newest stage of the card and of the certificate.
  const card = items.find((i) => i.code === 'social_security_card');
  const cardStage = fresh.find((x) => x.startsWith('card:'));
  if (card && cardStage) {
    const stage = cardStage.slice('card:'.length);
    const branch = card.results.collectionBranch?.replace(/（.*$/, '') ?? '以短信通知为准';
    out.push({
      ...base,
      id: `${app.id}:${cardStage}`,
      audience: 'employee',
      template: 'cardProgress',
      milestones: [cardStage],
      title: `社会保障卡：${stage}`,
      body: stage === '领卡未激活' ? `您的社会保障卡已制好，请到${branch}领取并激活。` : `您的社会保障卡当前进度：${stage}。`,
      values: { thing1: '社会保障卡', phrase2: stage, thing3: branch, time4: at },
      page: CARD_PAGE,
    });
  }
  const cert = items.find((i) => i.code === 'employment_certificate');
  const certStage = fresh.find((x) => x.startsWith('certificate:'));
  if (cert && certStage) {
    const stage = certStage.slice('certificate:'.length);
    out.push({
      ...base,
      id: `${app.id}:${certStage}`,
      audience: 'employee',
      template: 'progress',
      milestones: [certStage],
      title: `就业创业证：${stage}`,
      body: stage === '可领取' ? `您的就业创业证可以领取了：${cert.results.pickupLocation ?? '请查看详情'}。` : `您的就业创业证当前进度：${stage}。`,
      values: { thing1: '就业创业证', phrase2: stage, time3: at, thing4: cert.results.pickupLocation?.replace(/（.*$/, '') ?? '办理进度可在小程序查看' },
      page: HR_PAGE(app.id),
    });
  }
  return out;
}
