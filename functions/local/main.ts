/**
 * `npm start` (after scripts/start.mjs has built the H5 app): the whole
 * product on one port with no setup — API, simulators, storage gateway and
 * H5 app. Honours PORT (default 3000), HOST (default 127.0.0.1) and, when
 * set, REDIS_URL (a real Redis instead of the embedded backend). Any
 * variable of functions/env.ts set in the environment overrides the
 * development default.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_ENTERPRISES, DEMO_PEOPLE } from '../simulators/dataset';
import { DEV_CLERK, generateDevSecrets, startStack, type TDevSecrets } from './stack';

const ROOT = path.resolve(__dirname, '..', '..');

function devSecrets(): TDevSecrets {
  const dir = path.join(ROOT, '.data');
  const file = path.join(dir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as TDevSecrets;
  const secrets = generateDevSecrets();
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2));
  chmodSync(file, 0o600);
  return secrets;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT 应为 0–65535 的整数（当前 ${process.env.PORT}）`);
  const host = process.env.HOST || '127.0.0.1';
  const stack = await startStack({
    port,
    host,
    ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}),
    staticDir: path.join(ROOT, 'dist', 'h5'),
    simulatorLatencyMs: 40,
    secrets: devSecrets(),
    overrides: process.env,
  });
  const url = stack.baseUrl;
  const e = DEMO_ENTERPRISES.energy;
  const a = DEMO_PEOPLE.employeeA;
  console.log(`
入职一件事 — running on ${url}
  H5 app        ${url}/
  API           ${url}/api/health
  simulators    ${[...new Set(Object.values(stack.simulators).map((x) => x.prefix))].map((prefix) => url + prefix).join('\n                ')}
                (switches: GET|POST <simulator>/_control)
  storage       ${process.env.REDIS_URL ? `Redis at ${process.env.REDIS_URL}` : 'embedded in-process backend (set REDIS_URL for a real Redis)'} via ${url}/_redis
  materials     ${stack.env.BLOB_STORE === 's3' ? `S3 bucket ${stack.env.S3_BUCKET} at ${stack.env.S3_ENDPOINT}` : `files under ${stack.env.BLOB_DIR} (BLOB_STORE=s3 for the S3 simulator at ${url}/sim/s3)`}

Demo data (synthetic):
  enterprise    ${e.uscc}  ${e.name}（法定代表人 ${e.legalRepresentative}）
  employee      ${a.documentNumber}  ${a.name}
  window clerk  ${DEV_CLERK.username} / ${DEV_CLERK.password}

Try a hire:   npm run demo:hire      (files one over HTTP and prints each item's result)
`);
  const stop = async (signal: string) => {
    console.log(`\n[start] ${signal}: stopping`);
    await stack.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(`[start] ${(error as Error).message}`);
  process.exit(1);
});
