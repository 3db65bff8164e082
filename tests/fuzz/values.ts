/**
 * Malformed values for the endpoint fuzzer: odd strings (huge, empty,
 * control, combining, zero-width, emoji, full-width, lone surrogates),
 * script / SQL / NoSQL / template injection, identity numbers with a wrong
 * check character (GB 11643, GB 32100), absurd money, impossible dates, and
 * values of the wrong JSON type. Pure: no I/O.
 */
import fc from 'fast-check';
import { mod11_2CheckChar } from '../../domain/identity/mod11-2';
import { USCC_CHARSET, usccCheckChar } from '../../domain/identity/uscc';

// ── strings ──────────────────────────────────────────────────────────────────────────────────

export const INJECTION_STRINGS: readonly string[] = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(document.cookie)>',
  'javascript:alert(1)',
  "' OR '1'='1",
  "1; DROP TABLE applications; --",
  "admin'--",
  '{"$gt": ""}',
  '{"$where": "sleep(1000)"}',
  '$ne',
  '__proto__',
  'constructor',
  'prototype',
  '${7*7}',
  '{{7*7}}',
  '#{7*7}',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '%s%s%s%n',
  "redis.call('PING')",
  '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n',
  'a\r\nSet-Cookie: fuzz=1',
  'KEYS *',
  '() { :; }; echo vulnerable',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
];

export const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  '   \t\n ',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u0003\u001f',
  '\u001b[31m红\u001b[0m',
  '\u007f\u0080\u009f',
  '\r\n',
  '\u2028\u2029',
  '\u200b\u200c\u200d\ufeff',
  '\u202e测试员工甲',
  'e\u0301\u0302\u0303',
  '\u0300'.repeat(200),
  'Z\u0337\u0327\u031ba\u0336l\u0335g\u0338o\u0337',
  '测试员工甲\u0301',
  '😀',
  '👨‍👩‍👧‍👦',
  '🇨🇳🇨🇳',
  '𠮷野家',
  '\ud800',
  'a\udfffb',
  '１５０３０２１９９５０３１５００２０',
  '９１１５０３０２ＭＡ０Ｎ１Ａ２Ｂ３７',
  '２０２６－１２－０１',
  'ＡＢＣ',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  '0x1f',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '\\',
  '"',
  "'",
  '\ufffd\ufffd',
];

/** Long strings; JSON bodies stay below 1 MB (the 413 case is its own mutation). */
export const hugeString = fc
  .tuple(fc.constantFrom(257, 1_025, 10_001, 65_537, 300_000), fc.constantFrom('x', '好', '😀', '9', '\u0301', '<'))
  .map(([n, c]) => c.repeat(Math.ceil(n / c.length)));

export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...INJECTION_STRINGS) },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

// ── identity numbers with a wrong check character ─────────────────────────────────────────────────

const ID_CHECK_CHARS = '0123456789X';

/** A GB 11643 number whose check character is wrong (everything else valid). */
export const badCheckCitizenId: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('150302', '150303', '150304', '110101', '440305', '650102'),
    fc.date({ min: new Date('1950-01-01'), max: new Date('2008-12-31'), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999 }),
    fc.integer({ min: 1, max: 10 }),
  )
  .map(([area, birth, seq, shift]) => {
    const first17 = area + birth.toISOString().slice(0, 10).replace(/-/g, '') + String(seq).padStart(3, '0');
    const right = mod11_2CheckChar(first17)!;
    const wrong = ID_CHECK_CHARS[(ID_CHECK_CHARS.indexOf(right) + shift) % ID_CHECK_CHARS.length]!;
    return first17 + wrong;
  });

/** A GB 11643 number with the right check character but an impossible or future birth date. */
export const badDateCitizenId: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('150302', '110101'), fc.constantFrom('20260230', '20250229', '19991301', '19990001', '20991231', '00000101', '00000000'), fc.integer({ min: 0, max: 999 }))
  .map(([area, date, seq]) => {
    const first17 = area + date + String(seq).padStart(3, '0');
    return first17 + mod11_2CheckChar(first17)!;
  });

/** Malformed citizen ID numbers: bad check character, bad date, wrong length, letters, spaces inside. */
export const badCitizenId: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: badCheckCitizenId },
  { weight: 2, arbitrary: badDateCitizenId },
  { weight: 1, arbitrary: fc.constantFrom('15030219950315002', '1503021995031500200', '15030219950315002Y', 'ABCDEFGHIJKLMNOPQR', '150302199503150021', '000000000000000000', '99030219950315002X') },
  // full-width digits or a lower-case x do not rescue a wrong check character
  { weight: 1, arbitrary: badCheckCitizenId.map((id) => id.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace('X', 'x')) },
);

/** A GB 32100 USCC whose check character is wrong. */
export const badCheckUscc: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('91150302MA0N1A2B3', '91150303MA0N7C8D9', '92150304MA0N00001', '11150300000000000'), fc.integer({ min: 1, max: USCC_CHARSET.length - 1 }))
  .map(([first17, shift]) => {
    const right = usccCheckChar(first17)!;
    return first17 + USCC_CHARSET[(USCC_CHARSET.indexOf(right) + shift) % USCC_CHARSET.length]!;
  });

