/**
 * From an endpoint's description (specs.ts) to fast-check generators of
 * requests that must be refused: each request is the valid request broken in
 * ONE certain way (the "primary" mutation: wrong method, no or bad
 * credentials, a role that may not, a bad path parameter, a bad query value,
 * a body the schema refuses, broken JSON, a wrong content type, a body over
 * 1 MB, a bad Idempotency-Key, a bad queue signature), plus random noise that
 * may or may not be valid (odd query parameters, repeated headers, odd
 * strings in other fields). The expected statuses of each primary are listed;
 * 429 (a rate limit) is always an acceptable refusal.
 */
import fc from 'fast-check';
import { ZItemCodeSchema } from '../../domain';
import { signDelivery } from '../../functions/queue/signing';
import { bodyMutations, describeMutation, planBody, setAt, type TBodyPlan, type TOracle } from './mutate';
import type { TFuzzRequest } from './send';
import type { TCaller, TFuzzContext, TMethodSpec, TRole } from './specs';
import { hugeString, noiseValue, oddString } from './values';

export const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

export interface TAuthMaterial {
  /** A valid session token per signed-in role. */
  tokens: Record<Exclude<TRole, 'anonymous'>, string>;
  /** Authorization header values that no endpoint accepts (label → value; undefined: no header). */
  badAuthorizations: Record<string, string | undefined>;
  terminal: { good: string; bad: Record<string, string | undefined> };
  queue: { publicBaseUrl: string; currentKey: string };
}

export interface TDraftRequest {
  /** What makes the request wrong for sure. */
  primary: string;
  detail: string;
  /** The statuses this refusal may have (429 is always accepted besides). */
  expect: readonly number[];
  request: TFuzzRequest;
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });

function encodeSegment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, as bytes no decoder accepts
  }
}

function encodeQuery(pairs: [string, string][]): string {
  if (pairs.length === 0) return '';
  return '?' + pairs.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&');
}

function pathWith(template: string, params: Record<string, string>, raw: Record<string, string> = {}): string {
  return template.replace(/:([a-zA-Z]+)/g, (_, name: string) => raw[name] ?? encodeSegment(params[name] ?? ''));
}

const BAD_JSON: readonly (string | Buffer)[] = [
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a': 1}",
  '{a: 1}',
  '{"a": NaN}',
  '{"a": Infinity}',
  '{"a": undefined}',
  '{"a": 01}',
  '{} {}',
  '{}x',
  '{/* comment */}',
  '\ufeff{}',
  '[' .repeat(5_000),
  '"unterminated',
  'nul',
  'tru',
  '<xml/>',
  'a=1&b=2',
  Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]).toString('latin1') + '}',
  '\u0000{}',
];

const WRONG_CONTENT_TYPES: readonly (string | undefined)[] = [
  undefined,
  '',
  'text/plain',
  'text/plain; charset=utf-8',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----fuzz',
  'application/xml',
  'application/octet-stream',
  'application/jsonx',
  'json',
  'image/png',
  '*/*',
];

const BAD_IDEMPOTENCY_KEYS: readonly (string | undefined)[] = [undefined, '', 'short', 'has space in it', 'x'.repeat(129), '<script>alert(1)</script>', 'schlüssel-äöü-ß', 'a/b/c/d/e/f/g', '../../../../', 'a,b,c,d,e,f,g,h', '%00%00%00%00%00'];

const OVERSIZED = new Map<string, Buffer>();
/** A JSON body just over 1 MB (built once per character). */
function oversized(c: string): Buffer {
  let b = OVERSIZED.get(c);
  if (!b) OVERSIZED.set(c, (b = Buffer.from(JSON.stringify({ data: c.repeat(Math.ceil(1_100_000 / Buffer.byteLength(c))) }))));
  return b;
}

/**
 * Query strings stay below Node's 16 KB header limit: a longer request line is refused by the
 * HTTP parser itself (431, no body) before any handler runs — see RESULTS.md.
 */
export const MAX_QUERY_VALUE = 4_000;

/** The longest prefix of `v` whose %-encoding fits MAX_QUERY_VALUE. */
function capEncoded(v: string): string {
  let out = v;
  while (encodeSegment(out).length > MAX_QUERY_VALUE) out = out.slice(0, Math.floor(out.length / 2));
  return out;
}

