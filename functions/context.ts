/**
 * The process's dependencies, built once from the environment: storage
 * through @upstash/redis, the queue, the blob store for materials (BLOB_STORE),
 * and one adapter per external system, each with its configurable base URL
 * and circuit breaker. Handlers call `getDeps()`; nothing here knows whether
 * a base URL points at a real system or at a simulator.
 */
import path from 'node:path';
import { CircuitBreaker } from './adapters/http';
import { LocalFsBlobStore, type TBlobStore } from './materials/blob-store';
import { S3BlobStore } from './materials/s3-blob-store';
import { ApplicationStore } from './applications/store';
import type { TDeps } from './deps';
import { HousingFundClient, HrssClient, MedicalInsuranceClient } from './departments';
import { createDepartmentsPort } from './departments/items-port';
import { ElicenseClient } from './elicense';
import { LicenceLibraryClient } from './licences/client';
import { env, type TEnv } from './env';
import { keysFromEnv } from './lib/crypto';
import { QStashQueue, RedisQueue } from './queue/queue';
import { createSharedDataClients } from './shared-data';
import { createRedisClient } from './storage/redis';
import { RedisTokenStore, WeChatClient } from './wechat';
import { ThemeDbClient } from './theme-db/client';
import { createLedgerLog } from './ledger/context';
import { createRateLimiter } from './ratelimit/limiter';

/** Where materials' bytes go: BLOB_STORE=s3 an S3-compatible object store, otherwise BLOB_DIR on this host. */
export function createBlobStore(e: TEnv): TBlobStore {
  if (e.BLOB_STORE === 's3') {
    // parseEnv has checked that every S3_* variable is set when BLOB_STORE=s3
    return new S3BlobStore({
      endpoint: e.S3_ENDPOINT!,
      bucket: e.S3_BUCKET!,
      region: e.S3_REGION!,
      accessKeyId: e.S3_ACCESS_KEY_ID!,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
      timeoutMs: e.UPSTREAM_TIMEOUT_MS,
    });
  }
  return new LocalFsBlobStore(path.resolve(e.BLOB_DIR));
}

