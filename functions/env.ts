/**
 * The environment, parsed once with zod at start-up (t3-env style). A wrong
 * or missing variable fails fast with its name. Nothing here has a secret
 * default: `npm start` (scripts/start.mjs) generates development values and
 * points every base URL at the loopback simulators; a deployment sets them.
 */
import { z } from 'zod';
import { ZTemplateIdSchema } from '../domain/notifications/subscriptions';
import { parseVkey, SIG_COSIGNATURE_V1 } from './ledger/note';
import { parseRateLimitsOverride, RATE_LIMITS } from '../domain/security/rate-limits';
import { idPhotoRetentionDaysAt } from '../domain/privacy/retention';
import { localToday } from '../domain/calendar/dates';

const url = z.url({ error: '应为 http(s) URL' });
const base64Key = (minBytes: number) =>
  z
    .string()
    .refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length >= minBytes, {
      error: `应为 base64 编码、至少 ${minBytes} 字节的密钥`,
    });
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ZEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Where this API is reachable from outside (callbacks from the queue). */
  PUBLIC_BASE_URL: url,

  // Storage: Upstash Redis, or our Upstash-REST-compatible gateway in front of any Redis.
  UPSTASH_REDIS_REST_URL: url,
  UPSTASH_REDIS_REST_TOKEN: z.string().min(16, { error: '至少16个字符' }),
  /** Prefix of every key this deployment writes (lets tests share one Redis). */
  KEY_PREFIX: z.string().regex(/^[a-z0-9:_-]{0,32}$/, { error: '只能包含小写字母、数字和 : _ -' }).default('ho:'),

  // Secrets
  SESSION_SECRET: base64Key(32),
  SESSION_TTL_SECONDS: int(60, 30 * 86_400).default(7_200),
  /** AES-256-GCM key for ID numbers at rest (32 bytes). */
  ID_ENCRYPTION_KEY: base64Key(32),
  /** HMAC-SHA-256 key for looking ID numbers up without decrypting them. */
  ID_HMAC_KEY: base64Key(32),

  // WeChat
  WECHAT_API_BASE_URL: url,
  WECHAT_APPID: z.string().min(1),
  WECHAT_SECRET: z.string().min(1),
  /** Which version of the mini-program a subscribe message opens (developer | trial | formal). */
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal'], { error: '应为 developer、trial 或 formal' }).default('formal'),
  /** Subscribe-message template ids of this mini-program: JSON `{ "progress", "done", "correction", "cardProgress" }`. */
  WECHAT_SUBSCRIBE_TEMPLATES: z.string().transform((v, ctx) => {
    try {
      return z.strictObject({ progress: ZTemplateIdSchema, done: ZTemplateIdSchema, correction: ZTemplateIdSchema, cardProgress: ZTemplateIdSchema }).parse(JSON.parse(v));
    } catch {
      ctx.addIssue({ code: 'custom', message: '应为 JSON {"progress","done","correction","cardProgress"}，值为小程序后台的订阅消息模板编号' });
      return z.NEVER;
    }
  }),

  // Government systems (adapters; each has a simulator for development)
  ELICENSE_API_BASE_URL: url, // 电子营业执照
  MARKET_API_BASE_URL: url, // 市监 data sharing
  POLICE_API_BASE_URL: url, // 公安 data sharing
  MOHRSS_API_BASE_URL: url, // 人社部 education interface
  HRSS_API_BASE_URL: url, // 人社 business systems
  MEDICAL_API_BASE_URL: url, // 医保
  HOUSING_FUND_API_BASE_URL: url, // 公积金中心
  LICENCE_LIBRARY_API_BASE_URL: url, // 电子证照库 (the e-licence library)
  THEME_DB_API_BASE_URL: url, // 企业员工录用主题库 (自治区政务信息资源共享平台): every ledger event is exported there
  /** The bearer token the 共享平台 issued to this service for the 主题库. */
  THEME_DB_API_TOKEN: z.string().min(16, { error: '至少16个字符' }),
  /** Vercel cron's bearer secret (`CRON_SECRET`): `/api/cron/*` refuse calls without it. */
  CRON_SECRET: z.string().min(16, { error: '至少16个字符' }).optional(),
  /** 证照颁发机构代码 sent with every pushed licence (the library's code of the HR bureau; default: Wuhai's division code). */
  LICENCE_ISSUER_CODE: z.string().regex(/^[0-9A-Z]{6,18}$/, { error: '应为6–18位数字或大写字母' }).default('150300'),
  /** Timeout for one upstream call; the auto-fill promise is ≤ 2 s. */
  UPSTREAM_TIMEOUT_MS: int(100, 2_000).default(2_000),
  /** How often to ask a department about a physical card or certificate in production. */
  ITEM_POLL_SECONDS: int(1, 86_400).default(600),
  /** Longest wait between retries of an item while its department is down (backoff doubles up to it). */
  ITEM_RETRY_MAX_SECONDS: int(1, 3_600).default(300),

  // The electronic social security card (电子社保卡)
  /** HMAC-SHA-256 key of the dynamic QR code's token (≥ 32 bytes, base64). */
  CARD_QR_SECRET: base64Key(32),
  /**
   * Scanning terminals allowed to verify QR codes: JSON `[{ "id", "name", "keySha256" }]`, where
   * keySha256 is the hex SHA-256 of the terminal's key (the key itself stays on the device).
   * Empty: no terminal is accepted.
   */
  CARD_TERMINAL_KEYS: z
    .string()
    .default('[]')
    .transform((v, ctx) => {
      try {
        const list = z
          .array(z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/), name: z.string().min(1).max(64), keySha256: z.string().regex(/^[0-9a-f]{64}$/) }))
          .parse(JSON.parse(v));
        if (new Set(list.map((t) => t.id)).size !== list.length) throw new Error('duplicate id');
        return list;
      } catch {
        ctx.addIssue({ code: 'custom', message: '应为 JSON 数组 [{ id, name, keySha256 }]：id 为1–32位字母、数字、_ 或 - 且不重复，keySha256 为终端密钥的 SHA-256（64位小写十六进制）' });
        return z.NEVER;
      }
    }),

  // Materials' bytes (encrypted before they are written): the local filesystem, or an
  // S3-compatible object store — Aliyun OSS, Tencent COS, MinIO, AWS S3 (functions/materials/README.md).
  BLOB_STORE: z.enum(['fs', 's3']).default('fs'),
  /** Directory of the local-filesystem blob store. */
  BLOB_DIR: z.string().min(1).default('.data/blobs'),
  /** Endpoint without the bucket (path-style requests), e.g. https://oss-cn-hangzhou.aliyuncs.com. */
  S3_ENDPOINT: url.optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: '应为 3–63 位小写字母、数字、. 或 -，以字母或数字开头和结尾' })
    .optional(),
  /** The region requests are signed for (SigV4), e.g. cn-hangzhou, ap-beijing, us-east-1. */
  S3_REGION: z.string().regex(/^[a-z0-9-]{1,40}$/, { error: '应为区域名，如 cn-hangzhou' }).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),

  /**
   * Days an application's ID photos are kept once all seven items are accepted (PIPL §19, §47), then
   * deleted from the blob store (functions/retention); 0 = as soon as they are. Default and its reasoning:
   * domain/privacy/retention.ts.
   */
  ID_PHOTO_RETENTION_DAYS: int(0, 3_650).default(() => idPhotoRetentionDaysAt(localToday())),

  // The durable path for items: QStash, or a self-hosted dispatcher on Redis (政务云).
  QUEUE_TRANSPORT: z.enum(['qstash', 'redis']).default('redis'),
  QSTASH_URL: url.optional(),
  QSTASH_TOKEN: z.string().optional(),
  /** Keys that sign queue deliveries (QStash's, or the self-hosted dispatcher's). */
  QSTASH_CURRENT_SIGNING_KEY: z.string().min(16),
  QSTASH_NEXT_SIGNING_KEY: z.string().min(16),

  // The ledger (functions/ledger): checkpoints signed with a key that lives only here, never in Redis,
  // and cosigned by an outside witness (functions/ledger/README.md).
  /** The log's name: the checkpoints' origin line and key name (a schema-less URL, no spaces or +). */
  LEDGER_ORIGIN: z
    .string()
    .regex(/^[^\s+]{1,255}$/u, { error: '应为不含空格和 + 的名称，如 hire-once.wuhai.gov.cn/ledger' })
    .default('hire-once.wuhai.gov.cn/ledger'),
  /** The checkpoints' Ed25519 private key: its 32-byte seed, base64. */
  LEDGER_SIGNING_KEY: z.string().refine((v) => /^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, {
    error: '应为 base64 编码的 32 字节 Ed25519 私钥种子',
  }),
  /** The outside witness (C2SP tlog-witness: POST <base>/add-checkpoint). */
  WITNESS_API_BASE_URL: url,
  /** The witness's verifier key, `<name>+<key ID>+<base64>` (c2sp.org/signed-note vkey of a cosignature/v1 key, type 0x04). */
  WITNESS_VKEY: z.string().refine((v) => parseVkey(v)?.type === SIG_COSIGNATURE_V1, { error: '应为见证方的 vkey：<名称>+<8位十六进制>+<base64>（cosignature/v1 公钥）' }),

  /**
   * Rate limits (functions/ratelimit): JSON overriding any of the policy's numbers in
   * domain/security/rate-limits.ts, e.g. `{"filing":{"perUser":{"requests":100,"windowSeconds":3600}}}`.
   * Unset: the policy as written. A wrong key or value fails start-up naming it.
   */
  RATE_LIMITS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return RATE_LIMITS;
      const parsed = parseRateLimitsOverride(v);
      if ('ok' in parsed) return parsed.ok;
      for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }),
  /**
   * Reverse proxies in front of the API that append the client's address to X-Forwarded-For
   * (the per-address login limits count the address that many entries from the right).
   * Default: 1 on Vercel (`VERCEL=1`, whose edge sets X-Forwarded-For), else 0 (the socket's address).
   */
  TRUSTED_PROXY_HOPS: int(0, 5).optional(),
  /** Set to 1 by Vercel's runtime. */
  VERCEL: z.string().optional(),

  /** Window staff accounts: JSON `[{ "username", "name", "passwordHash" }]` (scrypt, see functions/auth). */
  CLERK_ACCOUNTS: z
    .string()
    .default('[]')
    .transform((v, ctx) => {
      try {
        return z.array(z.object({ username: z.string().min(1), name: z.string().min(1), passwordHash: z.string().min(1) })).parse(JSON.parse(v));
      } catch {
        ctx.addIssue({ code: 'custom', message: '应为 JSON 数组 [{ username, name, passwordHash }]' });
        return z.NEVER;
      }
    }),
}).superRefine((e, ctx) => {
  if (e.QUEUE_TRANSPORT === 'qstash') {
    for (const key of ['QSTASH_URL', 'QSTASH_TOKEN'] as const) {
      if (!e[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'QUEUE_TRANSPORT=qstash 时必填' });
    }
  }
  if (e.BLOB_STORE === 's3') {
    for (const key of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!e[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'BLOB_STORE=s3 时必填' });
    }
  }
});
export type TEnv = z.infer<typeof ZEnvSchema>;

export class EnvError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`环境变量配置有误：\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses variables with a schema (the app's, the gateway's, the Node host's); throws EnvError naming every wrong one. */
export function parseVariables<S extends z.ZodType>(schema: S, source: Record<string, string | undefined>): z.output<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((i) => ({
      variable: String(i.path[0] ?? '(env)'),
      message: i.code === 'invalid_type' && source[String(i.path[0])] === undefined ? '未设置' : i.message,
    })),
  );
}

/** Parses the app's environment; throws EnvError naming every wrong variable. */
export function parseEnv(source: Record<string, string | undefined>): TEnv {
  return parseVariables(ZEnvSchema, source);
}

let cached: TEnv | undefined;

/** The process environment, parsed on first use and then kept. */
export function env(): TEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests and the local launcher: replace the parsed environment. */
export function setEnvForProcess(next: TEnv): void {
  cached = next;
}
