import { EnvError, parseEnv } from './env';

const key = Buffer.alloc(32, 3).toString('base64');
const valid = {
  PUBLIC_BASE_URL: 'https://hire.example.gov.cn',
  UPSTASH_REDIS_REST_URL: 'https://redis.example.gov.cn',
  UPSTASH_REDIS_REST_TOKEN: 'token-0123456789abcdef',
  SESSION_SECRET: key,
  ID_ENCRYPTION_KEY: key,
  ID_HMAC_KEY: key,
  WECHAT_API_BASE_URL: 'https://api.weixin.qq.com',
  WECHAT_APPID: 'wx0000000000000000',
  WECHAT_SECRET: 'secret',
  ELICENSE_API_BASE_URL: 'https://elicense.example.gov.cn',
  MARKET_API_BASE_URL: 'https://share.example.gov.cn/market',
  POLICE_API_BASE_URL: 'https://share.example.gov.cn/police',
  MOHRSS_API_BASE_URL: 'https://mohrss.example.gov.cn',
  HRSS_API_BASE_URL: 'https://hrss.example.gov.cn',
  MEDICAL_API_BASE_URL: 'https://ybj.example.gov.cn',
  HOUSING_FUND_API_BASE_URL: 'https://gjj.example.gov.cn',
  QSTASH_CURRENT_SIGNING_KEY: 'sig_current_0000000000',
  QSTASH_NEXT_SIGNING_KEY: 'sig_next_0000000000000',
};

describe('environment', () => {
  it('parses a complete environment with defaults', () => {
    const env = parseEnv(valid);
    expect(env).toMatchObject({ KEY_PREFIX: 'ho:', UPSTREAM_TIMEOUT_MS: 2000, QUEUE_TRANSPORT: 'redis', SESSION_TTL_SECONDS: 7200, CLERK_ACCOUNTS: [] });
  });

  it('fails fast naming every wrong variable', () => {
    let error: unknown;
    try {
      parseEnv({ ...valid, ID_ENCRYPTION_KEY: 'short', UPSTREAM_TIMEOUT_MS: '5000', MARKET_API_BASE_URL: undefined, CLERK_ACCOUNTS: 'not json' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const problems = (error as EnvError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['CLERK_ACCOUNTS', 'ID_ENCRYPTION_KEY', 'MARKET_API_BASE_URL', 'UPSTREAM_TIMEOUT_MS']);
    expect((error as EnvError).message).toContain('MARKET_API_BASE_URL: 未设置');
  });

  it('needs the QStash credentials when QStash carries the queue', () => {
    expect(() => parseEnv({ ...valid, QUEUE_TRANSPORT: 'qstash' })).toThrow(/QSTASH_URL/);
    expect(parseEnv({ ...valid, QUEUE_TRANSPORT: 'qstash', QSTASH_URL: 'https://qstash.upstash.io', QSTASH_TOKEN: 't' }).QUEUE_TRANSPORT).toBe('qstash');
  });
});
