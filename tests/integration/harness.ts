/**
 * Starts the whole local stack on an ephemeral port against a real Redis
 * (REDIS_URL, default 127.0.0.1:6379) under a unique key prefix, and removes
 * every key it wrote when done.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { logger } from '../../functions/lib/logger';
import { startStack, type TStack, type TStackOptions } from '../../functions/local/stack';
import { deleteByPattern } from '../../functions/storage/testing';
import { generousRateLimits } from '../../functions/ratelimit/testing';
import { ApiClient } from './client';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface THarness {
  stack: TStack;
  blobDir: string;
  api(): ApiClient;
  /** Flips a simulator's switches, e.g. `{ down: true }`. */
  sim(name: keyof TStack['simulators'], switches: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** `log`: where the product's log lines go (the e2e suite captures them at debug level); silenced otherwise. */
export async function startHarness(options: TStackOptions = {}, harness: { log?: Parameters<typeof logger.configure>[0] } = {}): Promise<THarness> {
  logger.configure(harness.log ?? { level: 'error', sink: () => undefined });
  const keyPrefix = `it${randomBytes(4).toString('hex')}:`;
  // IT_BACKEND=memory runs the same suites on the embedded backend that `npm start` uses.
  const backend = process.env.IT_BACKEND === 'memory' ? {} : { redisUrl: TEST_REDIS_URL };
  const blobDir = await mkdtemp(path.join(tmpdir(), 'hire-once-blobs-'));
  // Suites log in, look up and file far faster than people do: rate limits are lifted unless a suite sets RATE_LIMITS itself.
  const overrides = { RATE_LIMITS: generousRateLimits(), ...options.overrides };
  const stack = await startStack({ ...backend, keyPrefix, blobDir, cardStageMs: 150, certificateDelayMs: 300, pollSeconds: 1, dispatcherIntervalMs: 100, ...options, overrides });
  return {
    stack,
    api: () => new ApiClient(stack.baseUrl),
    async sim(name, switches) {
      const res = await fetch(`${stack.baseUrl}${stack.simulators[name].prefix}/_control`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(switches),
      });
      if (!res.ok) throw new Error(`switch ${name}: ${res.status}`);
    },
    blobDir,
    async close() {
      await rm(blobDir, { recursive: true, force: true });
      await Promise.all([stack.dispatcher.stop(), stack.themeExporter.stop()]);
      await deleteByPattern(stack.backend, `${keyPrefix}*`);
      await stack.close();
    },
  };
}

export async function waitFor<T>(fn: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15_000, everyMs = 150): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last = await fn();
  while (!done(last)) {
    if (Date.now() > until) throw new Error(`timed out; last value: ${JSON.stringify(last).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, everyMs));
    last = await fn();
  }
  return last;
}

/** An HR user of a fresh WeChat identity, bound to `uscc`. */
export async function hrOf(h: THarness, uscc: string, code = `hr-${randomBytes(4).toString('hex')}`): Promise<ApiClient> {
  const api = await h.api().login(code);
  const bound = await api.bindEnterprise(uscc);
  if (bound.status !== 200) throw new Error(`bind failed ${JSON.stringify(bound.body)}`);
  return api;
}

export function sessionTokenPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

export { randomBytes };

/** The electronic card number as stored (application views mask it). */
export async function storedCardNo(h: THarness, applicationId: string): Promise<string> {
  const app = (await h.stack.deps.store.get(applicationId))!;
  const items = await h.stack.deps.store.items(app);
  return items.find((i) => i.code === 'social_security_card')!.results.electronicCardNo!;
}

/** A fresh WeChat user bound as `person` (公安 data + the simulator's 人脸核身 passing). */
export async function employeeOf(h: THarness, person: { documentNumber: string; name: string }): Promise<ApiClient> {
  const api = await h.api().login(`emp-${randomBytes(6).toString('hex')}`);
  const start = await api.post('/api/employee/verify/start', { idType: 'citizen_id', idNumber: person.documentNumber, name: person.name });
  if (start.status !== 200) throw new Error(`verify start failed: ${JSON.stringify(start.body)}`);
  await fetch(`${h.stack.baseUrl}/sim/wechat/_dev/facial-verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ verifyId: start.body.verifyId, outcome: 'pass' }),
  });
  const done = await api.post('/api/employee/verify/finish', { verifyId: start.body.verifyId });
  if (done.status !== 200) throw new Error(`verify finish failed: ${JSON.stringify(done.body)}`);
  return api;
}