/** The statuses of a refusal by credentials. */
const UNAUTHENTICATED = [401] as const;

export interface TEndpointPlan {
  path: string;
  method: string;
  spec: TMethodSpec;
  allowed: readonly string[];
  body?: { plan: TBodyPlan; oracle: TOracle };
  query?: { valid: Record<string, string>; oracle: TOracle; required: string[] };
  /** How many generated bodies / queries the oracle accepted (and were thus dropped): counted, and bounded by the suite. */
  dropped: { count: number };
}

export function planEndpoint(path: string, method: string, spec: TMethodSpec, allowed: readonly string[], ctx: TFuzzContext): TEndpointPlan {
  const out: TEndpointPlan = { path, method, spec, allowed, dropped: { count: 0 } };
  if (spec.body) {
    const oracle = spec.body.isValid(ctx);
    out.body = { plan: planBody(spec.body.valid(ctx), oracle), oracle };
  }
  if (spec.query) {
    const valid = spec.query.valid(ctx);
    const oracle = spec.query.isValid(ctx);
    if (!oracle(valid)) throw new Error(`${method} ${path}: the valid query is refused by its own oracle`);
    const required = Object.keys(valid).filter((k) => {
      const { [k]: _, ...rest } = valid;
      return !oracle(rest);
    });
    out.query = { valid, oracle, required };
  }
  return out;
}

/** Role tokens and other credentials for the caller, unchanged. */
function callerHeaders(caller: TCaller, auth: TAuthMaterial): [string, string][] {
  switch (caller) {
    case 'public':
    case 'cron':
    case 'queue':
      return [];
    case 'terminal':
      return [['authorization', auth.terminal.good]];
    default:
      return [['authorization', `Bearer ${auth.tokens[caller]}`]];
  }
}

interface TBase {
  params: Record<string, string>;
  rawParams: Record<string, string>;
  query: [string, string][];
  /** undefined: no body. */
  body?: { value: unknown } | { raw: Buffer | string };
  contentType?: string;
  auth: [string, string][];
  extraHeaders: [string, string][];
  idempotencyKey?: string;
  method: string;
}

/** Noise: things that may or may not be valid, added to any request. */
function noiseArb(e: TEndpointPlan, ctx: TFuzzContext) {
  const reserved = new Set([...Object.keys(e.spec.query?.valid(ctx) ?? {}), ...Object.keys(e.spec.params?.(ctx) ?? {})]);
  const queryName = fc.oneof(fc.constantFrom('x', 'debug', '__proto__', 'constructor', 'admin', '$where', 'callback', 'format', 'q[]', 'a[b]', ''), printable).filter((k) => !reserved.has(k));
  const queryValue = fc.oneof(oddString.map((s) => capEncoded(s.slice(0, 1_000)).slice(0, 1_000)), printable);
  const header = fc.oneof(
    fc.constant<[string, string]>(['x-forwarded-for', '10.0.0.1']),
    fc.constant<[string, string]>(['x-forwarded-for', '127.0.0.1, ::1']),
    printable.map((v): [string, string] => ['user-agent', v]),
    printable.map((v): [string, string] => ['x-request-id', v]),
    printable.map((v): [string, string] => ['cookie', `session=${v}; a=%E0%A4%A`]),
    fc.constant<[string, string]>(['accept', 'text/html']),
    fc.constant<[string, string]>(['accept-language', 'en-US,zh-CN;q=0.1']),
    fc.constant<[string, string]>(['x-http-method-override', 'DELETE']),
    fc.constant<[string, string]>(['content-type', 'text/plain']),
    fc.constant<[string, string]>(['accept-encoding', 'gzip, br, zstd']),
    printable.map((v): [string, string] => ['idempotency-key', v]),
  );
  return fc.record({
    query: fc.array(fc.tuple(queryName, queryValue), { maxLength: 3 }),
    headers: fc.array(header, { maxLength: 4 }),
    bodyNoise: e.body && e.body.plan.leaves.length ? fc.array(fc.record({ path: fc.constantFrom(...e.body.plan.leaves), value: noiseValue }), { maxLength: 2 }) : fc.constant([]),
  });
}

