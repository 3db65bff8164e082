import { allItemsAccepted, idPhotoDueAt, ID_PHOTO_RETENTION_DAYS, isItemAccepted, type TAcceptanceInput } from './retention';
import { ruleAt } from '../rules/effective';

const dept = (state: string) => ({ state, actor: 'department:hrss' });
const item = (state: TAcceptanceInput['state'], ...history: { state: string; actor: string }[]): TAcceptanceInput => ({ state, history: [{ state: 'submitted', actor: 'hr:abc' }, ...history] });

describe('accepted (已受理)', () => {
  it.each<[string, TAcceptanceInput, boolean]>([
    ['done by the department', item('done', dept('done')), true],
    ['a stage the department reported (the card being made)', item('processing', dept('processing')), true],
    ['not reached yet', item('submitted'), false],
    ['processing because the department was down', item('processing', { state: 'processing', actor: 'system' }), false],
    ['a 补正 sent, the department has not answered', item('processing', dept('processing'), dept('needs_correction'), { state: 'processing', actor: 'hr:abc' }), false],
    ['a 补正 sent by a window clerk', item('processing', dept('needs_correction'), { state: 'processing', actor: 'clerk:c01' }), false],
    ['the department asks for a 补正', item('needs_correction', dept('needs_correction')), false],
    ['不予受理', item('rejected', dept('rejected')), false],
    ['processing with no history at all', { state: 'processing', history: [] }, false],
  ])('%s → %s', (_, input, expected) => {
    expect(isItemAccepted(input)).toBe(expected);
  });

  it('needs every item, and at least one', () => {
    const ok = item('done', dept('done'));
    expect(allItemsAccepted([ok, item('processing', dept('processing'))])).toBe(true);
    expect(allItemsAccepted([ok, item('submitted')])).toBe(false);
    expect(allItemsAccepted([])).toBe(false);
  });
});

describe('the retention', () => {
  it('has a sourced default in force, not verified against a fixed number (the law fixes none)', () => {
    const row = ruleAt('ID photo retention', ID_PHOTO_RETENTION_DAYS, '2026-11-26');
    expect(row.value).toBe(7);
    expect(row.source.title).toContain('个人信息保护法');
    expect(row.verified).toBe(false);
  });

  it('counts whole days from acceptance; 0 is at once', () => {
    const t = Date.UTC(2026, 10, 26, 8);
    expect(idPhotoDueAt(t, 0)).toBe(t);
    expect(idPhotoDueAt(t, 7)).toBe(Date.UTC(2026, 11, 3, 8));
  });
});
