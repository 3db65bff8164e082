/**
 * Helpers for the ledger's tests (not product code): a synthetic business
 * event, and fixed development keys for the log and the witness.
 */
import { ed25519Signer, SIG_COSIGNATURE_V1, type TNoteSigner } from './note';
import type { TLedgerEvent } from './port';

/** A synthetic event `evt-<n>`; its time follows n's digits. */
export function ledgerEvent(n: number | string, extra: Partial<TLedgerEvent> = {}): TLedgerEvent {
  return {
    id: `evt-${n}`,
    type: 'item.transition',
    at: new Date(Date.UTC(2026, 10, 26, 2, 0, 0) + Number(String(n).replace(/\D/g, '') || 0) * 1000).toISOString(),
    actor: 'department:hrss',
    subject: { uscc: '91150302MA0N1A2B37', applicationId: `HO${n}` },
    data: { item: 'pension_insurance', to: 'done', 名称: '测试员工甲' },
    ...extra,
  };
}

export const TEST_ORIGIN = 'test.hire-once.example/ledger';
export const TEST_LOG_SEED = new Uint8Array(32).fill(11);
export const TEST_WITNESS_SEED = new Uint8Array(32).fill(22);

export function testLogSigner(origin = TEST_ORIGIN): TNoteSigner {
  return ed25519Signer(origin, TEST_LOG_SEED);
}

export function testWitnessSigner(name = 'witness.test.example/w1'): TNoteSigner {
  return ed25519Signer(name, TEST_WITNESS_SEED, SIG_COSIGNATURE_V1);
}
