/**
 * The employee's electronic social security card (电子社保卡), as the API
 * answers it: one source of these types for the functions that build the
 * answers and the mini-program that shows them.
 *
 * Facts (../../../shared/spec/facts.md): the card face shows the name and the
 * number masked until the holder taps the eye icon (we then ask for a fresh
 * 人脸核身); status 正常 / 封存 (made, not yet issued or activated) / 挂失 /
 * 注销, and a lost or cancelled physical card stops the e-card too; the
 * dynamic QR code is valid for one minute and usable once; 制卡进度 stages
 * 数据录入 → 制卡中 → 市银行签收 → 网点签收 → 领卡未激活 (or 制卡失败).
 */
import { z } from 'zod';
import { ZItemStateSchema } from '../applications/views';

/** 卡状态, as 人社's card system reports it (`unknown`: the system could not be asked just now). */
export const CARD_STATUS_LABELS = {
  normal: '正常',
  sealed: '封存',
  lost: '挂失',
  cancelled: '注销',
  unknown: '暂无法查询',
} as const;
export const ZCardStatusCodeSchema = z.enum(['normal', 'sealed', 'lost', 'cancelled', 'unknown']);
export type TCardStatusCode = z.infer<typeof ZCardStatusCodeSchema>;

export const ZCardStatusSchema = z.object({
  code: ZCardStatusCodeSchema,
  /** 正常 / 封存 / 挂失 / 注销 / 暂无法查询 */
  label: z.string(),
  /** Since when (ISO), when 人社 says. */
  since: z.string().nullable(),
  /** Why, in Chinese (e.g. 实体卡已挂失，电子社保卡同步暂停使用). */
  message: z.string().nullable(),
});
export type TCardStatus = z.infer<typeof ZCardStatusSchema>;

/** The dynamic QR code lives this long (facts.md: 1 minute, single use). */
export const CARD_QR_TTL_SECONDS = 60;
/** The mini-program asks for a new code this long after it was issued (before it expires). */
export const CARD_QR_REFRESH_SECONDS = 50;
/** Revealing the full card number needs a 人脸核身 started at most this long ago. */
export const CARD_REAUTH_WINDOW_SECONDS = 300;

/** Statuses in which the e-card may not be used (no QR code is issued). */
export const CARD_BLOCKING_STATUSES: readonly TCardStatusCode[] = ['lost', 'cancelled'];

/** `J15030018` → `J1*****18`: the first two and last two characters. */
export function maskCardNo(cardNo: string): string {
  if (cardNo.length <= 4) return '*'.repeat(cardNo.length);
  return cardNo.slice(0, 2) + '*'.repeat(cardNo.length - 4) + cardNo.slice(-2);
}

export const ZCardStageViewSchema = z.object({
  stage: z.string(),
  /** Whether the card has reached this stage. */
  reached: z.boolean(),
  /** When we learned it reached the stage (from the item's history); null when not reached or skipped between two polls. */
  at: z.string().nullable(),
});
export type TCardStageView = z.infer<typeof ZCardStageViewSchema>;

/** GET /api/me/card */
export const ZCardViewSchema = z.object({
  /** The hire whose 社会保障卡申领 item this card comes from (the latest with a card). */
  applicationId: z.string(),
  enterpriseName: z.string(),
  holder: z.object({
    /** Masked: 测***甲. */
    name: z.string(),
    /** 社会保障号码 (= the ID number), masked with the birth date hidden. */
    socialSecurityNumber: z.string(),
  }),
  /** 社保卡号, masked (J1*****18); null while no card number exists yet. */
  cardNo: z.string().nullable(),
  /** Which card the number is: the e-card (issued at once) or the physical card. */
  cardKind: z.enum(['electronic', 'physical']).nullable(),
  status: ZCardStatusSchema,
  /** The 社会保障卡申领 item's state and message. */
  item: z.object({ state: ZItemStateSchema, message: z.string().nullable() }),
  /** 制卡进度 of the physical card (null when none was requested). */
  production: z
    .object({
      applicationNo: z.string().nullable(),
      currentStage: z.string().nullable(),
      failed: z.boolean(),
      stages: z.array(ZCardStageViewSchema),
    })
    .nullable(),
  /** 领卡网点: where the physical card is collected (name and address). */
  collectionBranch: z.string().nullable(),
  /** Whether a dynamic QR code can be shown, and why not. */
  qr: z.object({ available: z.boolean(), reason: z.string().nullable() }),
  /** Pushed to the government 电子证照库 (when). */
  licence: z.object({ pushedAt: z.string() }).nullable(),
});
export type TCardView = z.infer<typeof ZCardViewSchema>;

/** GET /api/me/card/qr */
export const ZCardQrSchema = z.object({
  /** The signed token the QR code carries (no personal data inside). */
  token: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  ttlSeconds: z.number().int(),
  /** Ask for the next code after this many seconds. */
  refreshInSeconds: z.number().int(),
});
export type TCardQr = z.infer<typeof ZCardQrSchema>;

/** POST /api/me/card/reveal/start: a 人脸核身 session for the card holder. */
export const ZCardRevealStartSchema = z.object({ verifyId: z.string(), expiresInSeconds: z.number().int() });
export type TCardRevealStart = z.infer<typeof ZCardRevealStartSchema>;

/** POST /api/me/card/reveal body. */
export const ZCardRevealRequestSchema = z.strictObject({
  verifyId: z.string({ error: '缺少 verifyId' }).min(1, { error: '缺少 verifyId' }).max(128, { error: 'verifyId 过长' }),
});

/** POST /api/me/card/reveal answer: the full number, once per verification. */
export const ZCardRevealSchema = z.object({ cardNo: z.string(), name: z.string(), revealedAt: z.string() });
export type TCardReveal = z.infer<typeof ZCardRevealSchema>;

/** POST /api/card/verify body (a scanning terminal). */
export const ZCardVerifyRequestSchema = z.strictObject({
  token: z.string({ error: '缺少二维码内容 token' }).min(1, { error: '缺少二维码内容 token' }).max(512, { error: '二维码内容过长，不是本系统的社保卡二维码' }),
});

/** POST /api/card/verify answer on acceptance. */
export const ZCardVerifyResultSchema = z.object({
  accepted: z.literal(true),
  holder: z.object({ name: z.string() }),
  card: z.object({ cardNo: z.string().nullable(), status: ZCardStatusSchema }),
  terminalId: z.string(),
  verifiedAt: z.string(),
});
export type TCardVerifyResult = z.infer<typeof ZCardVerifyResultSchema>;