export function createDeps(e: TEnv, options: { now?: () => Date } = {}): TDeps {
  const redis = createRedisClient({ url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN });
  const prefix = e.KEY_PREFIX;
  const timeoutMs = e.UPSTREAM_TIMEOUT_MS;
  const breakers = {
    market: new CircuitBreaker(),
    police: new CircuitBreaker(),
    education: new CircuitBreaker(),
    elicense: new CircuitBreaker(),
    wechat: new CircuitBreaker(),
    hrss: new CircuitBreaker(),
    medical: new CircuitBreaker(),
    housingFund: new CircuitBreaker(),
    licences: new CircuitBreaker(),
    themeDb: new CircuitBreaker(),
    witness: new CircuitBreaker(),
  };
  // Auto-fill reads are retried once, each attempt within half the budget, so the whole lookup
  // (two attempts and the backoff between them) stays inside UPSTREAM_TIMEOUT_MS (≤ 2 s).
  const autofillAttemptMs = Math.max(100, Math.floor((e.UPSTREAM_TIMEOUT_MS - 100) / 2));
  const shared = createSharedDataClients(
    { ...e, UPSTREAM_TIMEOUT_MS: autofillAttemptMs },
    { retries: 1, breakers: { market: breakers.market, police: breakers.police, education: breakers.education } },
  );
  const department = { timeoutMs, retries: 1 };
  const hrss = new HrssClient({ ...department, baseUrl: e.HRSS_API_BASE_URL, breaker: breakers.hrss });
  const departments = createDepartmentsPort({
    hrss,
    medical: new MedicalInsuranceClient({ ...department, baseUrl: e.MEDICAL_API_BASE_URL, breaker: breakers.medical }),
    housingFund: new HousingFundClient({ ...department, baseUrl: e.HOUSING_FUND_API_BASE_URL, breaker: breakers.housingFund }),
    pollSeconds: e.ITEM_POLL_SECONDS,
  });
  const now = options.now ?? (() => new Date());
  const names: Record<keyof typeof breakers, string> = {
    market: '市监数据共享',
    police: '公安数据共享',
    education: '人社部学历接口',
    elicense: '电子营业执照',
    wechat: '微信接口',
    hrss: '人社业务系统',
    medical: '医保业务系统',
    housingFund: '公积金业务系统',
    licences: '电子证照库',
    themeDb: '主题库',
    witness: '日志见证方',
  };
  const ledgerLog = createLedgerLog(e, redis, breakers.witness);
  return {
    redis,
    prefix,
    keys: keysFromEnv(e),
    store: new ApplicationStore(redis, prefix, now),
    queue:
      e.QUEUE_TRANSPORT === 'qstash'
        ? new QStashQueue({ baseUrl: e.QSTASH_URL!, token: e.QSTASH_TOKEN! }, e.PUBLIC_BASE_URL)
        : new RedisQueue(redis, prefix, () => now().getTime()),
    market: shared.market,
    police: shared.police,
    education: shared.education,
    elicense: new ElicenseClient({ baseUrl: e.ELICENSE_API_BASE_URL, timeoutMs, retries: 1, breaker: breakers.elicense }),
    wechat: new WeChatClient({ baseUrl: e.WECHAT_API_BASE_URL, timeoutMs, retries: 1, breaker: breakers.wechat, appid: e.WECHAT_APPID, secret: e.WECHAT_SECRET, tokenStore: new RedisTokenStore(redis, prefix, e.WECHAT_APPID) }),
    departments,
    blobs: createBlobStore(e),
    cardStatus: hrss,
    licences: new LicenceLibraryClient({ baseUrl: e.LICENCE_LIBRARY_API_BASE_URL, timeoutMs, retries: 1, breaker: breakers.licences }),
    ledger: ledgerLog.store,
    ledgerLog,
    // batches of up to 100 events: a longer budget than one lookup
    themeDb: new ThemeDbClient({ baseUrl: e.THEME_DB_API_BASE_URL, token: e.THEME_DB_API_TOKEN, timeoutMs: Math.max(timeoutMs, 5_000), retries: 1, breaker: breakers.themeDb }),
    card: {
      qrSecret: Buffer.from(e.CARD_QR_SECRET, 'base64'),
      terminals: e.CARD_TERMINAL_KEYS,
      licenceIssuer: { name: '乌海市人力资源和社会保障局', code: e.LICENCE_ISSUER_CODE },
    },
    session: { secret: e.SESSION_SECRET, ttlSeconds: e.SESSION_TTL_SECONDS },
    retry: { maxSeconds: e.ITEM_RETRY_MAX_SECONDS },
    retention: { idPhotoDays: e.ID_PHOTO_RETENTION_DAYS },
    rateLimiter: createRateLimiter({ redis, prefix, policy: e.RATE_LIMITS, keys: keysFromEnv(e), trustedProxyHops: e.TRUSTED_PROXY_HOPS ?? (e.VERCEL === '1' ? 1 : 0) }),
    clerks: e.CLERK_ACCOUNTS,
    subscribeTemplates: e.WECHAT_SUBSCRIBE_TEMPLATES,
    miniprogramState: e.WECHAT_MINIPROGRAM_STATE,
    sources: (Object.keys(breakers) as (keyof typeof breakers)[]).map((k) => ({
      name: names[k],
      state: () => breakers[k].state,
      lastLatencyMs: () => breakers[k].lastLatencyMs,
    })),
    now,
  };
}

let deps: TDeps | undefined;

export function getEnv(): TEnv {
  return env();
}

/** The process's dependencies (built on first use). */
export async function getDeps(): Promise<TDeps> {
  deps ??= createDeps(env());
  return deps;
}

/** For the local launcher and tests: use these dependencies in this process. */
export function setDeps(next: TDeps | undefined): void {
  deps = next;
}
