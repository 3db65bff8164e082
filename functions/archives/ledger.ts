/**
 * The ledger as the archives read it (functions/ledger/port.ts is the
 * contract). Tolerates a deployment or a test whose deps carry none: the
 * archives then answer without ledger entries or proofs.
 */
import type { TDeps } from '../deps';
import type { TLedgerPort } from '../ledger/port';

export function ledgerOf(deps: TDeps): TLedgerPort | undefined {
  return (deps as { ledger?: TLedgerPort }).ledger;
}
