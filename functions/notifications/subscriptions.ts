/**
 * The quota ledger of one-time subscribe messages: each `accept` the
 * mini-program reports allows one message of that template to that user.
 * Sending (issue 5) spends from the same hash.
 *
 *   subq:{sub}                 HASH    templateId → remaining one-time subscriptions
 *   subrep:{sub}:{requestId}   STRING  a report already counted (7 days): a retried report adds nothing
 *   subrep:{sub}:log           LIST    the last 100 reports (JSON), newest first, for the audit trail
 */
import { AppError, SUBSCRIBE_TEMPLATES, type TSubscribeReport, type TSubscribeTemplateKey, type TSubscriptionsView } from '../../domain';
import type { TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { fieldsToRecord } from '../storage/redis';

export const REPORT_GUARD_TTL_SECONDS = 7 * 86_400;
export const REPORT_LOG_LENGTH = 100;

/**
 * KEYS: 1 report guard, 2 quota hash, 3 report log. ARGV: 1 guard TTL s, 2 report JSON, 3 log length, 4.. accepted template ids.
 * Returns 1 counted · 0 this report was counted before.
 */
export const RECORD_SUBSCRIBE_REPORT_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], '1', 'EX', tonumber(ARGV[1]))
for i = 4, #ARGV do
  redis.call('HINCRBY', KEYS[2], ARGV[i], 1)
end
redis.call('LPUSH', KEYS[3], ARGV[2])
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[3]) - 1)
return 1
`;

/** The templates a user may be asked for: HR contacts hear about their hires, employees about their card. */
export function templatesFor(p: TPrincipal): TSubscribeTemplateKey[] {
  return (Object.keys(SUBSCRIBE_TEMPLATES) as TSubscribeTemplateKey[]).filter((k) => {
    const audience: readonly string[] = SUBSCRIBE_TEMPLATES[k].audience;
    return (audience.includes('hr') && p.hr) || (audience.includes('employee') && p.employee);
  });
}

export async function subscriptionsOf(deps: TDeps, p: TPrincipal): Promise<TSubscriptionsView> {
  const quota = fieldsToRecord(await deps.redis.hgetall(`${deps.prefix}subq:${p.sub}`));
  return {
    templates: templatesFor(p).map((key) => {
      const templateId = deps.subscribeTemplates[key];
      return { key, title: SUBSCRIBE_TEMPLATES[key].title, templateId, remaining: Math.max(0, Number(quota[templateId] ?? 0)) };
    }),
  };
}

export async function recordSubscribeReport(deps: TDeps, p: TPrincipal, report: TSubscribeReport): Promise<TSubscriptionsView & { counted: boolean }> {
  const allowed = new Set(templatesFor(p).map((k) => deps.subscribeTemplates[k]));
  if (allowed.size === 0) throw new AppError('FORBIDDEN', { message: '绑定企业或完成员工核验后才能订阅办理通知' });
  const unknown = Object.keys(report.answers).filter((id) => !allowed.has(id));
  if (unknown.length) {
    throw new AppError('VALIDATION_FAILED', { issues: unknown.map((id) => ({ path: ['answers', id], code: 'unknown_template', message: '不是本小程序向您提供的订阅消息模板' })) });
  }
  const accepted = Object.entries(report.answers)
    .filter(([, a]) => a === 'accept')
    .map(([id]) => id);
  const entry = JSON.stringify({ at: deps.now().toISOString(), ...report });
  const base = `${deps.prefix}subrep:${p.sub}`;
  const counted = await deps.redis.eval(RECORD_SUBSCRIBE_REPORT_LUA, [`${base}:${report.requestId}`, `${deps.prefix}subq:${p.sub}`, `${base}:log`], [
    String(REPORT_GUARD_TTL_SECONDS),
    entry,
    String(REPORT_LOG_LENGTH),
    ...accepted,
  ]);
  return { counted: Number(counted) === 1, ...(await subscriptionsOf(deps, p)) };
}
