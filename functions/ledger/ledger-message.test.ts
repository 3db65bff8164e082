/**
 * The `ledger` topic's consumer stores nothing for a message the ledger
 * refuses: the theme-database export is triggered after the append, not
 * beside it (found by the endpoint fuzzer, tests/fuzz: a refused message
 * left a theme-export queue message behind).
 */
import type { TDeps } from '../deps';
import { logger } from '../lib/logger';
import { memoryLedger } from '../../tests/fixtures/memory-ledger';
import { THEME_EXPORT_TOPIC } from '../theme-db/trigger';
import { handleLedgerMessage, lookupEvent, type TLedgerMessage } from './events';

const NOW = new Date('2026-11-26T02:00:00Z');

function depsWith(ledger: ReturnType<typeof memoryLedger>) {
  const published: string[] = [];
  const queue = {
    publish: async (topic: string) => {
      published.push(topic);
      return { messageId: `m${published.length}`, deduplicated: false };
    },
    publishMany: async () => [],
  };
  return { published, deps: { ledger, queue, now: () => NOW } as unknown as TDeps };
}

const message: TLedgerMessage = { events: [lookupEvent({ id: 'lookup:1', at: NOW.toISOString(), actor: 'a', personIdHmac: 'a'.repeat(64), purpose: 'p', sources: ['公安'] })] };

beforeAll(() => logger.configure({ level: 'error', sink: () => undefined }));

describe('handleLedgerMessage', () => {
  it('triggers no export when the append is refused', async () => {
    const ledger = memoryLedger();
    ledger.failAppends = true;
    const { deps, published } = depsWith(ledger);
    await expect(handleLedgerMessage(deps, message)).rejects.toThrow();
    expect(published).toEqual([]);
  });

  it('triggers the export once the events are appended', async () => {
    const ledger = memoryLedger();
    const { deps, published } = depsWith(ledger);
    expect(await handleLedgerMessage(deps, message)).toEqual({ appended: 1, existing: 0 });
    expect(published).toEqual([THEME_EXPORT_TOPIC]);
  });
});
