/**
 * A snapshot of every key under a prefix (type, value and TTL), read with
 * type-specific commands through the stack's storage backend (a real Redis,
 * or the embedded one), and the difference between two snapshots.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TBackend, TCommand, TCommandResult, TReply } from '../../functions/storage/backends/types';

export interface TKeyState {
  type: string;
  digest: string;
  /** Milliseconds left to live when read (-1: none). */
  pttl: number;
}
export interface TSnapshot {
  at: number;
  keys: Map<string, TKeyState>;
}

/** A key, a cursor or a type name. */
const str = (r: TReply): string => (Buffer.isBuffer(r) ? r.toString('utf8') : String(r));
/** A value, binary-safe. */
const text = (r: TReply): string => (r === null ? '∅' : Buffer.isBuffer(r) ? r.toString('base64') : Array.isArray(r) ? `[${r.map(text).join('\u0001')}]` : String(r));

/** The command that reads a key of a type whole. */
function readCommand(key: string, type: string): TCommand | undefined {
  switch (type) {
    case 'string':
      return ['GET', key];
    case 'hash':
      return ['HGETALL', key];
    case 'list':
      return ['LRANGE', key, '0', '-1'];
    case 'set':
      return ['SMEMBERS', key];
    case 'zset':
      return ['ZRANGE', key, '0', '-1', 'WITHSCORES'];
    case 'stream':
      return ['XRANGE', key, '-', '+'];
    default:
      return undefined;
  }
}

/** A value as text, independent of the order Redis answers a hash or a set in. */
function canonical(type: string, reply: TReply): string {
  if (type === 'hash' && Array.isArray(reply)) {
    const pairs: string[] = [];
    for (let i = 0; i < reply.length; i += 2) pairs.push(`${text(reply[i]!)}=${text(reply[i + 1]!)}`);
    return pairs.sort().join('\u0002');
  }
  if (type === 'set' && Array.isArray(reply)) return reply.map(text).sort().join('\u0002');
  return text(reply);
}

const resultOf = (r: TCommandResult | undefined): TReply => (r && 'result' in r ? r.result : null);

/** Every file under `dir` (the local blob store), as `{prefix}blobfs:{relative path}`. */
async function files(dir: string, prefix: string, out: Map<string, TKeyState>): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
    const data = await readFile(full).catch(() => undefined);
    if (data) out.set(`${prefix}blobfs:${path.relative(dir, full)}`, { type: 'file', digest: createHash('sha256').update(data).digest('hex'), pttl: -1 });
  }
}

/** Every key under `prefix` in storage, and every file of the blob store when `blobDir` is given. */
export async function snapshot(backend: TBackend, prefix: string, blobDir?: string): Promise<TSnapshot> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    // the Redis is shared (a benchmark may hold a million keys): few large steps, not a thousand small ones
    const [next, batch] = (await backend.command(['SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '100000'])) as [TReply, TReply[]];
    cursor = str(next);
    for (const k of batch) keys.add(str(k));
  } while (cursor !== '0');
  const out = new Map<string, TKeyState>();
  const list = [...keys].sort();
  // three pipelined round trips, whatever the number of keys
  const types = (await backend.pipeline(list.map((k): TCommand => ['TYPE', k]))).map((r) => str(resultOf(r)));
  const reads = list.map((k, i) => readCommand(k, types[i]!) ?? (['TYPE', k] as TCommand));
  const [values, ttls] = await Promise.all([backend.pipeline(reads), backend.pipeline(list.map((k): TCommand => ['PTTL', k]))]);
  list.forEach((key, i) => {
    const type = types[i]!;
    if (type === 'none') return; // expired between SCAN and TYPE
    const value = canonical(type, resultOf(values[i]));
    out.set(key, { type, digest: createHash('sha256').update(value).digest('hex'), pttl: Number(resultOf(ttls[i])) });
  });
  if (blobDir) await files(blobDir, prefix, out);
  return { at: Date.now(), keys: out };
}

export interface TChange {
  key: string;
  change: 'added' | 'removed' | 'changed';
}

/**
 * What differs between two snapshots, except keys that expired on their own
 * (present before with a TTL that ran out by the second snapshot).
 */
export function diff(before: TSnapshot, after: TSnapshot): TChange[] {
  const changes: TChange[] = [];
  const elapsed = after.at - before.at + 1_000;
  for (const [key, b] of before.keys) {
    const a = after.keys.get(key);
    if (!a) {
      if (!(b.pttl >= 0 && b.pttl <= elapsed)) changes.push({ key, change: 'removed' });
    } else if (a.type !== b.type || a.digest !== b.digest) changes.push({ key, change: 'changed' });
  }
  for (const key of after.keys.keys()) if (!before.keys.has(key)) changes.push({ key, change: 'added' });
  return changes;
}
