/**
 * One HTTP client for every external system (government and WeChat): a
 * configurable base URL, a timeout, retries for safe calls, and a circuit
 * breaker, with errors that say whether to retry.
 */
import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

/**
 * A minimal fetch over node:http(s) with keep-alive: the same contract for
 * what HttpClient uses (status, text), at a fraction of undici-fetch's CPU
 * cost per call — it matters when a hire makes a dozen upstream calls.
 */
const nodeFetch = ((input: URL, init: RequestInit & { signal?: AbortSignal }) =>
  new Promise<Response>((resolve, reject) => {
    const url = input instanceof URL ? input : new URL(String(input));
    const lib = url.protocol === 'https:' ? https : http;
    const body = typeof init.body === 'string' ? init.body : undefined;
    const req = lib.request(
      url,
      {
        method: init.method ?? 'GET',
        headers: { ...(init.headers as Record<string, string>), ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
        agent: url.protocol === 'https:' ? agents.https : agents.http,
        signal: init.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ ok: status >= 200 && status < 300, status, text: async () => text } as Response);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  })) as unknown as typeof fetch;

export type TUpstreamFailure = 'timeout' | 'network' | 'status' | 'circuit_open' | 'invalid_response';

export class UpstreamError extends Error {
  constructor(
    readonly upstream: string,
    readonly kind: TUpstreamFailure,
    message: string,
    readonly status?: number,
    /** The upstream's JSON body, for 4xx answers with a business reason. */
    readonly body?: unknown,
  ) {
    super(`${upstream}: ${message}`);
    this.name = 'UpstreamError';
  }

  /** Whether the same call may succeed later (everything but a 4xx answer). */
  get retryable(): boolean {
    return !(this.kind === 'status' && this.status !== undefined && this.status < 500 && this.status !== 429);
  }
}

export interface TCircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long it stays open before one trial call. */
  cooldownMs: number;
}

/** Closed → (failures) → open → (cooldown) → half-open → one success closes it. */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  /** Latency of the last answered call through this breaker (for health reports). */
  lastLatencyMs: number | undefined;
  constructor(
    private readonly options: TCircuitBreakerOptions = { failureThreshold: 5, cooldownMs: 10_000 },
    private readonly now: () => number = Date.now,
  ) {}

  get state(): 'closed' | 'open' | 'half_open' {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.options.cooldownMs ? 'half_open' : 'open';
  }

  canRequest(): boolean {
    return this.state !== 'open';
  }

  onSuccess(): void {
    this.failures = 0;
    this.openedAt = undefined;
  }

  onFailure(): void {
    this.failures += 1;
    if (this.state === 'half_open' || this.failures >= this.options.failureThreshold) this.openedAt = this.now();
  }
}

export interface THttpClientOptions {
  /** Name used in errors and health, e.g. `市监`. */
  name: string;
  baseUrl: string;
  timeoutMs: number;
  /** Extra attempts for GETs and for POSTs that carry an idempotency key. */
  retries?: number;
  breaker?: CircuitBreaker;
  headers?: Record<string, string>;
  fetchImpl?: typeof fetch;
}

export interface TRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the base URL, e.g. `/enterprises/9115…`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Makes a POST safe to retry (sent as `Idempotency-Key`). */
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class HttpClient {
  readonly breaker: CircuitBreaker;
  /** Latency of the last completed call, for health reports. */
  lastLatencyMs: number | undefined;

  constructor(private readonly options: THttpClientOptions) {
    this.breaker = options.breaker ?? new CircuitBreaker();
  }

  get name(): string {
    return this.options.name;
  }

  /** Sends a request and parses the JSON answer with `schema`. */
  async request<S extends z.ZodType>(req: TRequest, schema: S): Promise<z.output<S>> {
    const method = req.method ?? 'GET';
    const safe = method === 'GET' || req.idempotencyKey !== undefined;
    const attempts = 1 + (safe ? (this.options.retries ?? 0) : 0);
    let last: UpstreamError | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(Math.min(100 * 2 ** (attempt - 1), 800));
      try {
        return await this.once(method, req, schema);
      } catch (error) {
        if (!(error instanceof UpstreamError) || !error.retryable || error.kind === 'circuit_open') throw error;
        last = error;
      }
    }
    throw last!;
  }

  private async once<S extends z.ZodType>(method: string, req: TRequest, schema: S): Promise<z.output<S>> {
    const { name, baseUrl, timeoutMs } = this.options;
    if (!this.breaker.canRequest()) throw new UpstreamError(name, 'circuit_open', '暂时不可用（熔断中）');
    const url = new URL(baseUrl.replace(/\/$/, '') + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const started = Date.now();
    let response: Response;
    try {
      response = await (this.options.fetchImpl ?? nodeFetch)(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(req.idempotencyKey ? { 'idempotency-key': req.idempotencyKey } : {}),
          ...this.options.headers,
          ...req.headers,
        },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      this.breaker.onFailure();
      // no instanceof: fetch's errors may come from another realm (e.g. under jest)
      const errorName = (error as { name?: unknown } | null)?.name;
      const timeout = errorName === 'TimeoutError' || errorName === 'AbortError';
      throw new UpstreamError(name, timeout ? 'timeout' : 'network', timeout ? `${timeoutMs}ms 内无响应` : '无法连接');
    }
    const text = await response.text().catch(() => '');
    this.lastLatencyMs = Date.now() - started;
    this.breaker.lastLatencyMs = this.lastLatencyMs;
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      if (response.status >= 500 || response.status === 429) this.breaker.onFailure();
      else this.breaker.onSuccess(); // the system answered: it is up
      throw new UpstreamError(name, 'status', `HTTP ${response.status}`, response.status, json);
    }
    this.breaker.onSuccess();
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new UpstreamError(name, 'invalid_response', '响应格式不正确');
    return parsed.data;
  }
}
