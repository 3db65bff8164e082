/**
 * `npm run bench:ledger` — a benchmark, not a test. Runs against a real
 * Redis (REDIS_URL, default 127.0.0.1:6379) through the storage gateway and
 * the @upstash/redis client, exactly as the app does, under a throw-away key
 * prefix, and measures:
 *   - appends per second on an empty log, by batch size (one Lua call per batch),
 *     and with concurrent writers in one process (group commit) and in several;
 *   - the fill to BENCH_LEAVES leaves (default 1,000,000) — through the same
 *     append path in batches of 1,000, not a bulk pipeline: the fill's speed
 *     is itself the large-batch append figure;
 *   - appends per second again at that size (an append reads no leaf);
 *   - inclusion and consistency proof times at that size (one round trip,
 *     O(log n) stored nodes), one at a time and 100 at once;
 *   - a checkpoint (consistency check + signature + the witness simulator's
 *     cosignature), the full `ledger:verify` audit, and Redis memory per leaf.
 * Options: BENCH_LEAVES, BENCH_SAMPLES (default 300), BENCH_VERIFY=0 to skip the audit.
 * BENCH_LEDGER_PREFIX=<prefix> keeps the big log under that prefix after the
 * run and reuses it next time (filled up to BENCH_LEAVES only when smaller):
 * `npm run bench` keeps its 1,000,000-leaf log under `bench:ledger1m:` so the
 * ~100 s fill happens once (delete it with BENCH_LEDGER_DROP=1). A reused log
 * skips the checkpoints (its earlier witness is gone) and the memory figure.
 * BENCH_LEDGER_DB=<n> runs in that logical Redis database (`npm run bench`: 15).
 * The last line is `BENCH_RESULT {json}` for `npm run bench`.
 */
import { randomBytes } from 'node:crypto';
import { checkpointIfGrown, type TLedgerLog } from '../functions/ledger/checkpoint';
import { fromBase64 } from '../functions/ledger/hash';
import { verifyConsistency, verifyInclusion } from '../functions/ledger/merkle';
import { ed25519Signer, parseVkey } from '../functions/ledger/note';
import type { TLedgerEvent } from '../functions/ledger/port';
import { canonicalEntry } from '../functions/ledger/port';
import { LedgerStore } from '../functions/ledger/store';
import { verifyLedger } from '../functions/ledger/verify';
import { WitnessClient } from '../functions/ledger/witness';
import { logger } from '../functions/lib/logger';
import { serveSimulators } from '../functions/simulators/loopback';
import { createWitnessSimulator } from '../functions/simulators/witness';
import { createRedisBackend } from '../functions/storage/backends/redis';
import { startGatewayServer } from '../functions/storage/gateway/server';
import { createRedisClient } from '../functions/storage/redis';
import { deleteByPattern } from '../functions/storage/testing';
import { emitResult } from './bench/common';

