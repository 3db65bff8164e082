/**
 * ioredis-mock only understands option tokens in upper case (`EX`, `NX`,
 * `WITHSCORES`, `LIMIT`, …) and silently ignores lower-case ones, while
 * @upstash/redis sends them in lower case (`["set", k, v, "ex", 60]`). Real
 * Redis does not care. So before a command goes to the mock, the option
 * tokens — and only those — are upper-cased.
 *
 * Each command has a spec: where its options start and, per keyword, how many
 * values follow it (those values are skipped, never touched). Scanning stops
 * at the first token that is not a keyword of that command, so a key, a
 * member or a value that happens to read `nx` is never changed. Commands not
 * listed are passed through as they are.
 */

interface TKeyword {
  /** How many values follow the keyword (a function for variable counts). */
  values?: number | ((args: readonly string[], at: number) => number);
  /** The values are themselves keywords (`AGGREGATE sum`). */
  upperValues?: boolean;
  /** Nothing after this keyword is an option (`STREAMS`, `FIELDS`). */
  last?: boolean;
}

interface TOptionSpec {
  /** Index of the first option token (0 is the command name). */
  from: number | ((args: readonly string[]) => number);
  keywords: Record<string, TKeyword>;
  /** At most this many keywords (e.g. LINSERT has exactly one). */
  max?: number;
}

const flag: TKeyword = {};
const one: TKeyword = { values: 1 };
const flags = (...names: string[]) => Object.fromEntries(names.map((n) => [n, flag]));

/** `numkeys key…` commands: options start after the keys. */
const afterKeys = (numkeysAt: number) => (args: readonly string[]) => numkeysAt + 1 + (Number.parseInt(args[numkeysAt] ?? '', 10) || 0);
/** WEIGHTS takes one value per key. */
const weights = (numkeysAt: number): TKeyword => ({ values: (args) => Number.parseInt(args[numkeysAt] ?? '', 10) || 0 });
/** XADD/XTRIM `MAXLEN [=|~] threshold`. */
const trim: TKeyword = { values: (args, at) => (args[at + 1] === '=' || args[at + 1] === '~' ? 2 : 1) };

const EXPIRY = { EX: one, PX: one, EXAT: one, PXAT: one };
const EXPIRE_CONDITION = flags('NX', 'XX', 'GT', 'LT');
const SCAN_OPTIONS = { MATCH: one, COUNT: one, NOVALUES: flag };
const RANGE_BY_SCORE = { WITHSCORES: flag, LIMIT: { values: 2 } };
const ZRANGE_OPTIONS = { ...flags('BYSCORE', 'BYLEX', 'REV', 'WITHSCORES'), LIMIT: { values: 2 } };
const AGGREGATE: TKeyword = { values: 1, upperValues: true };

