import { EnvError } from '../../env';
import { parseGatewayEnv, redactRedisUrl } from './config';

const valid = { GATEWAY_TOKEN: 'a-token-of-16-chars+', REDIS_URL: 'redis://10.0.0.5:6379/0' };

test('defaults: 127.0.0.1:8079', () => {
  expect(parseGatewayEnv(valid)).toEqual({ ...valid, GATEWAY_HOST: '127.0.0.1', GATEWAY_PORT: 8079 });
  expect(parseGatewayEnv({ ...valid, GATEWAY_PORT: '9000', GATEWAY_HOST: '0.0.0.0' })).toMatchObject({ GATEWAY_PORT: 9000, GATEWAY_HOST: '0.0.0.0' });
});

test.each([
  [{ REDIS_URL: valid.REDIS_URL }, 'GATEWAY_TOKEN', '未设置'],
  [{ GATEWAY_TOKEN: valid.GATEWAY_TOKEN }, 'REDIS_URL', '未设置'],
  [{ ...valid, GATEWAY_TOKEN: 'short' }, 'GATEWAY_TOKEN', '至少16个字符'],
  [{ ...valid, REDIS_URL: 'http://redis:6379' }, 'REDIS_URL', 'redis://'],
  [{ ...valid, GATEWAY_PORT: '70000' }, 'GATEWAY_PORT', ''],
])('%j fails naming %s', (source, variable, message) => {
  let error: unknown;
  try {
    parseGatewayEnv(source);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(EnvError);
  const problem = (error as EnvError).problems.find((p) => p.variable === variable);
  expect(problem?.message).toContain(message);
});

test('logs never show the Redis password', () => {
  expect(redactRedisUrl('redis://:p%40ss@10.0.0.5:6379/0')).toBe('redis://:***@10.0.0.5:6379/0');
  expect(redactRedisUrl('rediss://user:secret@host:6380')).not.toContain('secret');
});
