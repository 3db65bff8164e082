/**
 * Runs @vercel/node-style handlers on a plain node:http server, giving them
 * what Vercel gives them: `req.query` (with path parameters), `req.cookies`,
 * a lazily parsed `req.body` that throws 400 on invalid JSON, the raw body
 * (`req.rawBody`, for signature checks), and `res.status/json/send/redirect`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VercelRequest, VercelResponse } from '@vercel/node';

export const LOCAL_BODY_LIMIT = 1_048_576;

export class BodyTooLargeError extends Error {
  readonly statusCode = 413;
}

export async function readBody(req: IncomingMessage, limit = LOCAL_BODY_LIMIT): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) {
      try {
        out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        // ignore a malformed cookie
      }
    }
  }
  return out;
}

export function toVercelRequest(req: IncomingMessage, raw: Buffer, params: Record<string, string>): VercelRequest {
  const url = new URL(req.url ?? '/', 'http://local');
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  Object.assign(query, params);
  let parsed: { value: unknown } | undefined;
  const vreq = req as VercelRequest & { rawBody: Buffer };
  Object.defineProperty(vreq, 'query', { value: query, configurable: true, writable: true });
  Object.defineProperty(vreq, 'cookies', { value: parseCookies(req.headers.cookie), configurable: true });
  Object.defineProperty(vreq, 'rawBody', { value: raw, configurable: true });
  Object.defineProperty(vreq, 'body', {
    configurable: true,
    get() {
      if (parsed) return parsed.value;
      const type = String(req.headers['content-type'] ?? '');
      let value: unknown;
      if (raw.length === 0) value = undefined;
      else if (/^application\/json\b/i.test(type)) {
        try {
          value = JSON.parse(raw.toString('utf8'));
        } catch {
          throw Object.assign(new Error('Invalid JSON'), { statusCode: 400 });
        }
      } else if (/^text\//i.test(type)) value = raw.toString('utf8');
      else value = raw;
      parsed = { value };
      return value;
    },
  });
  return vreq;
}

export function toVercelResponse(res: ServerResponse): VercelResponse {
  const vres = res as VercelResponse;
  vres.status = (code: number) => {
    res.statusCode = code;
    return vres;
  };
  vres.json = (body: unknown) => {
    const text = JSON.stringify(body);
    if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(text));
    res.end(text);
    return vres;
  };
  vres.send = (body: unknown) => {
    if (body === undefined || body === null) res.end();
    else if (Buffer.isBuffer(body)) res.end(body);
    else if (typeof body === 'object') return vres.json(body);
    else {
      if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(String(body));
    }
    return vres;
  };
  vres.redirect = (statusOrUrl: string | number, url?: string) => {
    res.statusCode = typeof statusOrUrl === 'number' ? statusOrUrl : 307;
    res.setHeader('location', typeof statusOrUrl === 'string' ? statusOrUrl : url!);
    res.end();
    return vres;
  };
  return vres;
}
