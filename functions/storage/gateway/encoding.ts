/**
 * Reply encoding, as Upstash does it. With `Upstash-Encoding: base64` every
 * string in a result — recursively in arrays — is sent as the base64 of its
 * bytes, so any byte sequence survives JSON; integers stay numbers and nil
 * stays null. A top-level `OK` is left as it is (Upstash does this, and
 * @upstash/redis's decoder passes a bare `OK` through). Inside arrays the
 * decoder would garble a bare `OK`, so there it is encoded like any string.
 *
 * Without the header, bytes are sent as UTF-8 text (invalid sequences become
 * U+FFFD, as with Upstash).
 */
import type { TReply } from '../backends/types';

export type TJsonReply = null | number | string | TJsonReply[];

const bytesOf = (value: string | Buffer): Buffer => (typeof value === 'string' ? Buffer.from(value, 'utf8') : value);

function base64(value: TReply): TJsonReply {
  if (value === null || typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(base64);
  return bytesOf(value).toString('base64');
}

function text(value: TReply): TJsonReply {
  if (value === null || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(text);
  return value.toString('utf8');
}

const isOk = (value: TReply) => (typeof value === 'string' || Buffer.isBuffer(value)) && value.length === 2 && value.toString() === 'OK';

/** A reply as it goes into `{ "result": … }`. */
export function encodeReply(value: TReply, encoding: 'base64' | 'none'): TJsonReply {
  if (encoding === 'none') return text(value);
  return isOk(value) ? 'OK' : base64(value);
}
