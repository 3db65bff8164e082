/** The in-app inbox as the API answers it (GET /api/me/messages): one source of the types for functions and the mini-program. */
import { z } from 'zod';

/** What became of the WeChat push: sent, no_quota (the inbox was the channel), refused, failed, unknown (maybe delivered), pending. */
export const ZPushStateSchema = z.enum(['pending', 'sent', 'no_quota', 'refused', 'failed', 'unknown']);
export type TPushState = z.infer<typeof ZPushStateSchema>;

export const ZInboxMessageSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  /** The mini-program page a tap opens. */
  page: z.string(),
  at: z.string(),
  template: z.string(),
  applicationId: z.string(),
  read: z.boolean(),
  push: ZPushStateSchema,
});
export type TInboxMessage = z.infer<typeof ZInboxMessageSchema>;

export const ZInboxPageSchema = z.object({ items: z.array(ZInboxMessageSchema), unread: z.number().int(), nextCursor: z.number().optional() });
export type TInboxPage = z.infer<typeof ZInboxPageSchema>;
