/**
 * Lua shebang flags that Upstash accepts and Redis does not.
 *
 * @upstash/ratelimit (≥ 2.1) starts its scripts with `#!lua flags=allow-key-locking`
 * so that Upstash locks only the script's keys. Redis 7 refuses any flag it
 * does not know ("ERR Unexpected flag in script shebang: allow-key-locking"),
 * so against a plain Redis every limit call failed. As the Upstash-compatible
 * layer in front of Redis, the gateway drops the flags Redis does not know
 * before a script reaches it (dropping the flag only means Redis's usual
 * whole-script atomicity), and remembers sha1(original) → sha1(rewritten) so
 * that the client's EVALSHA of the original's sha runs the rewritten script
 * once an EVAL has taught it the pair (until then: NOSCRIPT, and the client
 * falls back to EVAL as it does after any Redis restart).
 */
import { createHash } from 'node:crypto';

/** The shebang flags of Redis 7 (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/#eval-flags). */
const REDIS_FLAGS = new Set(['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys']);
const MAX_REMEMBERED = 1_000;

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex');

/** The script without the shebang flags Redis does not know (the shebang line goes when none is left). */
export function withoutUnknownFlags(script: string): string {
  const line = /^#!lua[^\n]*/.exec(script)?.[0];
  if (line === undefined) return script;
  const flags = /\bflags=(\S*)/.exec(line)?.[1]?.split(',').filter(Boolean) ?? [];
  const kept = flags.filter((f) => REDIS_FLAGS.has(f));
  if (kept.length === flags.length) return script;
  return (kept.length > 0 ? `#!lua flags=${kept.join(',')}` : '') + script.slice(line.length);
}

/** A command rewriter for one gateway: EVAL / SCRIPT LOAD scripts cleaned, EVALSHA of a cleaned script's original sha mapped. */
export function createScriptFlagsCompat(): (command: [string, ...string[]]) => [string, ...string[]] {
  const shas = new Map<string, string>();
  const clean = (script: string): string => {
    const rewritten = withoutUnknownFlags(script);
    if (rewritten !== script) {
      if (shas.size >= MAX_REMEMBERED) shas.delete(shas.keys().next().value!);
      shas.set(sha1(script), sha1(rewritten));
    }
    return rewritten;
  };
  return (command) => {
    const name = command[0].toUpperCase();
    const [, first, ...rest] = command;
    if (first === undefined) return command;
    if (name === 'EVAL' || name === 'EVAL_RO') return [command[0], clean(first), ...rest];
    if (name === 'EVALSHA' || name === 'EVALSHA_RO') return [command[0], shas.get(first.toLowerCase()) ?? first, ...rest];
    if (name === 'SCRIPT' && first.toUpperCase() === 'LOAD' && rest[0] !== undefined) return [command[0], first, clean(rest[0]), ...rest.slice(1)];
    return command;
  };
}
