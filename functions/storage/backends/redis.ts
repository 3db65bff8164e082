/**
 * The backend for a real Redis, over one ioredis connection.
 *
 * - A `/pipeline` request becomes one ioredis pipeline: all its commands are
 *   written in one go and read back in one round trip.
 * - `/multi-exec` becomes MULTI … EXEC, also in one round trip.
 * - Replies come back as bytes (`callBuffer`) so the gateway can base64 them
 *   exactly; command names are sent in upper case, which keeps ioredis from
 *   turning HGETALL's array into an object (its reply transformers are keyed
 *   by the lower-case name).
 */
import Redis from 'ioredis';
import { RedisReplyError, StorageUnavailableError, replyMessage } from '../errors';
import type { TBackend, TCommand, TCommandResult, TReply } from './types';

export interface TRedisBackendOptions {
  /** Give up connecting after this long (default 5 s). */
  connectTimeoutMs?: number;
  /** Fail a command that gets no answer in this long (default 10 s). */
  commandTimeoutMs?: number;
  /** Connection problems (the gateway keeps working and reconnects). */
  onConnectionError?: (error: Error) => void;
}

export interface TRedisBackend extends TBackend {
  readonly kind: 'redis';
  /** The ioredis connection, for tests and health checks. */
  readonly client: Redis;
}

const isReplyError = (error: unknown): error is Error => error instanceof Error && error.name === 'ReplyError';

function unavailable(error: unknown): StorageUnavailableError {
  const message = error instanceof Error ? error.message : String(error);
  return new StorageUnavailableError(`Redis 不可用：${message}`, { cause: error });
}

export function createRedisBackend(redisUrl: string, options: TRedisBackendOptions = {}): TRedisBackend {
  let closing = false;
  const client = new Redis(redisUrl, {
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    commandTimeout: options.commandTimeoutMs ?? 10_000,
    // Fail a request fast while Redis is down instead of queueing it for long.
    maxRetriesPerRequest: 2,
    // Reconnect for ever (the gateway outlives Redis restarts), except once closed.
    retryStrategy: (times) => (closing ? null : Math.min(times * 100, 2_000)),
    // How long a closing connection may take before it is destroyed (ioredis
    // leaves this timer running even when the socket is already gone).
    disconnectTimeout: 500,
    lazyConnect: false,
  });
  client.on('error', (error: Error) => options.onConnectionError?.(error));

  const run = async (commands: readonly TCommand[], transaction: boolean): Promise<TCommandResult[]> => {
    const batch = transaction ? client.multi() : client.pipeline();
    for (const [name, ...args] of commands) batch.callBuffer(name.toUpperCase(), ...args);
    let settled: [Error | null, unknown][] | null;
    try {
      settled = await batch.exec();
    } catch (error) {
      // EXECABORT: Redis refused to queue a command, nothing ran.
      if (isReplyError(error)) {
        const previous = (error as Error & { previousErrors?: Error[] }).previousErrors ?? [];
        const detail = previous[0] ? `: ${previous[0].message}` : '';
        throw new RedisReplyError(replyMessage(error.message.replace(/\.$/, '') + detail));
      }
      throw unavailable(error);
    }
    if (!settled) throw new StorageUnavailableError('Redis 事务被中断（EXEC 返回空）');
    return settled.map(([error, result]) => {
      if (!error) return { result: result as TReply };
      // A connection error in any slot means we cannot tell what ran.
      if (!isReplyError(error)) throw unavailable(error);
      return { error: replyMessage(error.message) };
    });
  };

  return {
    kind: 'redis',
    client,
    async command([name, ...args]) {
      try {
        return (await client.callBuffer(name.toUpperCase(), ...args)) as TReply;
      } catch (error) {
        if (isReplyError(error)) throw new RedisReplyError(replyMessage(error.message));
        throw unavailable(error);
      }
    },
    pipeline: (commands) => run(commands, false),
    multiExec: (commands) => run(commands, true),
    async close() {
      closing = true;
      if (client.status !== 'ready') return void client.disconnect();
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