function baseOf(e: TEndpointPlan, ctx: TFuzzContext, auth: TAuthMaterial): TBase {
  return {
    method: e.method,
    params: e.spec.params?.(ctx) ?? {},
    rawParams: {},
    query: Object.entries(e.spec.query?.valid(ctx) ?? {}),
    ...(e.body ? { body: { value: e.body.plan.example }, contentType: 'application/json' } : {}),
    auth: callerHeaders(e.spec.as, auth),
    extraHeaders: [],
    ...(e.spec.idempotencyKey ? { idempotencyKey: `fuzz-${'k'.repeat(12)}` } : {}),
  };
}

type TPrimary = { primary: string; detail: string; expect: readonly number[]; apply: (b: TBase) => TBase };

function primaries(e: TEndpointPlan, ctx: TFuzzContext, auth: TAuthMaterial): fc.Arbitrary<TPrimary> {
  const out: { weight: number; arbitrary: fc.Arbitrary<TPrimary> }[] = [];
  const wrongMethods = ALL_METHODS.filter((m) => !e.allowed.includes(m));
  out.push({
    weight: 1,
    arbitrary: fc.constantFrom(...wrongMethods).map((m) => ({ primary: 'method', detail: m, expect: [405], apply: (b) => ({ ...b, method: m }) })),
  });
  out.push({
    weight: 0.25,
    arbitrary: fc.constantFrom('x', '好', '😀').map((c) => ({
      primary: 'oversized',
      detail: `a ${c} string over 1 MB`,
      expect: [413],
      apply: (b) => ({ ...b, body: { raw: oversized(c) }, contentType: 'application/json' }),
    })),
  });
  const caller = e.spec.as;
  if (caller === 'cron') {
    out.push({
      weight: 3,
      arbitrary: fc.oneof(fc.constant(undefined), printable.map((s) => `Bearer ${s.replace(/\s/g, '')}x`.padEnd(24, 'x')), fc.constantFrom('Bearer', 'Basic Y3Jvbjpjcm9u', `Bearer ${auth.tokens.clerk}`)).map((v) => ({
        primary: 'auth',
        detail: `cron authorization ${v === undefined ? '(none)' : v.slice(0, 30)}`,
        expect: UNAUTHENTICATED,
        apply: (b) => ({ ...b, auth: v === undefined ? [] : [['authorization', v]] }),
      })),
    });
  } else if (caller === 'terminal') {
    out.push({
      weight: 3,
      arbitrary: fc.constantFrom(...Object.entries(auth.terminal.bad)).map(([label, v]) => ({
        primary: 'auth',
        detail: `terminal ${label}`,
        expect: UNAUTHENTICATED,
        apply: (b) => ({ ...b, auth: v === undefined ? [] : [['authorization', v]] }),
      })),
    });
  } else if (caller === 'queue') {
    const kinds = ['none', 'garbage', 'another key', 'another url', 'another body', 'expired', 'not yet valid', 'truncated'] as const;
    out.push({
      weight: 3,
      arbitrary: fc.constantFrom(...kinds).map((kind) => ({
        primary: 'signature',
        detail: kind,
        expect: UNAUTHENTICATED,
        apply: (b) => ({ ...b, auth: [['x-fuzz-signature', kind]] }),
      })),
    });
  } else if (caller !== 'public') {
    out.push({
      weight: 3,
      arbitrary: fc.constantFrom(...Object.entries(auth.badAuthorizations)).map(([label, v]) => ({
        primary: 'auth',
        detail: label,
        expect: UNAUTHENTICATED,
        apply: (b) => ({ ...b, auth: v === undefined ? [] : [['authorization', v]] }),
      })),
    });
    const denied = e.spec.denied ?? [];
    if (denied.length) {
      out.push({
        weight: 2,
        arbitrary: fc.constantFrom(...denied).map((role) => ({
          primary: 'role',
          detail: role,
          expect: [401, 403],
          apply: (b) => ({ ...b, auth: [['authorization', `Bearer ${auth.tokens[role as Exclude<TRole, 'anonymous'>]}`]] }),
        })),
      });
    }
  }
  const params = e.spec.params?.(ctx);
  if (params && Object.keys(params).length) {
    const itemCodes = ZItemCodeSchema.options as readonly string[];
    const badValue = fc.oneof(
      fc.uuid(),
      fc.constantFrom('0', '-1', 'null', 'undefined', '..', '%2e%2e', '__proto__', 'constructor', 'app:1', '*', '?', '#'),
      oddString.filter((s) => s.length > 0 && s.length < 3_000),
      fc.integer({ min: 1, max: 3_000 }).map((n) => 'x'.repeat(n)),
    );
    out.push({
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...Object.keys(params)), badValue, fc.boolean())
        // not the record itself; not a "." segment, which URL parsing removes (the path then names another route, as in a browser)
        .filter(([name, v]) => v !== params[name] && v !== '.' && (name !== 'code' || !itemCodes.includes(v)))
        .map(([name, v, rawEscape]) => ({
          primary: 'param',
          detail: `${name} = ${JSON.stringify(v.slice(0, 60))}${rawEscape ? ' (malformed %-escape)' : ''}`,
          expect: [400, 401, 403, 404, 405, 409, 422],
          apply: (b) => (rawEscape ? { ...b, rawParams: { [name]: `${encodeSegment(v).slice(0, 40)}%E0%A4%A` } } : { ...b, params: { ...b.params, [name]: v } }),
        })),
    });
  }
  if (e.query) {
    const q = e.query;
    const fields = Object.entries(e.spec.query!.bad);
    const replace = fc
      .constantFrom(...fields)
      .chain(([name, arb]) => arb.map((v) => ({ name, v })))
      .map(({ name, v }) => ({ name, v, drop: false }));
    const drop = q.required.length ? fc.constantFrom(...q.required).map((name) => ({ name, v: '', drop: true })) : undefined;
    const arb = (drop ? fc.oneof({ weight: 4, arbitrary: replace }, { weight: 1, arbitrary: drop }) : replace).map(({ name, v, drop: d }) => ({ name, v: capEncoded(v), drop: d })).filter(({ name, v, drop: d }) => {
      const query = { ...q.valid };
      if (d) delete query[name];
      else query[name] = v;
      const refused = !q.oracle(query);
      if (!refused) e.dropped.count++;
      return refused;
    });
    out.push({
      weight: 4,
      arbitrary: arb.map(({ name, v, drop: d }) => ({
        primary: 'query',
        detail: d ? `without ${name}` : `${name} = ${JSON.stringify(v.slice(0, 80))}`,
        expect: [422],
        apply: (b) => {
          const query = b.query.filter(([k]) => k !== name);
          // the bad value first: a repeated key counts with its first value
          return { ...b, query: d ? query : [[name, v], ...query] };
        },
      })),
    });
  }
  if (e.body) {
    const { plan, oracle } = e.body;
    out.push({
      weight: 8,
      arbitrary: bodyMutations(plan)
        .filter(({ body }) => {
          const refused = !oracle(body);
          if (!refused) e.dropped.count++;
          return refused;
        })
        .map(({ body, mutation }) => ({
          primary: 'body',
          detail: describeMutation(mutation),
          expect: [422],
          apply: (b) => ({ ...b, body: body === undefined ? undefined : { value: body }, contentType: 'application/json' }),
        })),
    });
  }
  if (e.body && e.body.plan.leaves.length) {
    // any leaf — typed, or free under a record of unknowns — replaced by JSON nested far deeper than any form
    const { plan } = e.body;
    const MARK = '\u0000DEEP\u0000';
    out.push({
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...plan.leaves), fc.constantFrom(10_000, 100_000, 300_000), fc.constantFrom('[]', '{"a":}')).map(([path, depth, kind]) => {
        const [open, close] = kind === '[]' ? ['[', ']'] : ['{"a":', '}'];
        const nested = open.repeat(depth) + (kind === '[]' ? '' : '0') + close.repeat(depth);
        const raw = JSON.stringify(setAt(plan.example, path, MARK)).replace(JSON.stringify(MARK), nested);
        return {
          primary: 'deep_json',
          detail: `${path.join('.')} nested ${depth} deep (${kind === '[]' ? 'arrays' : 'objects'})`,
          expect: e.spec.alwaysRefused ? [403, 404, 409, 422] : [422],
          apply: (b: TBase) => ({ ...b, body: { raw }, contentType: 'application/json' }),
        };
      }),
    });
  }
  if (e.spec.json || e.spec.as === 'queue') {
    out.push({
      weight: 1.5,
      arbitrary: fc.oneof(fc.constantFrom(...BAD_JSON), hugeString.map((s) => `{"a":"${s}`)).map((raw) => ({
        primary: 'bad_json',
        detail: JSON.stringify(Buffer.isBuffer(raw) ? `bytes ${raw.toString('hex')}` : raw.slice(0, 40)),
        expect: [400],
        apply: (b) => ({ ...b, body: { raw }, contentType: 'application/json' }),
      })),
    });
  }
  if (e.spec.json) {
    out.push({
      weight: 1.5,
      arbitrary: fc.constantFrom(...WRONG_CONTENT_TYPES).map((type) => ({
        primary: 'content_type',
        detail: type === undefined ? '(none)' : JSON.stringify(type),
        expect: [415],
        apply: (b) => ({ ...b, contentType: type, body: b.body ?? { value: {} } }),
      })),
    });
  }
  if (e.spec.idempotencyKey) {
    out.push({
      weight: 2,
      arbitrary: fc.constantFrom(...BAD_IDEMPOTENCY_KEYS).map((key) => ({
        primary: 'idempotency_key',
        detail: key === undefined ? '(none)' : JSON.stringify(key.slice(0, 40)),
        expect: [422],
        apply: (b) => ({ ...b, idempotencyKey: key }),
      })),
    });
  }
  if (e.spec.alwaysRefused) {
    out.push({
      weight: 2,
      arbitrary: fc.constant({ primary: 'refused_as_is', detail: e.spec.alwaysRefused, expect: [401, 403, 404, 409, 422], apply: (b: TBase) => b }),
    });
  }
  if (e.spec.deep) {
    out.push({
      weight: 4,
      arbitrary: e.spec.deep(ctx).map((d) => ({
        primary: 'deep',
        detail: d.detail,
        expect: d.expect,
        apply: (b: TBase) => ({
          ...b,
          ...(d.body !== undefined ? { body: { value: d.body }, contentType: 'application/json' } : {}),
          ...(d.query !== undefined ? { query: Object.entries(d.query) } : {}),
          ...(d.idempotencyKey !== undefined ? { idempotencyKey: d.idempotencyKey } : {}),
        }),
      })),
    });
  }
  if (e.path === '/api/auth/clerk-login') {
    out.push({
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom('clerk01', 'nobody', 'CLERK01', 'clerk01 ', 'admin'), fc.oneof(oddString, printable).filter((p) => p.length >= 1 && p.length <= 256 && p !== 'window-2026')).map(([username, password]) => ({
        primary: 'credentials',
        detail: `${username} / ${JSON.stringify(password.slice(0, 20))}`,
        expect: [401],
        apply: (b) => ({ ...b, body: { value: { username, password } } }),
      })),
    });
  }
  return fc.oneof(...out.map((o) => ({ weight: Math.max(1, Math.round(o.weight * 4)), arbitrary: o.arbitrary })));
}

