/**
 * `npx tsx scripts/index-backfill.ts`: builds the supervision index (clerk
 * queues, overdue board, statistics) and the archives' ledger index from
 * what is already stored — once, after upgrading a deployment that has data.
 * Idempotent; safe while the service runs. Uses the deployment's environment.
 */
import { getDeps } from '../functions/context';
import { backfillArchiveIndex, backfillSupervisionIndex } from '../functions/supervision/backfill';

async function main(): Promise<void> {
  const deps = await getDeps();
  const apps = await backfillSupervisionIndex(deps);
  console.log(`supervision index: ${apps} applications indexed`);
  const entries = await backfillArchiveIndex(deps);
  console.log(`archive index: ${entries} ledger entries indexed`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
