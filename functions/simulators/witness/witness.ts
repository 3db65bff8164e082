/**
 * Simulator of an outside transparency-log witness, default prefix
 * `/sim/witness`, following C2SP tlog-witness (c2sp.org/tlog-witness):
 *
 *   POST /add-checkpoint   (text/plain) `old <n>` line, consistency proof lines,
 *                          a blank line, the signed checkpoint
 *     → 200 `— <name> <base64>` cosignature/v1 line(s) (c2sp.org/tlog-cosignature)
 *     → 400 malformed, or old size > checkpoint size (a lower size is refused)
 *     → 403 no signature of the origin's trusted key verifies
 *     → 404 unknown origin
 *     → 409 text/x.tlog.size `<its size>\n`: old size is not the size it last
 *           cosigned, or the same size with another root hash
 *     → 422 the consistency proof from its last checkpoint does not verify
 *   GET  /_dev/checkpoints        (development; exempt from the switches) the
 *                                 latest checkpoint per origin, and counters
 *   POST /_dev/checkpoints        (development) `{ origin, size, rootHash }`:
 *                                 make the witness remember another tree (to
 *                                 play a log that showed it a fork)
 *
 * It keeps only the latest cosigned checkpoint per origin, checked and
 * updated in one synchronous step (no interleaving: the race C2SP warns of
 * cannot happen). Failure switches: `GET|POST /_control` { down, failureRate,
 * latencyMs, jitterMs } as every simulator; they apply to add-checkpoint.
 * The trusted logs are `configure({ logs })`d once their keys are known.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { EMPTY_ROOT, fromBase64, toBase64 } from '../../ledger/hash';
import { verifyConsistency } from '../../ledger/merkle';
import { cosign, ed25519Signer, openNote, parseCheckpointBody, parseVkey, SIG_COSIGNATURE_V1, type TNoteVerifier } from '../../ledger/note';
import { createSimulator, seededRandom, type TSimSwitches, type TSimulator } from '../framework';

export interface TWitnessLog {
  origin: string;
  /** The log's verifier key (Ed25519 note key), `<name>+<id>+<base64>`. */
  vkey: string;
}

export interface TWitnessSimulatorOptions {
  prefix?: string;
  /** The witness's key name (its cosignature lines' name). */
  name?: string;
  /** 32-byte Ed25519 seed of its cosignature/v1 key. */
  seed: Uint8Array;
  logs?: TWitnessLog[];
  /** POSIX milliseconds. */
  now?: () => number;
  switches?: Partial<TSimSwitches>;
  randomSeed?: number;
}

export interface TWitnessState {
  origin: string;
  size: number;
  rootHash: string;
  /** The checkpoint as cosigned (note with its signatures). */
  checkpoint: string;
  cosignedAt: number;
}

export interface TWitnessSimulator extends TSimulator {
  /** Its verifier key (cosignature/v1, type 0x04): WITNESS_VKEY. */
  vkey: string;
  configure(options: { logs: TWitnessLog[] }): void;
  latest(origin: string): TWitnessState | undefined;
  /** Answers counted: cosigned, conflicts (409), refused (4xx other than 409). */
  stats(): { cosigned: number; conflicts: number; refused: number };
}

