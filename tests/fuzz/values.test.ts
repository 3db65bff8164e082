/**
 * The fuzzer's bad values are bad: no identity number with a wrong check
 * character passes GB 11643, no USCC with a wrong check character passes
 * GB 32100, no "bad" date, amount or rate passes the form's schemas — even
 * after the normalization a phone keyboard gets (full-width digits, lower-case x).
 */
import fc from 'fast-check';
import { checkCitizenId, isValidUscc, parseWithIssues } from '../../domain';
import { ZMoneyFen, ZRateBpSchema } from '../../domain/form/primitives';
import { ZIsoDateSchema } from '../../domain/form/primitives';
import { normalizeDocumentNumber } from '../../domain/identity/normalize';
import { planBody, bodyMutations } from './mutate';
import { badCheckCitizenId, badCheckUscc, badCitizenId, badDate, badMoney, badRateBp, badUscc, fullWidth } from './values';

const today = '2026-11-26';

describe('fuzz values', () => {
  it('makes citizen ID numbers that GB 11643 refuses, before and after normalization', () => {
    fc.assert(
      fc.property(badCitizenId, (id) => {
        expect(checkCitizenId(normalizeDocumentNumber(id), today).valid).toBe(false);
      }),
      { numRuns: 2_000, seed: 11643 },
    );
  });

  it('changes only the check character of an otherwise valid number', () => {
    fc.assert(
      fc.property(badCheckCitizenId, (id) => {
        const errors = checkCitizenId(id, today).errors.map((e) => e.code);
        expect(errors).toEqual(['checksum']);
      }),
      { numRuns: 1_000, seed: 1 },
    );
    fc.assert(
      fc.property(badCheckUscc, (code) => {
        expect(isValidUscc(code)).toBe(false);
        expect(isValidUscc(normalizeDocumentNumber(fullWidth(code).toLowerCase()))).toBe(false);
      }),
      { numRuns: 1_000, seed: 2 },
    );
  });

  it('makes USCCs that GB 32100 refuses', () => {
    fc.assert(
      fc.property(badUscc, (code) => {
        expect(isValidUscc(normalizeDocumentNumber(code))).toBe(false);
      }),
      { numRuns: 2_000, seed: 32100 },
    );
  });

  it('makes dates, amounts and rates the form refuses', () => {
    fc.assert(
      fc.property(badDate, badMoney, badRateBp, (date, money, rate) => {
        expect(parseWithIssues(ZIsoDateSchema, date).success).toBe(false);
        expect(parseWithIssues(ZMoneyFen(1_000_000), money).success).toBe(false);
        expect(parseWithIssues(ZRateBpSchema, rate).success).toBe(false);
      }),
      { numRuns: 2_000, seed: 20 },
    );
  });

  it('plans only mutations its oracle refuses', () => {
    const oracle = (v: unknown) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
      const o = v as Record<string, unknown>;
      return Object.keys(o).every((k) => k === 'a' || k === 'b') && typeof o.a === 'string' && (o.b === undefined || typeof o.b === 'number');
    };
    const plan = planBody({ a: 'x', b: 1 }, oracle);
    expect(plan.drops).toEqual([['a']]); // b is optional
    expect(plan.extras).toEqual([[]]);
    fc.assert(
      fc.property(bodyMutations(plan), ({ body }) => {
        expect(oracle(body)).toBe(false);
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});
