/**
 * Lua scripts on the memory backend. ioredis-mock runs EVAL (with fengari)
 * but has no SCRIPT command and its own EVALSHA knows nothing of our
 * scripts, so the backend keeps Redis's script cache itself: EVAL and
 * SCRIPT LOAD remember `sha1(script) → script`; EVALSHA of an unknown sha
 * answers Redis's own `NOSCRIPT` error, which is what makes
 * @upstash/redis's `Script.exec` fall back to EVAL.
 *
 * The mock's Lua replies are plain JS values; `luaReply` converts them the
 * way Redis converts Lua values: numbers are truncated to integers, `false`
 * is nil, `true` is 1.
 */
import { createHash } from 'node:crypto';
import { RedisReplyError } from '../errors';
import type { TReply } from './types';

export const NOSCRIPT = 'NOSCRIPT No matching script. Please use EVAL.';

export const sha1 = (script: string): string => createHash('sha1').update(script, 'utf8').digest('hex');

export interface TScriptCache {
  /** Remembers a script and returns its sha1. */
  load(script: string): string;
  /** The script for a sha1, or a `NOSCRIPT` reply error. */
  get(sha: string): string;
  exists(sha: string): boolean;
  flush(): void;
}

export function createScriptCache(): TScriptCache {
  const scripts = new Map<string, string>();
  return {
    load(script) {
      const sha = sha1(script);
      scripts.set(sha, script);
      return sha;
    },
    get(sha) {
      const script = scripts.get(sha.toLowerCase());
      if (script === undefined) throw new RedisReplyError(NOSCRIPT);
      return script;
    },
    exists: (sha) => scripts.has(sha.toLowerCase()),
    flush: () => scripts.clear(),
  };
}

/** A Lua value as ioredis-mock returns it → the reply Redis would give. */
export function luaReply(value: unknown): TReply {
  if (value === undefined || value === null || value === false) return null;
  if (value === true) return 1;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map(luaReply);
  return null;
}

/** Checks `numkeys` the way Redis does before running a script. */
export function checkNumkeys(numkeys: string | undefined, rest: number): number {
  const n = Number(numkeys);
  if (numkeys === undefined || !Number.isInteger(n)) throw new RedisReplyError('ERR value is not an integer or out of range');
  if (n < 0) throw new RedisReplyError("ERR Number of keys can't be negative");
  if (n > rest) throw new RedisReplyError("ERR Number of keys can't be greater than number of args");
  return n;
}
