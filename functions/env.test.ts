import { EnvError, parseEnv } from './env';
import { ed25519Signer, SIG_COSIGNATURE_V1 } from './ledger/note';
import { RATE_LIMITS } from '../domain/security/rate-limits';

const key = Buffer.alloc(32, 3).toString('base64');
const WITNESS_VKEY = ed25519Signer('witness.example.org/w1', new Uint8Array(32).fill(5), SIG_COSIGNATURE_V1).vkey;
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
  WECHAT_SUBSCRIBE_TEMPLATES: JSON.stringify({ progress: 'tplProgress001', done: 'tplDone00001', correction: 'tplCorrect01', cardProgress: 'tplCard00001' }),
  ELICENSE_API_BASE_URL: 'https://elicense.example.gov.cn',
  MARKET_API_BASE_URL: 'https://share.example.gov.cn/market',
  POLICE_API_BASE_URL: 'https://share.example.gov.cn/police',
  MOHRSS_API_BASE_URL: 'https://mohrss.example.gov.cn',
  HRSS_API_BASE_URL: 'https://hrss.example.gov.cn',
  MEDICAL_API_BASE_URL: 'https://ybj.example.gov.cn',
  HOUSING_FUND_API_BASE_URL: 'https://gjj.example.gov.cn',
  LICENCE_LIBRARY_API_BASE_URL: 'https://dzzz.example.gov.cn',
  THEME_DB_API_BASE_URL: 'https://gxpt.example.gov.cn/theme-db',
  THEME_DB_API_TOKEN: 'theme-token-0123456789',
  CARD_QR_SECRET: key,
  LEDGER_SIGNING_KEY: key,
  WITNESS_API_BASE_URL: 'https://witness.example.org',
  WITNESS_VKEY: WITNESS_VKEY,
  QSTASH_CURRENT_SIGNING_KEY: 'sig_current_0000000000',
  QSTASH_NEXT_SIGNING_KEY: 'sig_next_0000000000000',
};

