/**
 * Sends one fuzz request over keep-alive node:http: raw header lists (so a
 * header may repeat), raw body bytes (so JSON may be broken), and whatever
 * method. A request the server refuses before reading it all (413) may see
 * its connection closed; the answer received before that still counts.
 */
import http from 'node:http';

export interface TFuzzRequest {
  method: string;
  /** Path with query string, already encoded. */
  path: string;
  /** [name, value] pairs; a name may repeat. */
  headers: [string, string][];
  body?: Buffer | string;
}

export interface TFuzzResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json?: unknown;
}

export function createAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 10_000 });
}

export function send(baseUrl: string, agent: http.Agent, req: TFuzzRequest, timeoutMs = 30_000): Promise<TFuzzResponse> {
  const url = new URL(baseUrl);
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  // a repeated name goes out as one header line per value
  const headers: Record<string, string[]> = {};
  for (const [k, v] of req.headers) (headers[k.toLowerCase()] ??= []).push(v);
  if (body !== undefined && !headers['content-length']) headers['content-length'] = [String(body.length)];
  return new Promise((resolve, reject) => {
    let settled = false;
    let answered = false;
    const r = http.request(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent, timeout: timeoutMs },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => !settled && ((settled = true), reject(e)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    r.on('timeout', () => r.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    // an oversized body: the server answers 413 and closes; the write may then fail (EPIPE / ECONNRESET)
    r.on('error', (e) => {
      if (!settled && !answered) {
        settled = true;
        reject(e);
      }
    });
    if (body !== undefined) r.end(body);
    else r.end();
  });
}
