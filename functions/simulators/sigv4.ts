/**
 * AWS Signature Version 4 (header-based, `AWS4-HMAC-SHA256`), with node:crypto
 * only — what the S3 simulator (./s3.ts) uses to verify a request: it rebuilds
 * the canonical request from the header names the client lists in
 * `SignedHeaders`, which a signing library does not offer. The blob store
 * signs with aws4fetch (functions/materials/s3-blob-store.ts), an independent
 * implementation, so every store test over the simulator cross-checks the two.
 * Aliyun OSS, Tencent COS and MinIO accept the same signature on their
 * S3-compatible endpoints.
 *
 * The three steps, as the AWS IAM user guide ("Create a signed AWS API
 * request") lays them out:
 *
 * 1. Canonical request — six lines joined by `\n`:
 *      METHOD
 *      canonical URI      the path as sent, percent-encoded once (RFC 3986);
 *                         S3 neither normalizes it nor encodes it twice
 *      canonical query    `name=value` pairs, each side RFC 3986-encoded,
 *                         sorted by name then value, joined by `&`
 *      canonical headers  `name:value\n` per signed header: lower-case name,
 *                         value trimmed with inner runs of spaces made one,
 *                         sorted by name
 *      signed headers     the same names joined by `;`
 *      payload hash       hex SHA-256 of the body (S3 wants it in
 *                         `x-amz-content-sha256` too)
 * 2. String to sign — `AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hex SHA-256 of
 *    the canonical request>`, scope = `<yyyymmdd>/<region>/<service>/aws4_request`.
 * 3. Signing key — an HMAC-SHA-256 chain from `"AWS4" + secret`:
 *    kDate = HMAC(·, yyyymmdd) → kRegion = HMAC(kDate, region) →
 *    kService = HMAC(kRegion, service) → kSigning = HMAC(kService, "aws4_request");
 *    signature = hex HMAC(kSigning, string to sign).
 *
 * The Authorization header is then
 * `AWS4-HMAC-SHA256 Credential=<key id>/<scope>, SignedHeaders=<names>, Signature=<hex>`.
 * Tested against the vectors AWS publishes (sigv4.test.ts).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** SHA-256 of no bytes: the payload hash of a GET, HEAD or DELETE. */
export const EMPTY_PAYLOAD_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface TSigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface TSigV4Scope {
  region: string;
  service: string;
}

export interface TSigV4Request {
  method: string;
  /** The path exactly as sent on the wire (already percent-encoded), e.g. `/bucket/materials/x`. */
  path: string;
  /** The raw query string without `?` (may be empty). */
  query?: string;
  /** The headers to sign (at least `host` and `x-amz-date`); names in any case. */
  headers: Readonly<Record<string, string>>;
  /** Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`. */
  payloadHash: string;
}

export interface TSigV4Signature {
  authorization: string;
  signature: string;
  signedHeaders: string;
  credentialScope: string;
  canonicalRequest: string;
  stringToSign: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

const hmac = (key: string | Uint8Array, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** `20150830T123600Z` — the ISO 8601 basic form SigV4 uses for `x-amz-date`. */
export function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** `20150830T123600Z` → the Date it names, or undefined for anything else. */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** RFC 3986 encoding: everything but `A–Z a–z 0–9 - _ . ~` (and `/` when asked) becomes `%XX`. */
export function uriEncode(value: string, keepSlash = false): string {
  const encoded = encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

/** The canonical query string of a raw query (pairs re-encoded and sorted). */
export function canonicalQueryString(query: string): string {
  if (!query) return '';
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return query
    .split('&')
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      return [uriEncode(decode(name)), uriEncode(decode(value))] as const;
    })
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** Step 1: the canonical request and the list of signed header names. */
export function canonicalRequest(request: TSigV4Request): { text: string; signedHeaders: string } {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(request.headers)) {
    const key = name.toLowerCase();
    const clean = value.trim().replace(/\s+/g, ' ');
    headers.set(key, headers.has(key) ? `${headers.get(key)},${clean}` : clean);
  }
  const names = [...headers.keys()].sort();
  const signedHeaders = names.join(';');
  const text = [
    request.method.toUpperCase(),
    request.path || '/',
    canonicalQueryString(request.query ?? ''),
    names.map((n) => `${n}:${headers.get(n)}\n`).join(''),
    signedHeaders,
    request.payloadHash,
  ].join('\n');
  return { text, signedHeaders };
}

/** Step 2: the string to sign for a canonical request. */
export function stringToSign(amzDate: string, credentialScope: string, canonicalRequestText: string): string {
  return [SIGV4_ALGORITHM, amzDate, credentialScope, sha256Hex(canonicalRequestText)].join('\n');
}

/** Step 3: the signing key for a day, region and service. */
export function signingKey(secretAccessKey: string, yyyymmdd: string, scope: TSigV4Scope): Buffer {
  const kDate = hmac(`AWS4${secretAccessKey}`, yyyymmdd);
  const kRegion = hmac(kDate, scope.region);
  const kService = hmac(kRegion, scope.service);
  return hmac(kService, 'aws4_request');
}

/**
 * Signs `request` as of `amzDate` (`x-amz-date`, which must also be among
 * the signed headers). Returns the Authorization header and, for tests and
 * the simulator's diagnostics, each intermediate.
 */
export function signV4(request: TSigV4Request, credentials: TSigV4Credentials, scope: TSigV4Scope, amzDate: string): TSigV4Signature {
  const day = amzDate.slice(0, 8);
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const { text, signedHeaders } = canonicalRequest(request);
  const toSign = stringToSign(amzDate, credentialScope, text);
  const signature = createHmac('sha256', signingKey(credentials.secretAccessKey, day, scope)).update(toSign, 'utf8').digest('hex');
  return {
    authorization: `${SIGV4_ALGORITHM} Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    signature,
    signedHeaders,
    credentialScope,
    canonicalRequest: text,
    stringToSign: toSign,
  };
}

export interface TParsedAuthorization {
  accessKeyId: string;
  /** yyyymmdd */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses an `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header; undefined when malformed. */
export function parseAuthorization(header: string): TParsedAuthorization | undefined {
  if (!header.startsWith(`${SIGV4_ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(SIGV4_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential')?.split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || credential.length !== 5 || credential[4] !== 'aws4_request' || !signedHeaders || !signature) return undefined;
  const [accessKeyId, date, region, service] = credential as [string, string, string, string, string];
  if (!accessKeyId || !/^\d{8}$/.test(date) || !region || !service || !/^[0-9a-f]{64}$/.test(signature)) return undefined;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** Constant-time comparison of two hex signatures. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