/** Builds the bytes and headers of a request from its parts. */
function build(e: TEndpointPlan, b: TBase, auth: TAuthMaterial): TFuzzRequest {
  const headers: [string, string][] = [];
  let body: Buffer | string | undefined;
  if (b.body && 'value' in b.body) body = b.body.value === undefined ? undefined : JSON.stringify(b.body.value);
  else if (b.body && 'raw' in b.body) body = b.body.raw;
  if (b.contentType !== undefined && body !== undefined) headers.push(['content-type', b.contentType]);
  if (b.idempotencyKey !== undefined) headers.push(['idempotency-key', b.idempotencyKey]);
  // queue deliveries: sign the final bytes, unless the mutation is about the signature
  if (e.spec.as === 'queue') {
    const topic = e.path.split('/').pop()!;
    const url = `${auth.queue.publicBaseUrl.replace(/\/$/, '')}/api/queue/${topic}`;
    const bytes = body === undefined ? '' : Buffer.isBuffer(body) ? body.toString('utf8') : body;
    const kind = b.auth.find(([k]) => k === 'x-fuzz-signature')?.[1];
    const now = Date.now();
    const sig = (() => {
      switch (kind) {
        case undefined:
          return signDelivery(auth.queue.currentKey, url, bytes, now);
        case 'none':
          return undefined;
        case 'garbage':
          return 'eyJhbGciOiJIUzI1NiJ9.e30.garbage';
        case 'another key':
          return signDelivery('sig_fuzzNotTheKey000000000000', url, bytes, now);
        case 'another url':
          return signDelivery(auth.queue.currentKey, url.replace(/\/api\/queue\/.*/, '/api/queue/other'), bytes, now);
        case 'another body':
          return signDelivery(auth.queue.currentKey, url, bytes + ' ', now);
        case 'expired':
          return signDelivery(auth.queue.currentKey, url, bytes, now - 3_600_000, 60);
        case 'not yet valid':
          return signDelivery(auth.queue.currentKey, url, bytes, now + 3_600_000);
        default:
          return signDelivery(auth.queue.currentKey, url, bytes, now).slice(0, -5);
      }
    })();
    if (sig !== undefined) headers.push(['upstash-signature', sig]);
  } else {
    headers.push(...b.auth);
  }
  headers.push(...b.extraHeaders);
  return { method: b.method, path: pathWith(e.path, b.params, b.rawParams) + encodeQuery(b.query), headers, ...(body !== undefined ? { body } : {}) };
}

