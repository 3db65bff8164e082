/**
 * What the gateway needs from a Redis: one command, a pipeline, a
 * transaction. Two implementations: `createRedisBackend` (ioredis, a real
 * Redis) and `createMemoryBackend` (ioredis-mock, in process, for `npm start`
 * and tests).
 */

/** A Redis reply as a backend returns it: bulk strings may come as bytes. */
export type TReply = null | number | string | Buffer | TReply[];

/** A command as it goes to Redis: the name first, every argument a string. */
export type TCommand = readonly [name: string, ...args: string[]];

/** One entry of a pipeline or transaction answer, shaped like Upstash's. */
export type TCommandResult = { result: TReply } | { error: string };

export interface TBackend {
  readonly kind: 'redis' | 'memory';
  /** Runs one command; an error reply rejects with `RedisReplyError`. */
  command(command: TCommand): Promise<TReply>;
  /** Runs the commands in order, not atomically; an error reply stays in its slot. */
  pipeline(commands: readonly TCommand[]): Promise<TCommandResult[]>;
  /**
   * Runs the commands atomically (MULTI/EXEC). A command Redis refuses to
   * queue aborts the whole transaction with `RedisReplyError` (EXECABORT);
   * an error while running stays in its slot, the others still apply.
   */
  multiExec(commands: readonly TCommand[]): Promise<TCommandResult[]>;
  close(): Promise<void>;
}