describe('environment', () => {
  it('parses a complete environment with defaults', () => {
    const env = parseEnv(valid);
    expect(env).toMatchObject({ KEY_PREFIX: 'ho:', UPSTREAM_TIMEOUT_MS: 2000, QUEUE_TRANSPORT: 'redis', SESSION_TTL_SECONDS: 7200, CLERK_ACCOUNTS: [], BLOB_STORE: 'fs', BLOB_DIR: '.data/blobs' });
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

  it('reads the subscribe-message templates as one JSON object and names the variable when it is wrong', () => {
    expect(parseEnv(valid).WECHAT_SUBSCRIBE_TEMPLATES.cardProgress).toBe('tplCard00001');
    for (const bad of ['{', JSON.stringify({ progress: 'tplProgress001' }), JSON.stringify({ progress: 'x', done: 'tplDone00001', correction: 'tplCorrect01', cardProgress: 'tplCard00001' })]) {
      expect(() => parseEnv({ ...valid, WECHAT_SUBSCRIBE_TEMPLATES: bad })).toThrow(/WECHAT_SUBSCRIBE_TEMPLATES: 应为 JSON/);
    }
  });

  it('needs the QStash credentials when QStash carries the queue', () => {
    expect(() => parseEnv({ ...valid, QUEUE_TRANSPORT: 'qstash' })).toThrow(/QSTASH_URL/);
    expect(parseEnv({ ...valid, QUEUE_TRANSPORT: 'qstash', QSTASH_URL: 'https://qstash.upstash.io', QSTASH_TOKEN: 't' }).QUEUE_TRANSPORT).toBe('qstash');
  });

  describe('the electronic social security card', () => {
    const problemsOf = (source: Record<string, string | undefined>) => {
      try {
        parseEnv(source);
        return [];
      } catch (e) {
        return (e as EnvError).problems.map((p) => p.variable);
      }
    };
    const terminal = { id: 'T0001', name: '海勃湾区政务服务中心自助终端', keySha256: 'a'.repeat(64) };

    it('needs a QR secret of at least 32 bytes and the e-licence library URL', () => {
      expect(problemsOf({ ...valid, CARD_QR_SECRET: undefined, LICENCE_LIBRARY_API_BASE_URL: undefined }).sort()).toEqual(['CARD_QR_SECRET', 'LICENCE_LIBRARY_API_BASE_URL']);
      expect(problemsOf({ ...valid, CARD_QR_SECRET: Buffer.alloc(16, 1).toString('base64') })).toEqual(['CARD_QR_SECRET']);
      expect(parseEnv(valid)).toMatchObject({ CARD_TERMINAL_KEYS: [], LICENCE_ISSUER_CODE: '150300' });
    });

    it('reads the terminals as JSON with key hashes, and names the variable when it is wrong', () => {
      expect(parseEnv({ ...valid, CARD_TERMINAL_KEYS: JSON.stringify([terminal]) }).CARD_TERMINAL_KEYS).toEqual([terminal]);
      for (const bad of ['{', JSON.stringify([{ ...terminal, keySha256: 'plain-key' }]), JSON.stringify([terminal, terminal]), JSON.stringify([{ ...terminal, extra: 1 }])]) {
        expect(problemsOf({ ...valid, CARD_TERMINAL_KEYS: bad })).toEqual(['CARD_TERMINAL_KEYS']);
      }
    });
  });

  describe('the blob store', () => {
    const s3 = {
      BLOB_STORE: 's3',
      S3_ENDPOINT: 'https://oss-cn-hangzhou.aliyuncs.com',
      S3_BUCKET: 'hire-once-materials',
      S3_REGION: 'cn-hangzhou',
      S3_ACCESS_KEY_ID: 'LTAI0000000000000000',
      S3_SECRET_ACCESS_KEY: 'secret-0000000000000000',
    };
    const problems = (source: Record<string, string | undefined>) => {
      try {
        parseEnv(source);
      } catch (e) {
        return (e as EnvError).problems;
      }
      return [];
    };

    it('is the filesystem unless BLOB_STORE=s3, and needs no S3 variable then', () => {
      expect(parseEnv(valid).BLOB_STORE).toBe('fs');
      expect(parseEnv({ ...valid, BLOB_STORE: 'fs', S3_BUCKET: undefined }).BLOB_STORE).toBe('fs');
    });

    it('BLOB_STORE=s3 names every missing S3 variable', () => {
      const found = problems({ ...valid, BLOB_STORE: 's3' });
      expect(found.map((p) => p.variable).sort()).toEqual(['S3_ACCESS_KEY_ID', 'S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'S3_SECRET_ACCESS_KEY']);
      expect(found.every((p) => p.message === 'BLOB_STORE=s3 时必填')).toBe(true);
      expect(() => parseEnv({ ...valid, BLOB_STORE: 's3' })).toThrow(/S3_SECRET_ACCESS_KEY: BLOB_STORE=s3 时必填/);
      expect(problems({ ...valid, ...s3, S3_REGION: undefined }).map((p) => p.variable)).toEqual(['S3_REGION']);
    });

    it('parses a complete S3 configuration', () => {
      expect(parseEnv({ ...valid, ...s3 })).toMatchObject(s3);
    });

    it('refuses an unknown store, a malformed endpoint or bucket name', () => {
      expect(problems({ ...valid, BLOB_STORE: 'oss' }).map((p) => p.variable)).toEqual(['BLOB_STORE']);
      expect(problems({ ...valid, ...s3, S3_ENDPOINT: 'oss-cn-hangzhou' }).map((p) => p.variable)).toEqual(['S3_ENDPOINT']);
      expect(problems({ ...valid, ...s3, S3_BUCKET: 'Hire_Once' }).map((p) => p.variable)).toEqual(['S3_BUCKET']);
    });
  });
  describe('the ledger', () => {
    const problemsOf = (source: Record<string, string | undefined>) => {
      try {
        parseEnv(source);
        return [];
      } catch (e) {
        return (e as EnvError).problems.map((p) => p.variable).sort();
      }
    };

    it('needs the signing key, the witness URL and its key; the origin has a default', () => {
      expect(parseEnv(valid)).toMatchObject({ LEDGER_ORIGIN: 'hire-once.wuhai.gov.cn/ledger', WITNESS_VKEY });
      expect(problemsOf({ ...valid, LEDGER_SIGNING_KEY: undefined, WITNESS_API_BASE_URL: undefined, WITNESS_VKEY: undefined })).toEqual(['LEDGER_SIGNING_KEY', 'WITNESS_API_BASE_URL', 'WITNESS_VKEY']);
    });

    it('names the variable when a key or the origin is malformed', () => {
      expect(problemsOf({ ...valid, LEDGER_SIGNING_KEY: Buffer.alloc(64, 1).toString('base64') })).toEqual(['LEDGER_SIGNING_KEY']);
      expect(problemsOf({ ...valid, LEDGER_SIGNING_KEY: 'not a key' })).toEqual(['LEDGER_SIGNING_KEY']);
      // a log key (type 0x01) is not a witness key (cosignature/v1, 0x04); a vkey with a wrong key ID neither
      expect(problemsOf({ ...valid, WITNESS_VKEY: ed25519Signer('witness.example.org/w1', new Uint8Array(32).fill(5)).vkey })).toEqual(['WITNESS_VKEY']);
      expect(problemsOf({ ...valid, WITNESS_VKEY: WITNESS_VKEY.replace(/\+[0-9a-f]{8}\+/, '+00000000+') })).toEqual(['WITNESS_VKEY']);
      expect(problemsOf({ ...valid, LEDGER_ORIGIN: 'hire once/ledger' })).toEqual(['LEDGER_ORIGIN']);
      expect(problemsOf({ ...valid, LEDGER_ORIGIN: 'a+b' })).toEqual(['LEDGER_ORIGIN']);
    });
  });

  it('RATE_LIMITS: unset is the domain policy; JSON overrides any of its numbers; a bad key or value fails naming it', () => {
    expect(parseEnv(valid).RATE_LIMITS).toEqual(RATE_LIMITS);
    const env = parseEnv({ ...valid, RATE_LIMITS: JSON.stringify({ autofillPerson: { perUser: { requests: 5 }, distinctPersonsPerEnterprisePerDay: { persons: 50 } } }) });
    expect(env.RATE_LIMITS.autofillPerson.perUser).toMatchObject({ requests: 5, windowSeconds: RATE_LIMITS.autofillPerson.perUser.windowSeconds });
    expect(env.RATE_LIMITS.autofillPerson.distinctPersonsPerEnterprisePerDay.persons).toBe(50);
    expect(env.RATE_LIMITS.filing).toEqual(RATE_LIMITS.filing);
    const problems = (text: string) => {
      try {
        parseEnv({ ...valid, RATE_LIMITS: text });
      } catch (e) {
        return (e as EnvError).problems;
      }
      throw new Error('parsed');
    };
    expect(problems('{"autofillPerson":{"perUsr":{"requests":5}}}')).toEqual([{ variable: 'RATE_LIMITS', message: 'autofillPerson.perUsr: 未知的键' }]);
    expect(problems('{"filing":{"perUser":{"requests":0,"windowSeconds":"60"}}}')).toEqual([
      { variable: 'RATE_LIMITS', message: 'filing.perUser.requests: 至少为 1' },
      { variable: 'RATE_LIMITS', message: 'filing.perUser.windowSeconds: 应为整数' },
    ]);
    expect(problems('{"login":5}')).toEqual([{ variable: 'RATE_LIMITS', message: 'login: 应为对象' }]);
    expect(problems('not json')[0]!.message).toMatch(/^应为 JSON 对象/);
  });

  it('TRUSTED_PROXY_HOPS: 0–5, unset unless given (the rate limiter defaults it from VERCEL)', () => {
    expect(parseEnv(valid).TRUSTED_PROXY_HOPS).toBeUndefined();
    expect(parseEnv({ ...valid, TRUSTED_PROXY_HOPS: '1', VERCEL: '1' })).toMatchObject({ TRUSTED_PROXY_HOPS: 1, VERCEL: '1' });
    expect(() => parseEnv({ ...valid, TRUSTED_PROXY_HOPS: '9' })).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});
