/** A 429 from the server's rate limits reaches the user as its Chinese message, and is not retried by the client on its own. */
import { ApiError, createHttp, submitWithKey } from '../http';
import { memoryStore } from '../kv';
import { errorText } from '../api';

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { request: jest.fn(), getStorageSync: jest.fn(), setStorageSync: jest.fn(), removeStorageSync: jest.fn() } }));

const limited = { statusCode: 429, header: { 'Retry-After': '38' }, data: { error: { code: 'RATE_LIMITED', message: '查询人员信息过于频繁，请在 38 秒后重试', retryable: true, retryAfterSeconds: 38 } } };

describe('a rate-limited answer', () => {
  it('becomes an ApiError whose text is the server’s message', async () => {
    const http = createHttp({ base: '', kv: memoryStore(), requester: async () => limited });
    const err = (await http.request('GET', '/api/autofill/person?x=1').catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(errorText(err)).toBe('查询人员信息过于频繁，请在 38 秒后重试');
  });

  it('a refused filing is not resubmitted in a loop: one request, and the message for the user', async () => {
    let calls = 0;
    const http = createHttp({ base: '', kv: memoryStore(), requester: async () => (calls++, { ...limited, data: { error: { ...limited.data.error, message: '提交申请过于频繁，请在 12 分钟后重试' } } }) });
    await expect(submitWithKey(http, 'key-00000001', {}, { wait: async () => undefined })).rejects.toMatchObject({ message: '提交申请过于频繁，请在 12 分钟后重试' });
    expect(calls).toBe(1);
  });
});
