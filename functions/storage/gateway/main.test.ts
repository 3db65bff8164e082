/**
 * The standalone process, as 政务云 runs it: `npx tsx functions/storage/gateway/main.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createRedisClient } from '../redis';
import { DEFAULT_TEST_REDIS_URL } from '../testing';
import { freePort } from '../../local/server';

const ROOT = path.resolve(__dirname, '../../..');
const MAIN = path.join(ROOT, 'functions/storage/gateway/main.ts');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(TSX, [MAIN], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}


// One test, both processes at once: each tsx start costs about a second.
test('fails fast naming missing variables; serves @upstash/redis in front of Redis and stops on SIGTERM', async () => {
  const misconfigured = start({});

  const port = await freePort();
  const token = randomBytes(24).toString('base64url');
  const redisUrl = process.env.REDIS_URL ?? DEFAULT_TEST_REDIS_URL;
  const { child, output, exited } = start({ GATEWAY_TOKEN: token, GATEWAY_PORT: String(port), REDIS_URL: redisUrl });

  expect(await misconfigured.exited).toBe(1);
  expect(misconfigured.output()).toContain('GATEWAY_TOKEN: 未设置');
  expect(misconfigured.output()).toContain('REDIS_URL: 未设置');

  for (let i = 0; i < 100 && !output().includes('listening on'); i++) await new Promise((r) => setTimeout(r, 50));
  expect(output()).toContain(`listening on http://127.0.0.1:${port}`);

  const redis = createRedisClient({ url: `http://127.0.0.1:${port}`, token });
  const key = `test:${randomBytes(6).toString('hex')}:main`;
  expect(await redis.set(key, '政务云', { ex: 60 })).toBe('OK');
  expect(await redis.get(key)).toBe('政务云');
  expect(await redis.del(key)).toBe(1);

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 15_000);