/** Requests for one endpoint that must all be refused. */
export function refusedRequests(e: TEndpointPlan, ctx: TFuzzContext, auth: TAuthMaterial): fc.Arbitrary<TDraftRequest> {
  return fc.tuple(primaries(e, ctx, auth), noiseArb(e, ctx), fc.boolean()).map(([p, noise, withBodyNoise]) => {
    let base = baseOf(e, ctx, auth);
    // body noise goes into the valid body only when the mutation is not about the body itself
    let noisedBodyRefused = false;
    if (withBodyNoise && noise.bodyNoise.length && base.body && 'value' in base.body && p.primary !== 'body') {
      let v = base.body.value;
      for (const n of noise.bodyNoise) v = setAt(v, n.path, n.value);
      base = { ...base, body: { value: v } };
      noisedBodyRefused = !e.body!.oracle(v);
    }
    base = p.apply(base);
    // a missing or bad key is the mutation: noise must not bring a (possibly valid) key of its own
    const noiseHeaders = p.primary === 'idempotency_key' ? noise.headers.filter(([k]) => k !== 'idempotency-key') : noise.headers;
    base = { ...base, query: [...base.query, ...noise.query], extraHeaders: noiseHeaders };
    const request = build(e, base, auth);
    const size = request.body === undefined ? 0 : Buffer.byteLength(request.body);
    // a body grown past 1 MB by its odd strings is refused for its size first
    // a handler that validates its body before the role check says 422 to a noised body from a role that may not
    const noisedKey = e.spec.idempotencyKey && noiseHeaders.some(([k]) => k === 'idempotency-key');
    const expect = size > 1_048_576 ? [413] : // (some handlers parse before they authenticate: then a noised body is a 422 whoever sends it)
      (['role', 'auth', 'param', 'refused_as_is'].includes(p.primary) && noisedBodyRefused) || ((p.primary === 'role' || p.primary === 'deep') && noisedKey) ? [...p.expect, 422] : p.expect;
    return { primary: p.primary, detail: p.detail, expect, request };
  });
}

export function describeRequest(d: TDraftRequest): string {
  const body = d.request.body === undefined ? '' : Buffer.isBuffer(d.request.body) ? `<${d.request.body.length} bytes>` : d.request.body;
  const headers = d.request.headers.map(([k, v]) => `${k}: ${k === 'authorization' || k === 'upstash-signature' ? v.slice(0, 16) + '…' : v.slice(0, 80)}`).join('\n  ');
  return `${d.request.method} ${d.request.path.slice(0, 300)}\n  ${headers}\n  body (${Buffer.byteLength(d.request.body ?? '')} bytes): ${body.slice(0, 600)}\n  mutation: ${d.primary} — ${d.detail}`;
}
