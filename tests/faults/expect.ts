/**
 * The counting every scenario ends with: filed vs stored vs items done, and
 * the departments' records — 0 lost, 0 duplicated.
 */
import type { TItemCode } from '../../domain';
import { hmacId } from '../../functions/lib/crypto';
import type { TStack } from '../../functions/local/stack';
import type { TSimPerson } from '../../functions/simulators/dataset';
import { departmentWrites, ITEM_CODES, scenarioLine, type TSimCall, type TTruth } from './support';

/** Accepted writes per item and hire: the card and the certificate have an electronic and a physical variant. */
export const WRITES_PER_ITEM: Readonly<Record<TItemCode, number>> = Object.fromEntries(
  ITEM_CODES.map((c) => [c, c === 'employment_certificate' || c === 'social_security_card' ? 2 : 1]),
) as Record<TItemCode, number>;
export const WRITES_PER_HIRE = Object.values(WRITES_PER_ITEM).reduce((a, b) => a + b, 0);

export type TRecordCounts = { pension: number; registrations: number; certificates: number; filings: number; cards: number; medical: number; housingFund: number };

export function recordCounts(stack: Pick<TStack, 'simulators'>): TRecordCounts {
  const h = stack.simulators.hrss.counts();
  return { ...h, medical: stack.simulators.medical.counts().enrolments, housingFund: stack.simulators.housingFund.counts().accounts };
}

export function recordsDelta(before: TRecordCounts, after: TRecordCounts): TRecordCounts {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof TRecordCounts]])) as TRecordCounts;
}

/** What N clean hires leave at the departments. */
export const recordsFor = (n: number): TRecordCounts => ({ pension: n, registrations: n, certificates: 2 * n, filings: n, cards: 2 * n, medical: n, housingFund: n });

export interface TScenarioCounts {
  filed: number;
  stored: number;
  itemsDone: number;
  duplicates: number;
  lost: number;
}

/**
 * Counts a scenario from the truth and asserts 0 lost, 0 duplicated:
 * one application per person filed, seven items done each, each item's
 * department write accepted under exactly one requestId (per variant) with
 * one answer, the departments' records grown by exactly N hires' worth, and
 * each filing once in the ledger.
 */
export function countScenario(
  name: string,
  input: { people: TSimPerson[]; truth: TTruth; calls: TSimCall[]; records: TRecordCounts; keys: TStack['deps']['keys']; extra?: string },
): TScenarioCounts {
  const { people, truth: t, calls } = input;
  const filed = people.length;
  const perPerson = people.map((p) => t.perPerson.get(hmacId(p.documentNumber, input.keys)) ?? 0);
  const writes = departmentWrites(calls, t.stored);
  const writesMissing = [...t.stored].flatMap((id) => ITEM_CODES.filter((c) => (writes.perItem.get(`${id}:${c}`)?.length ?? 0) < WRITES_PER_ITEM[c]).map((c) => `${id}:${c}`));
  const writesExtra = [...writes.perItem.entries()].filter(([k, keys]) => keys.length > WRITES_PER_ITEM[k.split(':')[1] as TItemCode]).map(([k]) => k);
  const expected = recordsFor(filed);
  const recordsExtra = Object.entries(input.records).reduce((n, [k, v]) => n + Math.max(0, v - expected[k as keyof TRecordCounts]), 0);
  const recordsMissing = Object.entries(input.records).reduce((n, [k, v]) => n + Math.max(0, expected[k as keyof TRecordCounts] - v), 0);

  const duplicates =
    perPerson.reduce((n, c) => n + Math.max(0, c - 1), 0) +
    Math.max(0, t.stored.length - filed) +
    writes.conflicting.length +
    writes.twice.length +
    writesExtra.length +
    recordsExtra +
    t.ledgerDuplicates +
    Math.max(0, t.filedEvents - t.stored.length);
  const lost =
    perPerson.filter((c) => c === 0).length +
    (7 * t.stored.length - t.itemsDone) +
    writesMissing.length +
    recordsMissing +
    Math.max(0, t.stored.length - t.filedEvents);
  scenarioLine(name, { filed, stored: t.stored.length, itemsDone: t.itemsDone, duplicates, lost, ...(input.extra ? { extra: input.extra } : {}) });

  // each part on its own, so a failure names what went wrong
  expect(perPerson).toEqual(people.map(() => 1));
  expect(t.stored).toHaveLength(filed);
  expect(t.itemsDone).toBe(7 * filed);
  expect({ conflicting: writes.conflicting, twice: writes.twice, extra: writesExtra, missing: writesMissing }).toEqual({ conflicting: [], twice: [], extra: [], missing: [] });
  expect(writes.requestIds).toBe(WRITES_PER_HIRE * filed);
  expect(input.records).toEqual(expected);
  expect([t.filedEvents, t.ledgerDuplicates]).toEqual([filed, 0]);
  expect([duplicates, lost]).toEqual([0, 0]);
  return { filed, stored: t.stored.length, itemsDone: t.itemsDone, duplicates, lost };
}
