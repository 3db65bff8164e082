/**
 * `npm run ledger:verify` — audits the ledger in Redis (functions/ledger/verify.ts):
 * recomputes the tree from the stored entries, checks every stored hash,
 * every checkpoint's signature, numbering and consistency, the witness's
 * cosignatures, and asks the witness whether it has seen a larger tree.
 * Names the first altered index. Exit code 0: intact; 1: problems found;
 * 2: configuration error.
 *
 * Storage, either of:
 *   REDIS_URL=redis://127.0.0.1:6379   a Redis directly (through an in-process gateway)
 *   UPSTASH_REDIS_REST_URL + UPSTASH_REDIS_REST_TOKEN   as the app reaches it
 * KEY_PREFIX (default `ho:`).
 * Keys: LEDGER_VKEY (the log's public verifier key, `<name>+<id>+<base64>` —
 * all an auditor needs), or LEDGER_SIGNING_KEY (+ LEDGER_ORIGIN) as the app
 * has them. WITNESS_VKEY checks the cosignatures; WITNESS_API_BASE_URL lets
 * it ask the witness. Flags: --json (the whole report as JSON), --quiet.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from '@upstash/redis';
import { z } from 'zod';
import { ed25519Signer, parseVkey, SIG_COSIGNATURE_V1, SIG_ED25519 } from '../functions/ledger/note';
import { verifyLedger, type TVerifyReport } from '../functions/ledger/verify';
import { WitnessClient } from '../functions/ledger/witness';
import { createRedisBackend } from '../functions/storage/backends/redis';
import { startGatewayServer } from '../functions/storage/gateway/server';
import { createRedisClient } from '../functions/storage/redis';

const ZVerifyEnvSchema = z
  .object({
    REDIS_URL: z.string().regex(/^rediss?:\/\//, { error: '应为 redis:// 或 rediss:// URL' }).optional(),
    UPSTASH_REDIS_REST_URL: z.url().optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(16).optional(),
    KEY_PREFIX: z.string().regex(/^[a-z0-9:_-]{0,32}$/).default('ho:'),
    LEDGER_VKEY: z.string().refine((v) => parseVkey(v)?.type === SIG_ED25519, { error: '应为账本的 vkey（Ed25519）' }).optional(),
    LEDGER_SIGNING_KEY: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, { error: '应为 base64 编码的 32 字节种子' }).optional(),
    LEDGER_ORIGIN: z.string().regex(/^[^\s+]{1,255}$/u).default('hire-once.wuhai.gov.cn/ledger'),
    WITNESS_VKEY: z.string().refine((v) => parseVkey(v)?.type === SIG_COSIGNATURE_V1, { error: '应为见证方的 vkey（cosignature/v1）' }).optional(),
    WITNESS_API_BASE_URL: z.url().optional(),
  })
  .superRefine((e, ctx) => {
    if (!e.REDIS_URL && !(e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN)) ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: '需要 REDIS_URL，或 UPSTASH_REDIS_REST_URL 与 UPSTASH_REDIS_REST_TOKEN' });
    if (!e.LEDGER_VKEY && !e.LEDGER_SIGNING_KEY) ctx.addIssue({ code: 'custom', path: ['LEDGER_VKEY'], message: '需要 LEDGER_VKEY（或 LEDGER_SIGNING_KEY）才能验证检查点签名' });
    if (e.WITNESS_API_BASE_URL && !e.WITNESS_VKEY) ctx.addIssue({ code: 'custom', path: ['WITNESS_VKEY'], message: '设置了 WITNESS_API_BASE_URL 时必填' });
  });

function print(report: TVerifyReport, quiet: boolean): void {
  console.log(`\nledger:verify — ${report.size} entries, ${report.checkpoints} checkpoints, root ${report.rootHashBase64}`);
  for (const p of report.problems) console.log(`  ✗ [${p.code}] ${p.message}`);
  if (!quiet) for (const w of report.warnings) console.log(`  ! ${w}`);
  console.log(`${report.ok ? '✓' : '✗'} ${report.summary}`);
}

async function main(): Promise<number> {
  const args = new Set(process.argv.slice(2));
  const parsed = ZVerifyEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    for (const i of parsed.error.issues) console.error(`  ${String(i.path[0] ?? '(env)')}: ${i.message}`);
    return 2;
  }
  const e = parsed.data;
  const logVerifier = e.LEDGER_VKEY ? parseVkey(e.LEDGER_VKEY)! : parseVkey(ed25519Signer(e.LEDGER_ORIGIN, new Uint8Array(Buffer.from(e.LEDGER_SIGNING_KEY!, 'base64'))).vkey)!;
  let close: () => Promise<void> = async () => {};
  let redis: Redis;
  if (e.REDIS_URL) {
    const backend = createRedisBackend(e.REDIS_URL, { connectTimeoutMs: 3_000 });
    const token = randomBytes(24).toString('base64url');
    const server = await startGatewayServer({ backend, token });
    redis = createRedisClient({ url: server.url, token });
    close = async () => {
      await server.close();
      await backend.close();
    };
  } else {
    redis = createRedisClient({ url: e.UPSTASH_REDIS_REST_URL!, token: e.UPSTASH_REDIS_REST_TOKEN! });
  }
  try {
    const witnessVerifier = e.WITNESS_VKEY ? parseVkey(e.WITNESS_VKEY)! : undefined;
    const report = await verifyLedger({
      redis,
      prefix: e.KEY_PREFIX,
      logVerifier,
      origin: e.LEDGER_VKEY ? logVerifier.name : e.LEDGER_ORIGIN,
      ...(witnessVerifier ? { witness: { verifier: witnessVerifier, ...(e.WITNESS_API_BASE_URL ? { client: new WitnessClient({ baseUrl: e.WITNESS_API_BASE_URL, timeoutMs: 10_000 }) } : {}) } } : {}),
      onProgress: args.has('--json') || args.has('--quiet') ? undefined : (done, total) => done % 65_536 === 0 && process.stderr.write(`  ${done}/${total}\r`),
    });
    if (args.has('--json')) console.log(JSON.stringify(report, null, 2));
    else print(report, args.has('--quiet'));
    return report.ok ? 0 : 1;
  } finally {
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`ledger:verify: ${(error as Error).message}`);
    process.exit(2);
  },
);
