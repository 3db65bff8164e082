/**
 * 好差评 (国办发〔2019〕51号《关于建立政务服务“好差评”制度提高政务服务水平的意见》):
 * the HR user rates a finished hire on five levels, 非常满意 to 非常不满意,
 * with an optional comment; a 差评 (不满意 / 非常不满意) is followed up
 * (回访整改) by a window clerk. Schemas shared by the functions and the
 * mini-program (zod only, so the pages that rate stay small).
 */
import { z } from 'zod';

export const RATING_LEVELS = ['非常满意', '满意', '基本满意', '不满意', '非常不满意'] as const;
export const ZRatingLevelSchema = z.enum(RATING_LEVELS, { error: '请选择评价：非常满意、满意、基本满意、不满意或非常不满意' });
export type TRatingLevel = z.infer<typeof ZRatingLevelSchema>;

/** 差评: shown on the clerk's board until a clerk records the follow-up. */
export const BAD_RATING_LEVELS: readonly TRatingLevel[] = ['不满意', '非常不满意'];
export const isBadRating = (level: TRatingLevel): boolean => BAD_RATING_LEVELS.includes(level);

export const RATING_COMMENT_MAX = 200;
/** Characters as a person counts them (an emoji is one). */
const charCount = (s: string) => Array.from(s).length;

/** POST /api/applications/:id/rating */
export const ZRatingInputSchema = z.strictObject({
  level: ZRatingLevelSchema,
  comment: z
    .string({ error: '评价内容应为文字' })
    .trim()
    .refine((s) => charCount(s) <= RATING_COMMENT_MAX, { error: `评价内容不超过${RATING_COMMENT_MAX}字` })
    .optional(),
});
export type TRatingInput = z.infer<typeof ZRatingInputSchema>;

/** POST /api/clerk/ratings/:id/follow-up */
export const ZFollowUpInputSchema = z.strictObject({
  note: z
    .string({ error: '请填写回访处理情况' })
    .trim()
    .min(1, { error: '请填写回访处理情况' })
    .refine((s) => charCount(s) <= 500, { error: '回访处理情况不超过500字' }),
});
export type TFollowUpInput = z.infer<typeof ZFollowUpInputSchema>;

export const ZRatingViewSchema = z.object({
  applicationId: z.string(),
  level: ZRatingLevelSchema,
  comment: z.string().optional(),
  at: z.string(),
  bad: z.boolean(),
  /** The clerk's follow-up of a bad rating (回访整改). */
  followUp: z.object({ note: z.string(), at: z.string(), clerk: z.string() }).optional(),
});
export type TRatingView = z.infer<typeof ZRatingViewSchema>;

/** GET /api/applications/:id/rating */
export const ZRatingStatusSchema = z.object({
  rating: ZRatingViewSchema.nullable(),
  /** All seven items are done and no rating was given yet. */
  canRate: z.boolean(),
});
export type TRatingStatus = z.infer<typeof ZRatingStatusSchema>;

