/**
 * Adapter of the outside witness (WITNESS_API_BASE_URL), in the shape of
 * C2SP tlog-witness (c2sp.org/tlog-witness), plain text over HTTP:
 *
 *   POST <base>/add-checkpoint
 *     old <size the witness last cosigned>\n
 *     <consistency proof from that size, one base64 hash a line>\n…
 *     \n
 *     <the checkpoint: a signed note>
 *   → 200  cosignature lines `— <witness name> <base64>` (cosignature/v1)
 *   → 409  text/x.tlog.size `<size the witness has>\n`: our old size is not its
 *          (or the same size with another root)
 *   → 422  the consistency proof does not verify (a fork: alarm)
 *   → 403  no trusted log signature · 404 unknown origin · 400 malformed or old > size
 *
 * A 5xx, a timeout or no connection throws UpstreamError (retry later,
 * through a circuit breaker); every other answer is returned for the
 * checkpointer to judge. The witness keeps only the latest checkpoint of each
 * log: it is what makes a rewrite of our storage detectable (README.md).
 */
import { CircuitBreaker, UpstreamError } from '../adapters/http';

export const WITNESS_NAME = '日志见证方';

export type TWitnessAnswer =
  | { kind: 'cosigned'; lines: string[] }
  | { kind: 'conflict'; size: number }
  | { kind: 'refused'; status: number; message: string };

export interface TWitnessPort {
  addCheckpoint(request: { oldSize: number; proof: readonly string[]; checkpoint: string }): Promise<TWitnessAnswer>;
}

export interface TWitnessClientOptions {
  baseUrl: string;
  timeoutMs: number;
  breaker?: CircuitBreaker;
  fetchImpl?: typeof fetch;
}

/** The request body of add-checkpoint. */
export function addCheckpointBody(oldSize: number, proof: readonly string[], checkpoint: string): string {
  return `old ${oldSize}\n${proof.map((p) => `${p}\n`).join('')}\n${checkpoint}`;
}

export class WitnessClient implements TWitnessPort {
  readonly breaker: CircuitBreaker;

  constructor(private readonly options: TWitnessClientOptions) {
    this.breaker = options.breaker ?? new CircuitBreaker();
  }

  async addCheckpoint({ oldSize, proof, checkpoint }: { oldSize: number; proof: readonly string[]; checkpoint: string }): Promise<TWitnessAnswer> {
    if (!this.breaker.canRequest()) throw new UpstreamError(WITNESS_NAME, 'circuit_open', '暂时不可用（熔断中）');
    const url = `${this.options.baseUrl.replace(/\/$/, '')}/add-checkpoint`;
    const started = Date.now();
    let status: number;
    let text: string;
    try {
      const res = await (this.options.fetchImpl ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8', accept: 'text/plain, text/x.tlog.size' },
        body: addCheckpointBody(oldSize, proof, checkpoint),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (error) {
      this.breaker.onFailure();
      const name = (error as { name?: unknown } | null)?.name;
      const timeout = name === 'TimeoutError' || name === 'AbortError';
      throw new UpstreamError(WITNESS_NAME, timeout ? 'timeout' : 'network', timeout ? `${this.options.timeoutMs}ms 内无响应` : '无法连接');
    }
    this.breaker.lastLatencyMs = Date.now() - started;
    if (status >= 500 || status === 429) {
      this.breaker.onFailure();
      throw new UpstreamError(WITNESS_NAME, 'status', `HTTP ${status}`, status);
    }
    this.breaker.onSuccess();
    if (status === 200) {
      const lines = text.split('\n').filter((l) => l !== '');
      if (lines.length === 0 || !lines.every((l) => l.startsWith('\u2014 '))) return { kind: 'refused', status, message: '见证方的应答不是签名行' };
      return { kind: 'cosigned', lines };
    }
    if (status === 409) {
      const m = /^(0|[1-9][0-9]{0,15})\n?$/.exec(text);
      if (m) return { kind: 'conflict', size: Number(m[1]) };
    }
    return { kind: 'refused', status, message: text.slice(0, 200).trim() || `HTTP ${status}` };
  }
}
