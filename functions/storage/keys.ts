/**
 * Key names. Every key this app writes starts with the deployment's
 * `KEY_PREFIX` (env, default `ho:`), so several deployments or test runs can
 * share one Redis and be cleaned up by prefix. Modules build their keys with
 * a keyspace and list them in STORAGE.md (“Key layout, TTLs and Lua scripts”).
 *
 *   const key = keyspace(env().KEY_PREFIX);   // 'ho:'
 *   key('session', sessionId)                  // 'ho:session:3f9…'
 */

export interface TKeyspace {
  (...parts: readonly (string | number)[]): string;
  /** The prefix every key of this keyspace starts with. */
  readonly prefix: string;
  /** A SCAN MATCH pattern for every key of this keyspace. */
  readonly pattern: string;
}

const GLOB = /[*?[\]\\]/g;

/** Returns a key builder: `prefix + parts.join(':')`. */
export function keyspace(prefix: string): TKeyspace {
  const build = (...parts: readonly (string | number)[]): string => {
    if (parts.length === 0) throw new TypeError('a key needs at least one part');
    for (const part of parts) {
      if (part === '') throw new TypeError(`empty key part in ${JSON.stringify(parts)}`);
    }
    return prefix + parts.join(':');
  };
  return Object.assign(build, { prefix, pattern: `${prefix.replace(GLOB, '\\$&')}*` });
}
