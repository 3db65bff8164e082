/**
 * Builds the ledger from the environment: the store on the app's Redis, the
 * log's signing key (LEDGER_SIGNING_KEY, held only in memory), the origin,
 * and the witness adapter (WITNESS_API_BASE_URL, WITNESS_VKEY).
 */
import type { Redis } from '@upstash/redis';
import type { CircuitBreaker } from '../adapters/http';
import type { TEnv } from '../env';
import type { TLedgerLog } from './checkpoint';
import { ed25519Signer, parseVkey } from './note';
import { LedgerStore } from './store';
import { WitnessClient } from './witness';

export function createLedgerLog(
  e: Pick<TEnv, 'KEY_PREFIX' | 'LEDGER_ORIGIN' | 'LEDGER_SIGNING_KEY' | 'WITNESS_API_BASE_URL' | 'WITNESS_VKEY' | 'UPSTREAM_TIMEOUT_MS'>,
  redis: Redis,
  breaker?: CircuitBreaker,
): TLedgerLog {
  const signer = ed25519Signer(e.LEDGER_ORIGIN, new Uint8Array(Buffer.from(e.LEDGER_SIGNING_KEY, 'base64')));
  return {
    store: new LedgerStore(redis, e.KEY_PREFIX),
    origin: e.LEDGER_ORIGIN,
    signer,
    verifier: parseVkey(signer.vkey)!,
    witness: {
      // a witness is outside and may be far: a longer budget than a lookup
      client: new WitnessClient({ baseUrl: e.WITNESS_API_BASE_URL, timeoutMs: Math.max(e.UPSTREAM_TIMEOUT_MS, 5_000), breaker }),
      verifier: parseVkey(e.WITNESS_VKEY)!,
    },
  };
}
