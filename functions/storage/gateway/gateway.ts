/**
 * An Upstash-REST-compatible gateway: @upstash/redis talks to it exactly as
 * it talks to Upstash, and it runs the commands on a backend (a real Redis,
 * or the in-process memory backend). It is a node:http handler for a gateway
 * mounted under some prefix: the caller strips the prefix and passes the
 * rest of the path (`/`, `/pipeline`, `/multi-exec`).
 *
 * Answers, as Upstash gives them:
 * - 200 `{ result }` for a command; 400 `{ error: "ERR …" }` when Redis
 *   answers with an error (@upstash/redis throws it);
 * - 200 `[{ result } | { error }, …]` for a pipeline or a transaction; a
 *   transaction Redis refuses to queue (EXECABORT) is 400 `{ error }`;
 * - 401 `{ error: "Unauthorized" }` without the right bearer token;
 * - 400 for a body that is not a command, 413 above 10 MB, 404/405 for
 *   other paths and methods;
 * - 503 `{ error }` when Redis cannot be reached (retry later; whether a
 *   write in flight applied is unknown).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RedisReplyError, StorageUnavailableError } from '../errors';
import type { TBackend, TCommandResult } from '../backends/types';
import { createBearerCheck } from './auth';
import { BodyError, MAX_BODY_BYTES, readJsonBody } from './body';
import { encodeReply } from './encoding';
import { endpointFor, parseCommands, type TEndpoint } from './protocol';
import { refusal } from './policy';
import { createScriptFlagsCompat } from './script-flags';
import { countCommands, createStats, resetStats, type TGatewayStats } from './stats';

export interface TGatewayOptions {
  backend: TBackend;
  /** The bearer token clients must send (`UPSTASH_REDIS_REST_TOKEN`). */
  token: string;
  /** Largest accepted body (default 10 MB). */
  maxBodyBytes?: number;
  /** Unexpected failures (answered with 500). */
  onError?: (error: unknown) => void;
}

export interface TGateway {
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
  /** Live counters; `resetStats()` zeroes them. */
  readonly stats: TGatewayStats;
  resetStats(): void;
}

function send(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

export function createGateway(options: TGatewayOptions): TGateway {
  const { backend } = options;
  const authorized = createBearerCheck(options.token);
  const stats = createStats();
  // Upstash-only Lua shebang flags (@upstash/ratelimit's allow-key-locking) are dropped before Redis sees them
  const scriptCompat = createScriptFlagsCompat();

  /** Runs a batch; a refused command fails in its slot without reaching Redis. */
  async function runBatch(endpoint: 'pipeline' | 'multiExec', commands: [string, ...string[]][]): Promise<TCommandResult[]> {
    const refusals = commands.map(refusal);
    if (endpoint === 'multiExec') {
      const first = refusals.find((r) => r !== undefined);
      if (first) throw new RedisReplyError(`EXECABORT Transaction discarded because of previous errors: ${first}`);
      return backend.multiExec(commands);
    }
    const allowed = commands.filter((_, i) => refusals[i] === undefined);
    const results = allowed.length > 0 ? await backend.pipeline(allowed) : [];
    let next = 0;
    return refusals.map((r) => (r !== undefined ? { error: r } : results[next++]!));
  }

  async function run(endpoint: TEndpoint, commands: [string, ...string[]][], encoding: 'base64' | 'none', res: ServerResponse) {
    if (endpoint === 'command') {
      const command = commands[0]!;
      const refused = refusal(command);
      if (refused) return send(res, 400, { error: refused });
      const result = await backend.command(command);
      return send(res, 200, { result: encodeReply(result, encoding) });
    }
    const results = await runBatch(endpoint, commands);
    send(
      res,
      200,
      results.map((r) => ('error' in r ? { error: r.error } : { result: encodeReply(r.result, encoding) })),
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    stats.requests += 1;
    const reject = (status: number, error: string, close = false) => {
      stats.rejected += 1;
      send(res, status, { error }, close);
    };
    try {
      if (!authorized(req.headers.authorization)) return reject(401, 'Unauthorized');
      const endpoint = endpointFor(path);
      if (!endpoint) return reject(404, `ERR unknown endpoint '${path}': use POST /, /pipeline or /multi-exec`);
      if (req.method !== 'POST') return reject(405, `ERR method ${req.method} not allowed: @upstash/redis sends POST`);
      const format = req.headers['upstash-response-format'];
      if (format !== undefined && format.toString().toLowerCase() !== 'json') {
        return reject(400, `ERR Upstash-Response-Format '${format}' is not supported: only json`);
      }
      const encoding = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64' ? 'base64' : 'none';

      let body: unknown;
      try {
        body = await readJsonBody(req, options.maxBodyBytes ?? MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyError) return reject(error.status, error.message, error.status === 413);
        throw error;
      }
      const parsed = parseCommands(endpoint, body);
      if ('error' in parsed) return reject(400, parsed.error);

      stats.byEndpoint[endpoint] += 1;
      countCommands(
        stats,
        parsed.commands.map((c) => c[0]),
      );
      await run(endpoint, parsed.commands.map(scriptCompat), encoding, res);
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof RedisReplyError) return send(res, 400, { error: error.message });
      if (error instanceof StorageUnavailableError) return send(res, 503, { error: `ERR storage unavailable, retry later: ${error.message}` });
      options.onError?.(error);
      send(res, 500, { error: 'ERR internal gateway error' });
    }
  }

  return {
    handle,
    get stats() {
      return stats;
    },
    resetStats: () => resetStats(stats),
  };
}
