/**
 * The self-hosted dispatcher for `RedisQueue`: claims due messages, delivers
 * them to `<baseUrl>/api/queue/<topic>` signed like QStash, acknowledges on
 * 2xx, and otherwise retries with backoff until `MAX_DELIVERY_ATTEMPTS`, then
 * moves the message to the dead-letter list. Several dispatchers may run:
 * claiming is atomic, and a claim is a lease that expires.
 */
import type { Redis } from '@upstash/redis';
import { logger } from '../lib/logger';
import { backoffSeconds, MAX_DELIVERY_ATTEMPTS } from './queue';
import { signDelivery } from './signing';

/**
 * Claims the next due message. KEYS: 1 due zset. ARGV: 1 now ms, 2 lease until ms, 3 key prefix.
 * Returns { id, topic, body, attempt } or an empty reply. (One message per call: the result is
 * a table constructor of fixed shape, which every Lua host — ioredis-mock's too — returns faithfully.)
 */
export const CLAIM_LUA = `
while true do
  local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 1)
  local id = ids[1]
  if not id then return {} end
  local key = ARGV[3] .. 'q:msg:' .. id
  local topic = redis.call('HGET', key, 'topic')
  if topic then
    redis.call('ZADD', KEYS[1], tonumber(ARGV[2]), id)
    return {id, topic, redis.call('HGET', key, 'body'), redis.call('HGET', key, 'attempt')}
  end
  redis.call('ZREM', KEYS[1], id)
end
`;

/**
 * Settles a delivery. KEYS: 1 due zset, 2 message hash, 3 dead-letter list.
 * ARGV: 1 id, 2 outcome ('ack' | 'retry' | 'dead'), 3 next due ms, 4 dead-letter entry (JSON).
 */
export const SETTLE_LUA = `
if ARGV[2] == 'ack' then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('DEL', KEYS[2])
elseif ARGV[2] == 'retry' then
  redis.call('HINCRBY', KEYS[2], 'attempt', 1)
  redis.call('ZADD', KEYS[1], tonumber(ARGV[3]), ARGV[1])
else
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('DEL', KEYS[2])
  redis.call('RPUSH', KEYS[3], ARGV[4])
end
return 1
`;

export interface TDispatcherOptions {
  redis: Redis;
  prefix: string;
  /** Where the consumers live (the API's public base URL). */
  baseUrl: string;
  signingKey: string;
  /** How long a claim lasts before the message may be delivered again. */
  visibilityMs?: number;
  batchSize?: number;
  fetchImpl?: typeof fetch;
  now?: () => number;
  random?: () => number;
}

export class RedisDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly claim;
  private readonly settle;
  private readonly o: Required<Omit<TDispatcherOptions, 'fetchImpl'>> & { fetchImpl: typeof fetch };

  constructor(options: TDispatcherOptions) {
    this.o = {
      visibilityMs: 30_000,
      batchSize: 20,
      now: Date.now,
      random: Math.random,
      ...options,
      fetchImpl: options.fetchImpl ?? fetch,
    };
    this.claim = options.redis.createScript<string[]>(CLAIM_LUA);
    this.settle = options.redis.createScript<number>(SETTLE_LUA);
  }

  private k(name: string): string {
    return this.o.prefix + name;
  }

  /** Claims and delivers what is due; returns how many were delivered successfully. */
  async tick(): Promise<number> {
    const now = this.o.now();
    const messages: { id: string; topic: string; body: string; attempt: number }[] = [];
    for (let n = 0; n < this.o.batchSize; n++) {
      const m = await this.claim.exec([this.k('q:due')], [String(now), String(now + this.o.visibilityMs), this.o.prefix]);
      if (!m || m.length < 4) break; // an empty Lua table may arrive as nil
      messages.push({ id: m[0]!, topic: m[1]!, body: m[2]!, attempt: Number(m[3]) });
    }
    const results = await Promise.all(messages.map((m) => this.deliver(m)));
    return results.filter(Boolean).length;
  }

  private async deliver(m: { id: string; topic: string; body: string; attempt: number }): Promise<boolean> {
    const url = `${this.o.baseUrl.replace(/\/$/, '')}/api/queue/${m.topic}`;
    let ok = false;
    let detail = '';
    try {
      const res = await this.o.fetchImpl(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'upstash-signature': signDelivery(this.o.signingKey, url, m.body, this.o.now()),
          'upstash-message-id': m.id,
          'upstash-retried': String(m.attempt),
        },
        body: m.body,
        signal: AbortSignal.timeout(Math.max(1_000, this.o.visibilityMs - 1_000)),
      });
      ok = res.ok;
      detail = `HTTP ${res.status}`;
      await res.arrayBuffer().catch(() => undefined);
    } catch (error) {
      detail = (error as Error).message;
    }
    const keys = [this.k('q:due'), this.k(`q:msg:${m.id}`), this.k('q:dlq')];
    if (ok) {
      await this.settle.exec(keys, [m.id, 'ack', '0', '']);
      return true;
    }
    const attempt = m.attempt + 1;
    if (attempt >= MAX_DELIVERY_ATTEMPTS) {
      logger.warn('queue message dead-lettered', { id: m.id, topic: m.topic, attempts: attempt, detail });
      const entry = JSON.stringify({ id: m.id, topic: m.topic, body: m.body, attempts: attempt, lastError: detail, at: new Date(this.o.now()).toISOString() });
      await this.settle.exec(keys, [m.id, 'dead', '0', entry]);
    } else {
      const next = this.o.now() + backoffSeconds(attempt, this.o.random) * 1000;
      await this.settle.exec(keys, [m.id, 'retry', String(next), '']);
    }
    return false;
  }

  /** Runs `tick` every `intervalMs` (one at a time) until `stop()`. */
  start(intervalMs = 250): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((error) => {
          logger.warn('queue dispatcher tick failed', { error });
          return 0;
        })
        .finally(() => {
          this.running = undefined;
        });
    }, intervalMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async deadLetters(): Promise<unknown[]> {
    const rows = await this.o.redis.lrange<string>(this.k('q:dlq'), 0, -1);
    return rows.map((r) => (typeof r === 'string' ? JSON.parse(r) : r));
  }

  async pending(): Promise<number> {
    return this.o.redis.zcard(this.k('q:due'));
  }
}
