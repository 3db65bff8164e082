/**
 * The durable path for work that cannot finish inside a request (a
 * department is down, the physical card is being made): at-least-once
 * delivery with backoff and a dead-letter queue. Two transports behind one
 * interface: QStash (Upstash, production on Vercel) and a self-hosted
 * dispatcher on Redis (政务云, and local development). Consumers are
 * idempotent, so a second delivery changes nothing.
 */
import type { Client } from '@upstash/qstash';
import type { Redis } from '@upstash/redis';

export interface TPublishOptions {
  /** Same id twice within a day → delivered once. */
  dedupId: string;
  delaySeconds?: number;
}

export interface TQueueMessage {
  topic: string;
  body: unknown;
  options: TPublishOptions;
}

export interface TQueue {
  publish(topic: string, body: unknown, options: TPublishOptions): Promise<void>;
  /** Several messages in one request (one round trip); each still deduplicated by its own id. */
  publishMany(messages: TQueueMessage[]): Promise<void>;
}

export const MAX_DELIVERY_ATTEMPTS = 8;

/** Backoff before attempt n+1 (s): 2, 4, 8, … capped at 5 minutes, with ±20 % jitter. */
export function backoffSeconds(attempt: number, random = Math.random): number {
  const base = Math.min(2 ** (attempt + 1), 300);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export class QStashQueue implements TQueue {
  private clientLoaded: Promise<Client> | undefined;
  constructor(
    private readonly options: { baseUrl: string; token: string },
    private readonly publicBaseUrl: string,
  ) {}

  /** Loaded on first use: @upstash/qstash costs ~50 ms of every function's cold start otherwise (bench:imports). */
  private client(): Promise<Client> {
    this.clientLoaded ??= import('@upstash/qstash').then(({ Client }) => new Client({ baseUrl: this.options.baseUrl, token: this.options.token }));
    return this.clientLoaded;
  }

  private request(topic: string, body: unknown, options: TPublishOptions) {
    return {
      url: `${this.publicBaseUrl.replace(/\/$/, '')}/api/queue/${topic}`,
      body,
      deduplicationId: options.dedupId.replace(/[^A-Za-z0-9_.-]/g, '_'),
      retries: MAX_DELIVERY_ATTEMPTS - 1,
      ...(options.delaySeconds ? { delay: options.delaySeconds } : {}),
    };
  }

  async publish(topic: string, body: unknown, options: TPublishOptions): Promise<void> {
    await (await this.client()).publishJSON(this.request(topic, body, options));
  }

  async publishMany(messages: TQueueMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await (await this.client()).batchJSON(messages.map((m) => this.request(m.topic, m.body, m.options)));
  }
}

/**
 * Keys: `q:due` ZSET message id → due time (ms; a claimed message is pushed
 * to now + visibility timeout, so a crashed dispatcher's messages come back),
 * `q:msg:{id}` HASH topic/body/attempt/dedupId, `q:dedup:{dedupId}` STRING 24 h,
 * `q:dlq` LIST of dead messages (JSON).
 *
 * ENQUEUE — KEYS: 1 dedup key, 2 message hash, 3 due zset.
 * ARGV: 1 message id, 2 topic, 3 body, 4 due ms, 5 dedup id, 6 dedup TTL s.
 * Returns 1 when enqueued, 0 for a duplicate.
 */
export const ENQUEUE_LUA = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', tonumber(ARGV[6])) == false then return 0 end
redis.call('HSET', KEYS[2], 'topic', ARGV[2], 'body', ARGV[3], 'attempt', '0', 'dedupId', ARGV[5])
redis.call('ZADD', KEYS[3], tonumber(ARGV[4]), ARGV[1])
return 1
`;

export class RedisQueue implements TQueue {
  private readonly enqueue;
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.enqueue = redis.createScript<number>(ENQUEUE_LUA);
  }

  private args(topic: string, body: unknown, options: TPublishOptions): [string[], string[]] {
    const id = `m_${this.now().toString(36)}_${Math.random().toString(36).slice(2, 10)}`;
    return [
      [`${this.prefix}q:dedup:${options.dedupId}`, `${this.prefix}q:msg:${id}`, `${this.prefix}q:due`],
      [id, topic, JSON.stringify(body), String(this.now() + (options.delaySeconds ?? 0) * 1000), options.dedupId, String(24 * 3600)],
    ];
  }

  async publish(topic: string, body: unknown, options: TPublishOptions): Promise<void> {
    await this.enqueue.exec(...this.args(topic, body, options));
  }

  async publishMany(messages: TQueueMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (messages.length === 1) return this.publish(messages[0]!.topic, messages[0]!.body, messages[0]!.options);
    const p = this.redis.pipeline();
    for (const m of messages) p.eval(ENQUEUE_LUA, ...this.args(m.topic, m.body, m.options));
    await p.exec();
  }
}
