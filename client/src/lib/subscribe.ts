/**
 * Asking for subscribe messages on a tap. WeChat only shows the dialog when
 * `requestSubscribeMessage` is called from the tap itself, so the template ids
 * are fetched beforehand and the call comes first in the tap handler; the
 * answers are reported to the backend (its quota ledger), and a failed report
 * never stops the filing.
 */
import { MAX_TEMPLATES_PER_REQUEST, type TSubscribeAnswer, type TSubscribeReport, type TSubscriptionsView } from '@/domain/notifications/subscriptions';

/** Taro.requestSubscribeMessage's shape: `{ [templateId]: 'accept' | 'reject' | 'ban' | 'filter', errMsg }`. */
export type TRequestSubscribe = (opts: { tmplIds: string[] }) => Promise<Record<string, string>>;

/** Up to three templates, those with no quota left first (they are the ones that cannot reach the user now). */
export function templatesToAsk(view: TSubscriptionsView | undefined): string[] {
  if (!view) return [];
  return [...view.templates]
    .sort((a, b) => a.remaining - b.remaining)
    .slice(0, MAX_TEMPLATES_PER_REQUEST)
    .map((t) => t.templateId);
}

const ANSWERS = new Set(['accept', 'reject', 'ban', 'filter']);

export async function askSubscriptions(opts: {
  view: TSubscriptionsView | undefined;
  request: TRequestSubscribe | undefined;
  report: (r: TSubscribeReport) => Promise<unknown>;
  trigger: TSubscribeReport['trigger'];
  requestId: string;
  now?: () => Date;
}): Promise<TSubscribeReport | undefined> {
  const tmplIds = templatesToAsk(opts.view);
  if (!tmplIds.length || !opts.request) return undefined;
  const askedAt = (opts.now ?? (() => new Date()))().toISOString();
  let report: TSubscribeReport;
  try {
    const res = await opts.request({ tmplIds });
    const answers: Record<string, TSubscribeAnswer> = {};
    for (const id of tmplIds) if (ANSWERS.has(res[id] ?? '')) answers[id] = res[id] as TSubscribeAnswer;
    if (!Object.keys(answers).length) return undefined;
    report = { requestId: opts.requestId, trigger: opts.trigger, answers, askedAt };
  } catch (e) {
    // e.g. 20004 (the user switched subscriptions off): nothing was accepted; say so once.
    const errCode = Number((e as { errCode?: unknown })?.errCode);
    report = { requestId: opts.requestId, trigger: opts.trigger, answers: Object.fromEntries(tmplIds.map((id) => [id, 'reject' as const])), askedAt, ...(Number.isFinite(errCode) ? { errCode } : {}) };
  }
  await opts.report(report).catch(() => opts.report(report).catch(() => undefined));
  return report;
}