export const badUscc: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: badCheckUscc },
  { weight: 1, arbitrary: fc.constantFrom('91150302MA0N1A2B3', '91150302MA0N1A2B370', '91150302MA0N1A2BIO', 'ZZ150302MA0N1A2B37', '91150302MA0N1A2B3!', '') },
  { weight: 1, arbitrary: badCheckUscc.map((u) => u.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))) },
);

// ── money, rates, dates ────────────────────────────────────────────────────────────────────

/** Money in fen that no schema accepts: negative, fractional, absurd, or not a number at all. */
export const badMoney: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ max: -1 }),
  fc.constantFrom(-1, -0.01, 0.5, 1.5, 1e308, -1e308, 1e21, Number.MAX_SAFE_INTEGER + 2, 9_007_199_254_740_993, 1e15),
  fc.double({ min: 0.001, max: 0.999, noNaN: true }).map((d) => 100 + d),
  fc.constantFrom('600000', '6000.00', '¥6,000', '六千元', '', 'NaN', null, true, [], {}),
);

export const badRateBp: fc.Arbitrary<unknown> = fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 10_001 }), fc.constantFrom(12.5, 1e308, -1e308, '1200', null, false));

/** Strings no ISO date schema accepts. */
export const BAD_DATES: readonly string[] = ['0000-00-00', '2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026/12/01', '20261201', '2026-1-1', '26-12-01', '2026-12-01T00:00:00Z', 'yesterday', '9999-99-99', '-001-01-01', '+02026-12-01', ''];
export const badDate: fc.Arbitrary<unknown> = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...BAD_DATES) }, { weight: 1, arbitrary: fc.constantFrom(20261201, null, true, [], {}) });

/** Plausible-looking but extreme dates: may be valid for a schema (so only ever noise, never the mutation that must be refused). */
export const extremeDate = fc.constantFrom('9999-12-31', '1900-01-01', '1970-01-01', '2100-01-01', '0001-01-01');

// ── values of any type ─────────────────────────────────────────────────────────────────────────────

const deepArray = fc.integer({ min: 50, max: 3_000 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown);

export type TJsonClass = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';
export const JSON_CLASSES: readonly TJsonClass[] = ['string', 'number', 'boolean', 'null', 'array', 'object'];

export function jsonClassOf(v: unknown): TJsonClass {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as TJsonClass;
}

/** A representative of each JSON class, for probing what a schema rejects at a path. */
export const CLASS_REPRESENTATIVES: Readonly<Record<TJsonClass, readonly unknown[]>> = {
  string: ['x', '', '1'],
  number: [0, 1.5, 12345678],
  boolean: [true],
  null: [null],
  array: [[], ['x']],
  object: [{}],
};

/** Any value of one JSON class (strings only odd ones). */
export function valueOfClass(c: TJsonClass): fc.Arbitrary<unknown> {
  switch (c) {
    case 'string':
      return oddString;
    case 'number':
      return fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.oneof(fc.constant([]), fc.array(fc.oneof(oddString, fc.integer(), fc.constant(null)), { maxLength: 5 }), deepArray, fc.constant(new Array(10_000).fill(0)));
    case 'object':
      return fc.oneof(
        fc.constant({}),
        fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', '$gt', '$where', 'toString', ''), fc.string({ maxLength: 8 })), fc.oneof(oddString, fc.integer(), fc.constant(null)), { maxKeys: 4 }),
        fc.constant(JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}') as unknown),
      );
  }
}

/** Values that are noise (maybe valid, maybe not) for any field. */
export const noiseValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: oddString },
  { weight: 1, arbitrary: extremeDate },
  { weight: 1, arbitrary: badCitizenId },
  { weight: 1, arbitrary: badUscc },
  { weight: 1, arbitrary: badMoney },
  { weight: 2, arbitrary: fc.constantFrom(...JSON_CLASSES).chain(valueOfClass) },
);

/** The full-width form of a string's ASCII letters and digits (what a phone keyboard may type). */
export function fullWidth(s: string): string {
  return s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

// ── well-formed numbers of no one ─────────────────────────────────────────────────────────────────

/** A GB 11643 number with a right check character and a real birth date (whether anyone has it is for the caller to check). */
export const wellFormedCitizenId: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('150302', '150303', '150304', '110101', '440305'),
    fc.date({ min: new Date('1965-01-01'), max: new Date('2005-12-31'), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([area, birth, seq]) => {
    const first17 = area + birth.toISOString().slice(0, 10).replace(/-/g, '') + String(seq).padStart(3, '0');
    return first17 + mod11_2CheckChar(first17)!;
  });

/** A GB 32100 USCC with a right check character. */
export const wellFormedUscc: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('91150302', '91150303', '92150304', '91110105'), fc.array(fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'), { minLength: 9, maxLength: 9 }))
  .map(([head, tail]) => {
    const first17 = head + tail.join('');
    return first17 + usccCheckChar(first17)!;
  });

/** A Chinese name of two or three characters. */
export const chineseName = fc.array(fc.constantFrom(...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文明华国建平志强军伟芳秀英敏静丽'), { minLength: 2, maxLength: 3 }).map((a) => a.join(''));
