import { ApiError, createHttp, submitWithKey, type TRawRequest } from '../http';
import { memoryStore, STORAGE_KEYS } from '../kv';

describe('http', () => {
  it('adds the Bearer token and maps API errors with per-field messages', async () => {
    const kv = memoryStore({ [STORAGE_KEYS.token]: 'v1.tok' });
    const seen: TRawRequest[] = [];
    const http = createHttp({
      base: 'https://api.example.cn/',
      kv,
      requester: async (req) => {
        seen.push(req);
        return { statusCode: 422, data: { error: { code: 'VALIDATION_FAILED', message: '填写有误', retryable: false, fields: [{ path: ['employee', 'phone'], code: 'custom', message: '请填写11位中国大陆手机号码' }] } } };
      },
    });
    const err = (await http.request('POST', '/api/x', { a: 1 }).catch((e: unknown) => e)) as ApiError;
    expect(seen[0]!.url).toBe('https://api.example.cn/api/x');
    expect(seen[0]!.header.authorization).toBe('Bearer v1.tok');
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.fields).toEqual({ 'employee.phone': '请填写11位中国大陆手机号码' });
  });

  it('fetches a file as bytes with its headers, and reads an error that came back as bytes', async () => {
    const bytes = new TextEncoder().encode('PK docx');
    const seen: TRawRequest[] = [];
    const ok = createHttp({ base: '', kv: memoryStore(), requester: async (req) => (seen.push(req), { statusCode: 200, data: bytes.buffer, header: { 'X-Contract-Content-SHA256': 'abc' } }) });
    const r = await ok.binary('POST', '/api/contracts/preview', { a: 1 });
    expect(seen[0]!.responseType).toBe('arraybuffer');
    expect(new Uint8Array(r.data)).toEqual(bytes);
    expect(r.headers['x-contract-content-sha256']).toBe('abc');
    const body = new TextEncoder().encode(JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: '填写有误', fields: [{ path: ['employee', 'phone'], code: 'x', message: '请填写手机号码' }] } }));
    const bad = createHttp({ base: '', kv: memoryStore(), requester: async () => ({ statusCode: 422, data: body.buffer }) });
    await expect(bad.binary('POST', '/api/contracts/preview', {})).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: { 'employee.phone': '请填写手机号码' } });
  });

  it('drops the token on 401', async () => {
    const kv = memoryStore({ [STORAGE_KEYS.token]: 't' });
    const http = createHttp({ base: '', kv, requester: async () => ({ statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '请登录' } } }) });
    await expect(http.request('GET', '/api/me')).rejects.toMatchObject({ status: 401 });
    expect(kv.get(STORAGE_KEYS.token)).toBeUndefined();
  });
});

describe('submitWithKey', () => {
  it('retries network failures with the SAME Idempotency-Key', async () => {
    const keys: string[] = [];
    let calls = 0;
    const http = createHttp({
      base: '',
      kv: memoryStore(),
      requester: async (req) => {
        keys.push(req.header['idempotency-key']!);
        calls++;
        if (calls < 3) throw { errMsg: 'request:fail timeout' };
        return { statusCode: 201, data: { application: { id: 'A1' } } };
      },
    });
    const r = await submitWithKey<{ application: { id: string } }>(http, 'hire-key-0001', {}, { wait: async () => undefined });
    expect(r.application.id).toBe('A1');
    expect(keys).toEqual(['hire-key-0001', 'hire-key-0001', 'hire-key-0001']);
  });

  it('does not retry a refusal', async () => {
    let calls = 0;
    const http = createHttp({
      base: '',
      kv: memoryStore(),
      requester: async () => (calls++, { statusCode: 422, data: { error: { code: 'RULE_BLOCKED', message: '不能办理' } } }),
    });
    await expect(submitWithKey(http, 'hire-key-0002', {}, { wait: async () => undefined })).rejects.toMatchObject({ code: 'RULE_BLOCKED' });
    expect(calls).toBe(1);
  });

  it('gives up after the last attempt', async () => {
    const http = createHttp({ base: '', kv: memoryStore(), requester: async () => Promise.reject(new Error('offline')) });
    await expect(submitWithKey(http, 'hire-key-0003', {}, { attempts: 2, wait: async () => undefined })).rejects.toMatchObject({ network: true });
  });
});
