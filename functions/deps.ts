/**
 * What the use cases need from the outside world, as small interfaces
 * ("ports"). `context.ts` wires the real adapters (HTTP clients with a
 * configurable base URL); tests may wire anything that fits.
 */
import type { Redis } from '@upstash/redis';
import type { TApplication, TItemCode } from '../domain';
import type { TPersonalDataKeys } from './lib/crypto';
import type { TQueue } from './queue/queue';
import type { TLedgerPort } from './ledger/port';
import type { TLedgerLog } from './ledger/checkpoint';
import type { ThemeDbClient } from './theme-db/client';
import type { ApplicationStore } from './applications/store';
import type { ElicenseClient } from './elicense';
import type { HrssClient } from './departments/hrss';
import type { LicenceLibraryClient } from './licences/client';
import type { TBlobStore } from './materials/blob-store';
import type { TSubscribeTemplateKey } from '../domain/notifications/subscriptions';
import type { WeChatClient } from './wechat';
import type { TRateLimiter } from './ratelimit/limiter';

export type TEmployerFields = Pick<
  TApplication['employer'],
  'name' | 'address' | 'legalRepresentative' | 'industrialSector' | 'divisionCode' | 'industryCode'
> & { contactName?: string; contactPhone?: string };

export interface TMarketRegulationPort {
  lookupEnterprise(uscc: string): Promise<(TEmployerFields & { status?: string }) | null>;
}

export interface TPublicSecurityPort {
  /** Data only when the name matches the number; null otherwise (verification before disclosure). */
  verifyPerson(input: { idType: string; idNumber: string; name: string }): Promise<{
    sex: string;
    birthDate: string;
    ethnicGroup?: string;
    hukouNature?: string;
    hukouAddress?: string;
  } | null>;
}

export interface TEducationPort {
  lookupEducation(idNumber: string): Promise<{ education: string; graduateSchool?: string; major?: string; graduationDate?: string } | null>;
}

export type TElicensePort = Pick<ElicenseClient, 'verifyAuthorization'>;

/** 人社's card system: 卡状态查询 (正常 / 封存 / 挂失 / 注销). */
export type TCardStatusPort = Pick<HrssClient, 'queryCardStatus'>;

/** The regional theme database (企业员工录用主题库): ledger events are exported there in order. */
export type TThemeDbPort = Pick<ThemeDbClient, 'sendBatch'>;

/** The government e-licence library (电子证照库). */
export type TLicenceLibraryPort = Pick<LicenceLibraryClient, 'push'>;

export type TWeChatPort = Pick<WeChatClient, 'code2Session' | 'getVerifyId' | 'queryVerifyInfo' | 'sendSubscribeMessage'>;

export type TItemRunResult =
  | { kind: 'done'; results: Record<string, string>; stage?: { name: string; rank: number } }
  | { kind: 'in_progress'; results: Record<string, string>; stage: { name: string; rank: number }; pollAfterSeconds: number }
  | { kind: 'needs_correction'; message: string; fields: string[] }
  | { kind: 'rejected'; message: string };

export interface TItemRunInput {
  applicationId: string;
  item: TItemCode;
  /** Unique per (application, item, correction round): the department's idempotency key. */
  requestId: string;
  /** The application with the ID number in clear (never logged). */
  application: TApplication;
  /** Results of the items it depends on (e.g. the personal social security number). */
  dependencyResults: Record<string, string>;
  /** Variants requested (card: electronic + physical; certificate: electronic + physical). */
  variants: string[];
  /** Results so far (a poll continues from them). */
  results: Record<string, string>;
}

/** Runs one item at its department; throws UpstreamError when the department cannot be reached. */
export interface TDepartmentsPort {
  run(input: TItemRunInput): Promise<TItemRunResult>;
  /** Continues an item in progress (the physical card, the physical certificate). */
  poll(input: TItemRunInput): Promise<TItemRunResult>;
}

export interface TDeps {
  redis: Redis;
  prefix: string;
  keys: TPersonalDataKeys;
  store: ApplicationStore;
  queue: TQueue;
  market: TMarketRegulationPort;
  police: TPublicSecurityPort;
  education: TEducationPort;
  elicense: TElicensePort;
  wechat: TWeChatPort;
  departments: TDepartmentsPort;
  blobs: TBlobStore;
  /** 社保卡 status queries (人社). */
  cardStatus: TCardStatusPort;
  /** The government 电子证照库: electronic 就业创业证 and 社会保障卡 are pushed there. */
  licences: TLicenceLibraryPort;
  /** The tamper-evident log of every business event (functions/ledger). */
  ledger: TLedgerPort;
  /** The ledger's own machinery (functions/ledger, /api/ledger): the store's proofs and checkpoints, the log's signing key (env only), the witness. */
  ledgerLog: TLedgerLog;
  /** The regional 主题库: every ledger event is exported there (functions/theme-db). */
  themeDb: TThemeDbPort;
  /** The e-card's dynamic QR code (HMAC key), the terminals that may verify it, the issuer named on pushed licences. */
  card: { qrSecret: Buffer; terminals: { id: string; name: string; keySha256: string }[]; licenceIssuer: { name: string; code: string } };
  session: { secret: string; ttlSeconds: number };
  /** Backoff of items whose department is down. */
  retry: { maxSeconds: number };
  /** Personal-data retention (functions/retention): days ID photos are kept after all items are accepted (absent: the domain default). */
  retention?: { idPhotoDays: number };
  /** Rate limits of login, auto-fill, filing and the card QR code (functions/ratelimit). */
  rateLimiter: TRateLimiter;
  clerks: { username: string; name: string; passwordHash: string }[];
  /** Subscribe-message template ids (WeChat mini-program console). */
  subscribeTemplates: Record<TSubscribeTemplateKey, string>;
  /** The mini-program version a subscribe message opens. */
  miniprogramState: 'developer' | 'trial' | 'formal';
  /** Health of each external source, for /api/health. */
  sources: { name: string; state(): 'closed' | 'open' | 'half_open'; lastLatencyMs(): number | undefined }[];
  now: () => Date;
}