const MAX_BODY = 64 * 1024;

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function readText(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createWitnessSimulator(options: TWitnessSimulatorOptions): TWitnessSimulator {
  const now = options.now ?? Date.now;
  const signer = ed25519Signer(options.name ?? 'witness.sim.hire-once.example/w1', options.seed, SIG_COSIGNATURE_V1);
  const trusted = new Map<string, TNoteVerifier>();
  const state = new Map<string, TWitnessState>();
  const counters = { cosigned: 0, conflicts: 0, refused: 0 };
  let random = seededRandom(options.randomSeed ?? 20_250_101);

  const trust = (logs: TWitnessLog[]) => {
    for (const log of logs) {
      const v = parseVkey(log.vkey);
      if (!v) throw new Error(`witness simulator: bad vkey for ${log.origin}`);
      trusted.set(log.origin, v);
    }
  };
  trust(options.logs ?? []);

  const refuse = (res: ServerResponse, status: number, message: string) => {
    counters.refused++;
    send(res, status, `${message}\n`);
  };

  function addCheckpoint(body: string, res: ServerResponse): void {
    // old size line, proof lines, a blank line, then the checkpoint note
    const blank = body.indexOf('\n\n');
    if (!body.startsWith('old ') || blank < 0) return refuse(res, 400, 'malformed request: old size line, proof lines, blank line, checkpoint');
    const head = body.slice(0, blank).split('\n');
    const old = /^old (0|[1-9][0-9]{0,15})$/.exec(head[0]!);
    const proof = head.slice(1).map((l) => fromBase64(l));
    if (!old || proof.some((p) => !p) || proof.length > 63) return refuse(res, 400, 'malformed old size or proof line');
    const oldSize = Number(old[1]);
    const note = body.slice(blank + 2);
    const origin = note.slice(0, note.indexOf('\n'));
    const verifier = trusted.get(origin);
    if (!verifier) return refuse(res, 404, `unknown origin ${origin}`);
    const opened = openNote(note, verifier);
    if (!opened) return refuse(res, 403, 'no signature of a trusted key verifies');
    const cp = parseCheckpointBody(opened.text);
    if (!cp || cp.origin !== origin) return refuse(res, 400, 'not a checkpoint');
    if (oldSize > cp.size) return refuse(res, 400, `old size ${oldSize} is above the checkpoint size ${cp.size}`);
    const last = state.get(origin);
    const lastSize = last?.size ?? 0;
    if (oldSize !== lastSize) {
      counters.conflicts++;
      return send(res, 409, `${lastSize}\n`, 'text/x.tlog.size');
    }
    const lastRoot = last ? fromBase64(last.rootHash)! : EMPTY_ROOT;
    if (oldSize === cp.size && last && last.rootHash !== toBase64(cp.rootHash)) {
      counters.conflicts++;
      return send(res, 409, `${lastSize}\n`, 'text/x.tlog.size');
    }
    if (!verifyConsistency(oldSize, cp.size, lastRoot, cp.rootHash, proof as Uint8Array[])) return refuse(res, 422, 'the consistency proof does not verify');
    const t = Math.floor(now() / 1000);
    const line = cosign(opened.text, signer, t);
    state.set(origin, { origin, size: cp.size, rootHash: toBase64(cp.rootHash), checkpoint: `${note}${line}\n`, cosignedAt: t });
    counters.cosigned++;
    send(res, 200, `${line}\n`);
  }

  const ZForgeSchema = z.strictObject({ origin: z.string().min(1), size: z.number().int().min(0), rootHash: z.string().refine((v) => fromBase64(v) !== undefined) });

  const base = createSimulator({
    name: '日志见证方',
    prefix: options.prefix ?? '/sim/witness',
    seed: options.randomSeed,
    switches: options.switches,
    onReset: () => {
      state.clear();
      counters.cosigned = counters.conflicts = counters.refused = 0;
      random = seededRandom(options.randomSeed ?? 20_250_101);
    },
    routes: [
      {
        method: 'GET',
        pattern: '/_dev/checkpoints',
        control: true,
        handler: () => ({ status: 200, body: { name: signer.name, vkey: signer.vkey, ...counters, checkpoints: [...state.values()] } }),
      },
      {
        method: 'POST',
        pattern: '/_dev/checkpoints',
        control: true,
        handler: (req) => {
          const parsed = ZForgeSchema.safeParse(req.body);
          if (!parsed.success) return { status: 400, body: { error: 'expected { origin, size, rootHash }' } };
          state.set(parsed.data.origin, { ...parsed.data, checkpoint: '', cosignedAt: Math.floor(now() / 1000) });
          return { status: 200, body: { ok: true } };
        },
      },
    ],
  });

  const handleBase = base.handle.bind(base);
  const sim: TWitnessSimulator = Object.assign(base, {
    vkey: signer.vkey,
    configure: (o: { logs: TWitnessLog[] }) => trust(o.logs),
    latest: (origin: string) => state.get(origin),
    stats: () => ({ ...counters }),
    async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
      if (path !== '/add-checkpoint') return handleBase(req, res, path);
      if (req.method !== 'POST') return send(res, 405, 'method not allowed\n');
      // the framework's switches, applied here because this route speaks text, not JSON
      const { latencyMs, jitterMs, failureRate, down } = sim.switches;
      const delay = latencyMs + (jitterMs ? Math.floor(random() * jitterMs) : 0);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      if (down) return send(res, 503, '日志见证方 系统维护中\n');
      if (failureRate > 0 && random() < failureRate) return send(res, 500, '日志见证方 内部错误（模拟）\n');
      const body = await readText(req);
      sim.calls.set('POST /add-checkpoint', (sim.calls.get('POST /add-checkpoint') ?? 0) + 1);
      if (body === undefined) return send(res, 413, 'payload too large\n');
      addCheckpoint(body, res);
    },
  });
  return sim;
}
