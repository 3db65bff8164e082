/**
 * The caller's network address, for the per-address login limits.
 *
 * Behind `hops` trusted reverse proxies (Vercel's edge: 1; an nginx in front
 * of a 政务云 host: 1), each proxy appends the address it saw to
 * X-Forwarded-For, so the client is the entry `hops` places from the right of
 * [X-Forwarded-For…, socket address]; what a client writes into the header
 * itself sits further left and is ignored. With 0 hops the header is not
 * read at all. IPv6 callers are counted per /64 (one subscriber's prefix:
 * rotating addresses inside it would otherwise escape the limit); IPv4-mapped
 * IPv6 addresses count as IPv4.
 */
import { isIP } from 'node:net';

export interface TAddressedRequest {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string | undefined } | null;
}

/** `1.2.3.4`, `[2001:db8::1]:443`, `1.2.3.4:5678` → the bare address, or undefined. */
function bareAddress(entry: string): string | undefined {
  let a = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  a = a.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  return isIP(a) ? a : undefined;
}

/** The first four hextets of an IPv6 address (its /64). */
function ipv6Prefix64(address: string): string {
  const [head, tail = ''] = address.toLowerCase().split('%')[0]!.split('::') as [string, string?];
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The address the per-address limits count, or `unknown` when none can be read. */
export function clientAddress(req: TAddressedRequest, hops: number): string {
  const socket = req.socket?.remoteAddress;
  const forwarded = hops > 0 ? [req.headers['x-forwarded-for']].flat().filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(',')) : [];
  const chain = [...forwarded, ...(socket ? [socket] : [])];
  const picked = chain.length > 0 ? chain[Math.max(0, chain.length - 1 - hops)]! : '';
  const address = bareAddress(picked);
  if (!address) return 'unknown';
  return isIP(address) === 6 ? ipv6Prefix64(address) : address;
}