export const OPTION_SPECS: Readonly<Record<string, TOptionSpec>> = {
  SET: { from: 3, keywords: { ...flags('NX', 'XX', 'GET', 'KEEPTTL'), ...EXPIRY } },
  GETEX: { from: 2, keywords: { ...EXPIRY, PERSIST: flag } },
  EXPIRE: { from: 3, keywords: EXPIRE_CONDITION },
  PEXPIRE: { from: 3, keywords: EXPIRE_CONDITION },
  EXPIREAT: { from: 3, keywords: EXPIRE_CONDITION },
  PEXPIREAT: { from: 3, keywords: EXPIRE_CONDITION },
  COPY: { from: 3, keywords: { DB: one, REPLACE: flag } },
  SCAN: { from: 2, keywords: { MATCH: one, COUNT: one, TYPE: one } },
  HSCAN: { from: 3, keywords: SCAN_OPTIONS },
  SSCAN: { from: 3, keywords: SCAN_OPTIONS },
  ZSCAN: { from: 3, keywords: SCAN_OPTIONS },
  HRANDFIELD: { from: 3, keywords: flags('WITHVALUES') },
  LPOS: { from: 3, keywords: { RANK: one, COUNT: one, MAXLEN: one } },
  LINSERT: { from: 2, keywords: flags('BEFORE', 'AFTER'), max: 1 },
  LMOVE: { from: 3, keywords: flags('LEFT', 'RIGHT'), max: 2 },
  LMPOP: { from: afterKeys(1), keywords: { ...flags('LEFT', 'RIGHT'), COUNT: one } },
  SINTERCARD: { from: afterKeys(1), keywords: { LIMIT: one } },
  ZINTERCARD: { from: afterKeys(1), keywords: { LIMIT: one } },
  ZADD: { from: 2, keywords: flags('NX', 'XX', 'GT', 'LT', 'CH', 'INCR') },
  ZRANGE: { from: 4, keywords: ZRANGE_OPTIONS },
  ZRANGESTORE: { from: 5, keywords: { ...flags('BYSCORE', 'BYLEX', 'REV'), LIMIT: { values: 2 } } },
  ZREVRANGE: { from: 4, keywords: flags('WITHSCORES') },
  ZRANGEBYSCORE: { from: 4, keywords: RANGE_BY_SCORE },
  ZREVRANGEBYSCORE: { from: 4, keywords: RANGE_BY_SCORE },
  ZRANGEBYLEX: { from: 4, keywords: { LIMIT: { values: 2 } } },
  ZREVRANGEBYLEX: { from: 4, keywords: { LIMIT: { values: 2 } } },
  ZRANDMEMBER: { from: 3, keywords: flags('WITHSCORES') },
  ZUNIONSTORE: { from: afterKeys(2), keywords: { WEIGHTS: weights(2), AGGREGATE } },
  ZINTERSTORE: { from: afterKeys(2), keywords: { WEIGHTS: weights(2), AGGREGATE } },
  ZUNION: { from: afterKeys(1), keywords: { WEIGHTS: weights(1), AGGREGATE, WITHSCORES: flag } },
  ZINTER: { from: afterKeys(1), keywords: { WEIGHTS: weights(1), AGGREGATE, WITHSCORES: flag } },
  ZDIFF: { from: afterKeys(1), keywords: flags('WITHSCORES') },
  GEOADD: { from: 2, keywords: flags('NX', 'XX', 'CH') },
  BITCOUNT: { from: 4, keywords: flags('BYTE', 'BIT') },
  XADD: { from: 2, keywords: { NOMKSTREAM: flag, MAXLEN: trim, MINID: trim, LIMIT: one } },
  XTRIM: { from: 2, keywords: { MAXLEN: trim, MINID: trim, LIMIT: one } },
  XRANGE: { from: 4, keywords: { COUNT: one } },
  XREVRANGE: { from: 4, keywords: { COUNT: one } },
  XREAD: { from: 1, keywords: { COUNT: one, BLOCK: one, STREAMS: { last: true } } },
  HGETEX: { from: 2, keywords: { ...EXPIRY, PERSIST: flag, FIELDS: { last: true } } },
  HSETEX: { from: 2, keywords: { ...flags('FNX', 'FXX', 'KEEPTTL'), ...EXPIRY, FIELDS: { last: true } } },
  HEXPIRE: { from: 3, keywords: { ...EXPIRE_CONDITION, FIELDS: { last: true } } },
  HPEXPIRE: { from: 3, keywords: { ...EXPIRE_CONDITION, FIELDS: { last: true } } },
  OBJECT: { from: 1, keywords: flags('ENCODING', 'FREQ', 'IDLETIME', 'REFCOUNT', 'HELP'), max: 1 },
  XINFO: { from: 1, keywords: flags('STREAM', 'GROUPS', 'CONSUMERS', 'HELP'), max: 1 },
};

/** Returns a copy of `args` (name first) with its option tokens in upper case. */
export function normalizeOptionTokens(args: readonly string[]): string[] {
  const out = [...args];
  const spec = OPTION_SPECS[(args[0] ?? '').toUpperCase()];
  if (!spec) return out;
  let at = typeof spec.from === 'function' ? spec.from(args) : spec.from;
  let seen = 0;
  while (at < out.length && (spec.max === undefined || seen < spec.max)) {
    const upper = out[at]!.toUpperCase();
    const keyword = Object.hasOwn(spec.keywords, upper) ? spec.keywords[upper] : undefined;
    if (!keyword) break;
    out[at] = upper;
    seen += 1;
    if (keyword.last) break;
    const values = typeof keyword.values === 'function' ? keyword.values(out, at) : (keyword.values ?? 0);
    if (keyword.upperValues) for (let i = at + 1; i <= at + values && i < out.length; i++) out[i] = out[i]!.toUpperCase();
    at += 1 + values;
  }
  return out;
}
