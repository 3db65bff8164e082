/**
 * The embedded backend: ioredis-mock in this process, so `npm start` and
 * unit tests need no Redis. It is for development and tests only — data
 * lives in memory and is gone when the process ends.
 *
 * Where ioredis-mock differs from Redis, this file makes it behave like
 * Redis (see STORAGE.md, “Memory backend gaps”):
 * - option tokens are upper-cased (`memory-options.ts`);
 * - SCRIPT LOAD / EXISTS / FLUSH and EVALSHA are emulated (`memory-scripts.ts`);
 * - WRONGTYPE and non-integer INCR are refused (`memory-checks.ts`);
 * - `SET … KEEPTTL` keeps the TTL; HGETALL answers a flat array;
 * - pipelines and transactions run command by command under one lock (the
 *   mock cannot EVAL inside its own pipeline), so a transaction is atomic
 *   with respect to every other request.
 */
import { randomUUID } from 'node:crypto';
import RedisMock from 'ioredis-mock';
import { RedisReplyError, StorageUnavailableError, replyMessage } from '../errors';
import { checkBeforeRun } from './memory-checks';
import { normalizeOptionTokens } from './memory-options';
import { checkNumkeys, createScriptCache, luaReply } from './memory-scripts';
import type { TBackend, TCommand, TCommandResult, TReply } from './types';

export interface TMemoryBackend extends TBackend {
  readonly kind: 'memory';
}

type TMockMethod = (...args: string[]) => Promise<unknown>;

/** Methods of the mock that are not Redis commands. */
const NOT_COMMANDS = new Set(['connect', 'disconnect', 'duplicate', 'pipeline', 'multi', 'exec', 'constructor', 'emit', 'on', 'once', 'off', 'listeners']);
const EMULATED = new Set(['SCRIPT', 'EVAL', 'EVAL_RO', 'EVALSHA', 'EVALSHA_RO']);

/** A mock reply → a Redis reply (HGETALL comes back as an object, nil as undefined). */
function mockReply(value: unknown, nested = false): TReply {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || Buffer.isBuffer(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return value.map((v) => mockReply(v, true));
  if (typeof value === 'object' && !nested) return Object.entries(value).flatMap(([k, v]) => [k, mockReply(v, true)]);
  return null;
}

/** Serializes async work: one request at a time touches the mock. */
function createLock(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };
}

export function createMemoryBackend(): TMemoryBackend {
  // ioredis-mock shares data between instances with the same host:port; a
  // unique host gives every backend its own database.
  const mock = new RedisMock({ host: `memory-${randomUUID()}`, lazyConnect: false });
  const methods = mock as unknown as Record<string, unknown>;
  const scripts = createScriptCache();
  const locked = createLock();
  let closed = false;

  const methodFor = (name: string): TMockMethod | undefined => {
    const lower = name.toLowerCase();
    if (!/^[a-z][a-z0-9_]*$/.test(lower) || NOT_COMMANDS.has(lower)) return undefined;
    const method = methods[lower];
    return typeof method === 'function' ? (method as TMockMethod) : undefined;
  };
  const unknownCommand = (name: string) => `ERR unknown command '${name.toLowerCase()}' (the memory backend, ioredis-mock, does not support it)`;
  const isKnown = (name: string) => EMULATED.has(name.toUpperCase()) || methodFor(name) !== undefined;

  const call = async (args: readonly string[]): Promise<unknown> => {
    const method = methodFor(args[0]!);
    if (!method) throw new RedisReplyError(unknownCommand(args[0]!));
    try {
      return await method.apply(mock, args.slice(1));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new RedisReplyError(message.startsWith('Unsupported command') ? unknownCommand(args[0]!) : replyMessage(message));
    }
  };

  const evalScript = async (script: string, rest: readonly string[]): Promise<TReply> => {
    checkNumkeys(rest[0], rest.length - 1);
    // fengari cannot parse Redis 7's `#!lua flags=…` shebang line: Redis reads the flags, the Lua is what follows
    return luaReply(await call(['EVAL', script.replace(/^#![^\n]*/, ''), ...rest]));
  };

  const scriptCommand = (args: readonly string[]): TReply => {
    const sub = (args[1] ?? '').toUpperCase();
    if (sub === 'LOAD' && args[2] !== undefined) return scripts.load(args[2]);
    if (sub === 'EXISTS') return args.slice(2).map((sha) => (scripts.exists(sha) ? 1 : 0));
    if (sub === 'FLUSH') {
      scripts.flush();
      return 'OK';
    }
    throw new RedisReplyError(`ERR unknown subcommand or wrong number of arguments for 'script|${sub.toLowerCase()}'`);
  };

  /** SET … KEEPTTL: the mock drops the TTL, so put it back. */
  const setKeepingTtl = async (args: readonly string[]): Promise<TReply> => {
    const key = args[1]!;
    const ttl = Number(await call(['PTTL', key]));
    const result = mockReply(await call(args.filter((a, i) => i < 3 || a !== 'KEEPTTL')));
    if (ttl > 0 && Number(await call(['PTTL', key])) === -1) await call(['PEXPIRE', key, String(ttl)]);
    return result;
  };

  const runOne = async (command: TCommand): Promise<TReply> => {
    const args = normalizeOptionTokens([command[0].toUpperCase(), ...command.slice(1)]);
    const name = args[0]!;
    switch (name) {
      case 'SCRIPT':
        return scriptCommand(args);
      case 'EVAL':
      case 'EVAL_RO':
        scripts.load(args[1] ?? '');
        return evalScript(args[1] ?? '', args.slice(2));
      case 'EVALSHA':
      case 'EVALSHA_RO':
        return evalScript(scripts.get(args[1] ?? ''), args.slice(2));
    }
    await checkBeforeRun(mock, args);
    if (name === 'SET' && args.indexOf('KEEPTTL', 3) !== -1) return setKeepingTtl(args);
    return mockReply(await call(args));
  };

  const runAll = async (commands: readonly TCommand[]): Promise<TCommandResult[]> => {
    const results: TCommandResult[] = [];
    for (const command of commands) {
      try {
        results.push({ result: await runOne(command) });
      } catch (error) {
        if (!(error instanceof RedisReplyError)) throw error;
        results.push({ error: error.message });
      }
    }
    return results;
  };

  const open = <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new StorageUnavailableError('内存存储已关闭'));
    return locked(work);
  };

  return {
    kind: 'memory',
    command: (command) => open(() => runOne(command)),
    pipeline: (commands) => open(() => runAll(commands)),
    multiExec: (commands) =>
      open(async () => {
        // Like Redis refusing to queue an unknown command: nothing runs.
        const unknown = commands.find(([name]) => !isKnown(name));
        if (unknown) throw new RedisReplyError(`EXECABORT Transaction discarded because of previous errors: ${unknownCommand(unknown[0])}`);
        return runAll(commands);
      }),
    async close() {
      if (closed) return;
      await locked(async () => {
        closed = true;
        await mock.flushall();
        mock.disconnect();
      });
    },
  };
}