const LEAVES = Number(process.env.BENCH_LEAVES ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const VERIFY = process.env.BENCH_VERIFY !== '0';
const KEEP_PREFIX = process.env.BENCH_LEDGER_PREFIX;
const DROP = process.env.BENCH_LEDGER_DROP === '1';

/** A business event of a realistic size (~420 bytes as stored). */
function event(n: number): TLedgerEvent {
  return {
    id: `bench:item.transition:HO${String(n).padStart(9, '0')}:pension_insurance:e1`,
    type: 'item.transition',
    at: new Date(Date.UTC(2026, 10, 26) + n * 1000).toISOString(),
    actor: 'department:hrss',
    subject: { uscc: '91150302MA0N1A2B37', personIdHmac: 'h'.repeat(64), applicationId: `HO${String(n).padStart(9, '0')}` },
    data: { item: 'pension_insurance', from: 'processing', to: 'done', results: { personalSocialSecurityNo: `1503${String(n).padStart(9, '0')}` } },
  };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;
const rand = (n: number) => Math.floor(Math.random() * n);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

async function usedMemory(backend: ReturnType<typeof createRedisBackend>): Promise<number> {
  const info = String(await backend.command(['INFO', 'memory']));
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

async function main(): Promise<void> {
  logger.configure({ level: 'error' });
  // BENCH_LEDGER_DB: a logical database of its own for the kept 1,000,000-leaf log (`npm run bench` uses 15),
  // so its ~3,000,000 keys never slow the SCANs of test suites sharing the Redis (CI runs against it too).
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (process.env.BENCH_LEDGER_DB) url.pathname = `/${Number(process.env.BENCH_LEDGER_DB)}`;
  const redisUrl = url.toString();
  const backend = createRedisBackend(redisUrl, { connectTimeoutMs: 3_000 });
  await backend.command(['PING']);
  const token = randomBytes(24).toString('base64url');
  const server = await startGatewayServer({ backend, token });
  const redis = createRedisClient({ url: server.url, token });
  const prefix = `benchledger${Date.now().toString(36)}:`;
  const rows: [string, string][] = [];
  const figures: Record<string, unknown> = {};
  if (KEEP_PREFIX && DROP) {
    await deleteByPattern(backend, `${KEEP_PREFIX}*`);
    console.log(`deleted the kept log under ${KEEP_PREFIX}`);
    await server.close();
    await backend.close();
    return;
  }
  let counter = 0;
  const next = (k: number) => Array.from({ length: k }, () => event(counter++));

  try {
    // 1. appends per second on an empty log
    const empty = new LedgerStore(redis, `${prefix}empty:`);
    await empty.append(next(1)); // the script is cached from here on
    /** Appends batches for `seconds`, or `count` batches. */
    const appendRate = async (store: LedgerStore, label: string, batch: number, seconds: number, count = Infinity) => {
      const lat: number[] = [];
      const until = performance.now() + seconds * 1000;
      let events = 0;
      const t0 = performance.now();
      while (performance.now() < until && lat.length < count) {
        const [, t] = await timed(() => store.append(next(batch)));
        lat.push(t);
        events += batch;
      }
      const s = (performance.now() - t0) / 1000;
      lat.sort((a, b) => a - b);
      rows.push([`appends, batches of ${batch} ${label}`, `${Math.round(events / s).toLocaleString('en')} events/s · ${(lat.length / s).toFixed(0)} batches/s · p50 ${ms(pct(lat, 50))}, p95 ${ms(pct(lat, 95))}`]);
      figures[`appends${label.startsWith('(empty') ? 'Empty' : 'Full'}B${batch}`] = { eventsPerSecond: events / s, p50Ms: pct(lat, 50), p95Ms: pct(lat, 95) };
    };
    for (let i = 0; i < 1000; i++) await empty.append(next(1 + (i % 10))); // warm-up (JIT, connections)
    for (const batch of [1, 10, 100, 1000]) await appendRate(empty, '(empty log)', batch, 3);
    // concurrent writers: in one process their appends are committed together (group commit);
    // across processes (separate stores) they contend: compare the size, recompute, retry — nothing is lost
    for (const [label, stores] of [
      ['8 concurrent callers in one process', Array.from({ length: 8 }, () => empty)],
      ['4 processes at once', Array.from({ length: 4 }, () => new LedgerStore(redis, `${prefix}empty:`))],
    ] as const) {
      const before = await empty.size();
      const per = 400 / stores.length;
      const [, t] = await timed(() => Promise.all(stores.map(async (store) => {
        for (let i = 0; i < per; i++) await store.append(next(10));
      })));
      const added = (await empty.size()) - before;
      rows.push([`appends, ${label}, batches of 10`, `${Math.round(added / (t / 1000)).toLocaleString('en')} events/s (${added.toLocaleString('en')} of 4,000 stored)`]);
      figures[label.startsWith('8') ? 'appendsGroupCommit' : 'appendsProcesses'] = { eventsPerSecond: added / (t / 1000), stored: added };
    }

    // 2. the fill, through the append path
    const ledger = new LedgerStore(redis, KEEP_PREFIX ?? prefix);
    const memBefore = await usedMemory(backend);
    const start = await ledger.size(); // > 0 only for a kept log
    counter = start;
    const [, fillMs] = await timed(async () => {
      for (let n = start; n < LEAVES; n += 1000) {
        await ledger.append(next(Math.min(1000, LEAVES - n)));
        if (n % 100_000 === 0) process.stderr.write(`  fill ${n.toLocaleString('en')}/${LEAVES.toLocaleString('en')}\r`);
      }
    });
    const size = await ledger.size();
    const filled = size - start;
    const reused = start >= LEAVES;
    figures.fill = { reused, start, size, seconds: fillMs / 1000, eventsPerSecond: filled ? filled / (fillMs / 1000) : null };
    if (reused) {
      rows.push([`fill: none, the kept log under ${KEEP_PREFIX} has ${size.toLocaleString('en')} leaves`, '—']);
    } else {
      const memPerLeaf = ((await usedMemory(backend)) - memBefore) / filled;
      const entryBytes = canonicalEntry(event(0)).length;
      rows.push([`fill ${start ? `from ${start.toLocaleString('en')} ` : ''}to ${size.toLocaleString('en')} leaves (append path, batches of 1,000)`, `${(fillMs / 1000).toFixed(1)} s = ${Math.round(filled / (fillMs / 1000)).toLocaleString('en')} events/s`]);
      rows.push([`Redis memory per leaf (entry ${entryBytes} B + id + hashes)`, `${Math.round(memPerLeaf)} B (${((memPerLeaf * size) / 2 ** 20).toFixed(0)} MiB in all)`]);
      figures.memoryPerLeafBytes = memPerLeaf;
    }

    // 3. appends at that size
    // (by count, so that the proofs below are at about the same size)
    for (const batch of [1, 100]) await appendRate(ledger, `(at ${Math.round(size / 1e3).toLocaleString('en')}k leaves)`, batch, 10, batch === 1 ? 500 : 50);

    // 4. proofs at that size
    const n = await ledger.size();
    const root = fromBase64(await ledger.rootHash(n))!;
    const sample = async (label: string, fn: () => Promise<boolean>) => {
      const lat: number[] = [];
      let ok = true;
      for (let i = 0; i < SAMPLES; i++) {
        const [good, t] = await timed(fn);
        ok &&= good;
        lat.push(t);
      }
      lat.sort((a, b) => a - b);
      rows.push([label, `p50 ${ms(pct(lat, 50))}, p95 ${ms(pct(lat, 95))}, p99 ${ms(pct(lat, 99))}${ok ? '' : ' — A PROOF FAILED TO VERIFY'}`]);
      figures[label.startsWith('inclusion') ? 'inclusionProof' : 'consistencyProof'] = { leaves: n, p50Ms: pct(lat, 50), p95Ms: pct(lat, 95), p99Ms: pct(lat, 99), verified: ok };
    };
    const leafOf = async (i: number) => new Uint8Array(Buffer.from((await ledger.entries(i, i + 1))[0]!.entryBase64, 'base64'));
    await sample(`inclusion proof at ${n.toLocaleString('en')} leaves (fetch, one round trip)`, async () => {
      const i = rand(n);
      return (await ledger.inclusionProof(i, n)).length > 0;
    });
    const verifyLat: number[] = [];
    for (let k = 0; k < 50; k++) {
      const i = rand(n);
      const [proof, leaf] = await Promise.all([ledger.inclusionProof(i, n), leafOf(i)]);
      const [ok, t] = await timed(async () => verifyInclusion(leaf, i, n, proof.map((p) => fromBase64(p)!), root));
      if (!ok) throw new Error(`inclusion proof of ${i} does not verify`);
      verifyLat.push(t);
    }
    verifyLat.sort((a, b) => a - b);
    rows.push(['inclusion proof: verify in Node', `p50 ${ms(pct(verifyLat, 50))}`]);
    figures.inclusionVerifyP50Ms = pct(verifyLat, 50);
    await sample(`consistency proof from a random size to ${n.toLocaleString('en')} (fetch + verify)`, async () => {
      const m = 1 + rand(n - 1);
      const c = await ledger.consistency(m, n);
      return verifyConsistency(m, n, fromBase64(c.fromRoot)!, root, c.proof.map((p) => fromBase64(p)!));
    });
    const [, burst] = await timed(() => Promise.all(Array.from({ length: 100 }, () => ledger.inclusionProof(rand(n), n))));
    rows.push(['100 inclusion proofs at once (auto-pipelined: one request)', `${ms(burst)} in all`]);
    figures.inclusionBurst100Ms = burst;

    // 5. a checkpoint, with the witness simulator cosigning (not on a kept log: its last checkpoint's witness is gone)
    if (KEEP_PREFIX) {
      rows.push(['checkpoints', `skipped (a kept log, ${KEEP_PREFIX})`]);
    } else {
      const signer = ed25519Signer('bench.hire-once.example/ledger', randomBytes(32));
      const witnessSim = createWitnessSimulator({ seed: randomBytes(32), logs: [{ origin: signer.name, vkey: signer.vkey }] });
      const loop = await serveSimulators(witnessSim);
      const log: TLedgerLog = {
        store: ledger,
        origin: signer.name,
        signer,
        verifier: parseVkey(signer.vkey)!,
        witness: { client: new WitnessClient({ baseUrl: loop.baseUrlOf(witnessSim), timeoutMs: 5_000 }), verifier: parseVkey(witnessSim.vkey)! },
      };
      const [first, cp1] = await timed(() => checkpointIfGrown({ ledgerLog: log }));
      await ledger.append(next(500));
      const [second, cp2] = await timed(() => checkpointIfGrown({ ledgerLog: log }));
      if (first.status !== 'signed' || second.status !== 'signed') throw new Error(`checkpoint: ${first.status}, ${second.status}`);
      rows.push(['checkpoint: first (root from nodes, sign, witness from 0)', ms(cp1)]);
      rows.push(['checkpoint: next (consistency from the last, sign, witness)', ms(cp2)]);
      figures.checkpointMs = { first: cp1, next: cp2 };

      // 6. the full audit
      if (VERIFY) {
        const [report, auditMs] = await timed(() => verifyLedger({ redis, prefix, logVerifier: log.verifier, origin: log.origin, witness: { verifier: log.witness.verifier, client: log.witness.client } }));
        if (!report.ok) throw new Error(`ledger:verify found problems: ${report.summary}`);
        rows.push([`ledger:verify of ${report.size.toLocaleString('en')} leaves (recompute all, check every node)`, `${(auditMs / 1000).toFixed(1)} s = ${Math.round(report.size / (auditMs / 1000)).toLocaleString('en')} leaves/s`]);
        figures.verify = { leaves: report.size, seconds: auditMs / 1000 };
      }
      await loop.close();
    }
  } finally {
    process.stderr.write('  cleaning up…                    \r');
    await deleteByPattern(backend, `${prefix}*`);
    await server.close();
    await backend.close();
  }

  console.log(`\nbench:ledger — Redis ${redisUrl} via the gateway, ${new Date().toISOString()}`);
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`${'figure'.padEnd(w)}  measured`);
  for (const [name, value] of rows) console.log(`${name.padEnd(w)}  ${value}`);
  if (KEEP_PREFIX) console.log(`\nthe log is kept under ${KEEP_PREFIX} for the next run (BENCH_LEDGER_PREFIX=${KEEP_PREFIX} BENCH_LEDGER_DROP=1 npm run bench:ledger deletes it)`);
  emitResult('ledger', { leaves: LEAVES, keptPrefix: KEEP_PREFIX ?? null, ...figures });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
