/**
 * Subscribe messages (订阅消息): one-time subscriptions the user grants in
 * `requestSubscribeMessage`; each accepted one allows one message. The
 * mini-program asks on a natural tap (the submit button) for at most three
 * templates at once — WeChat's limit per request — and reports every answer
 * to the backend, which keeps the quota per user × template.
 *
 * Source: 微信开放文档 · 小程序 · 订阅消息 · requestSubscribeMessage
 * (tmplIds: 3 per call to be safe — newer docs say 5; results: accept / reject / ban / filter), see
 * ../../../shared/spec/facts.md.
 */
import { z } from 'zod';

/**
 * The four templates (ids per deployment, from the server's config) and who
 * is asked for them: the HR contact hears about the hire; the employee about
 * their card (社保卡制卡进度) and certificate (办理进度通知).
 */
export const SUBSCRIBE_TEMPLATES = {
  progress: { title: '办理进度通知', audience: ['hr', 'employee'] },
  done: { title: '办结通知', audience: ['hr'] },
  correction: { title: '补正通知', audience: ['hr'] },
  cardProgress: { title: '社保卡制卡进度', audience: ['employee'] },
} as const satisfies Record<string, { title: string; audience: readonly ('hr' | 'employee')[] }>;

export type TSubscribeTemplateKey = keyof typeof SUBSCRIBE_TEMPLATES;
export const ZSubscribeTemplateKeySchema = z.enum(Object.keys(SUBSCRIBE_TEMPLATES) as [TSubscribeTemplateKey, ...TSubscribeTemplateKey[]]);

/** WeChat: `tmplIds` holds at most 3 ids per request. */
export const MAX_TEMPLATES_PER_REQUEST = 3;

/** A template id as WeChat issues them (letters, digits, - and _). */
export const ZTemplateIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '订阅消息模板编号无效' });

/** What `requestSubscribeMessage` answered for one template. */
export const ZSubscribeAnswerSchema = z.enum(['accept', 'reject', 'ban', 'filter'], { error: '订阅结果只能是 accept、reject、ban 或 filter' });
export type TSubscribeAnswer = z.infer<typeof ZSubscribeAnswerSchema>;

/** POST /api/notifications/subscriptions: one request's answers, reported once (the requestId makes a retried report harmless). */
export const ZSubscribeReportSchema = z.strictObject({
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '请求编号应为8–64位字母、数字、- 或 _' }),
  answers: z
    .record(ZTemplateIdSchema, ZSubscribeAnswerSchema)
    .refine((a) => Object.keys(a).length >= 1, { error: '至少报告一个模板的订阅结果' })
    .refine((a) => Object.keys(a).length <= MAX_TEMPLATES_PER_REQUEST, { error: `一次最多订阅${MAX_TEMPLATES_PER_REQUEST}个模板` }),
  /** When the user was asked, and on which tap (for the audit trail only). */
  askedAt: z.iso.datetime({ offset: true, error: '时间格式应为 ISO 8601' }).optional(),
  trigger: z.enum(['submit', 'correction', 'card', 'inbox'], { error: '未知的订阅入口' }),
  /** WeChat's errMsg / errCode when the request itself failed (e.g. 20004: 用户关闭了主开关). */
  errCode: z.number().int().optional(),
});
export type TSubscribeReport = z.infer<typeof ZSubscribeReportSchema>;

export const ZSubscribeTemplateViewSchema = z.object({ key: ZSubscribeTemplateKeySchema, title: z.string(), templateId: z.string(), remaining: z.number().int().min(0) });
/** GET /api/notifications/subscriptions: the templates this user may be asked for, with what is left of each quota. */
export const ZSubscriptionsViewSchema = z.object({ templates: z.array(ZSubscribeTemplateViewSchema) });
export type TSubscriptionsView = z.infer<typeof ZSubscriptionsViewSchema>;
