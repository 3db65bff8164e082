/**
 * The whole stack as a process of its own, for tests/faults/process-kill.test.ts:
 * `node --import tsx tests/faults/stack-child.ts` with FAULT_CHILD_CONFIG (JSON:
 * redisUrl, keyPrefix, port, secrets, overrides, blobDir). Prints
 * `READY <base URL>` once it serves; runs until it is killed.
 */
import { logger } from '../../functions/lib/logger';
import { startStack, type TDevSecrets } from '../../functions/local/stack';

interface TChildConfig {
  redisUrl: string;
  keyPrefix: string;
  port: number;
  secrets: TDevSecrets;
  overrides: Record<string, string>;
  blobDir: string;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.FAULT_CHILD_CONFIG ?? '') as TChildConfig;
  logger.configure({ level: 'error', sink: (line) => void process.stderr.write(`${line}\n`) });
  const stack = await startStack({
    redisUrl: config.redisUrl,
    keyPrefix: config.keyPrefix,
    port: config.port,
    secrets: config.secrets,
    overrides: config.overrides,
    blobDir: config.blobDir,
    pollSeconds: 1,
    dispatcherIntervalMs: 100,
    retryMaxSeconds: 2,
    themeExportIntervalMs: 300,
  });
  process.stdout.write(`READY ${stack.baseUrl}\n`);
}

main().catch((error) => {
  process.stderr.write(`stack-child failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
