import fc from 'fast-check';
import { checkCitizenId, checkGb11643, checkHmtResidencePermit, isValidCitizenId, mod11_2CheckChar } from '../index';

const withCheck = (first17: string) => first17 + mod11_2CheckChar(first17);

describe('GB 11643 citizen identity number', () => {
  it('accepts the examples in the standard’s annex', () => {
    // GB 11643-1999 附录A examples
    expect(isValidCitizenId('11010519491231002X')).toBe(true);
    expect(isValidCitizenId('440524188001010014')).toBe(true);
  });

  it('derives birth date, sex and region', () => {
    expect(checkGb11643('11010519491231002X', '2026-11-26')).toMatchObject({
      valid: true,
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
      regionName: '北京市朝阳区',
      warnings: [],
    });
    expect(checkGb11643(withCheck('15030219950315123'), '2026-11-26')).toMatchObject({
      valid: true,
      sex: 'male',
      birthDate: '1995-03-15',
      regionName: '内蒙古自治区乌海市海勃湾区',
    });
  });

  it('treats an abolished county code as a warning, not an error', () => {
    // 440524 潮阳县 no longer exists; the annex example still carries it
    const check = checkGb11643('440524188001010014', '2026-11-26');
    expect(check.valid).toBe(true);
    expect(check.warnings.map((w) => w.code)).toEqual(['address_unknown']);
  });

  it.each([
    ['11010519491231002x', 'format'], // lower-case x is not the standard's form (the form normalizes it)
    ['11010519491231002', 'format'],
    ['1101051949123100200', 'format'],
    ['11010519491231002Y', 'format'],
    ['110105194912310021', 'checksum'],
    [withCheck('99010519900101123'), 'province'], // 99 is no province
    [withCheck('71010019900101123'), 'province'], // Taiwan's GB/T 2260 code is not an ID prefix
    [withCheck('11010519900230123'), 'birth_date'], // 30 February
    [withCheck('11010517990101123'), 'birth_date'], // before 1800
    [withCheck('11010520991231123'), 'birth_future'],
    [withCheck('81000119900101123'), 'address'], // HK permits use exactly 810000
  ])('refuses %s (%s)', (id, code) => {
    const check = checkGb11643(id, '2026-11-26');
    expect(check.valid).toBe(false);
    expect(check.errors.map((e) => e.code)).toContain(code);
    expect(isValidCitizenId(id)).toBe(false);
    for (const e of check.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('accepts today as a birth date but not tomorrow', () => {
    expect(checkGb11643(withCheck('15030220261126123'), '2026-11-26').valid).toBe(true);
    expect(checkGb11643(withCheck('15030220261127123'), '2026-11-26').valid).toBe(false);
  });

  it('tells a residence-permit number apart from a citizen ID', () => {
    const hk = withCheck('81000019900101123');
    expect(isValidCitizenId(hk)).toBe(true); // it is a valid GB 11643 number
    expect(checkCitizenId(hk, '2026-11-26').errors.map((e) => e.code)).toEqual(['is_residence_permit']);
    expect(checkHmtResidencePermit(hk, '2026-11-26')).toMatchObject({ valid: true, regionName: '香港', sex: 'male' });
    expect(checkHmtResidencePermit(withCheck('83000019900101124'), '2026-11-26')).toMatchObject({ valid: true, regionName: '台湾', sex: 'female' });
    expect(checkHmtResidencePermit(withCheck('15030219900101123'), '2026-11-26').errors.map((e) => e.code)).toEqual(['address']);
  });
});

// ── Properties ──────────────────────────────────────────────────────────────

const PROVINCE_COUNTIES = ['110105', '150302', '150303', '150304', '310115', '440305', '650102', '540102'];
const arbValidId = fc
  .record({
    address: fc.constantFrom(...PROVINCE_COUNTIES),
    birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-11-26T00:00:00Z'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ address, birth, seq }) => withCheck(address + birth.toISOString().slice(0, 10).replace(/-/g, '') + String(seq).padStart(3, '0')));

describe('GB 11643 properties', () => {
  it('a generated valid number validates', () => {
    fc.assert(fc.property(arbValidId, (id) => isValidCitizenId(id)), { numRuns: 2000 });
  });

  it('any one-character change does not validate', () => {
    const alphabet = '0123456789X';
    fc.assert(
      fc.property(arbValidId, fc.nat(17), fc.constantFrom(...alphabet), (id, pos, ch) => {
        fc.pre(id[pos] !== ch);
        const changed = id.slice(0, pos) + ch + id.slice(pos + 1);
        return !isValidCitizenId(changed);
      }),
      { numRuns: 5000 },
    );
  });

  it('the sex digit decides the derived sex', () => {
    fc.assert(
      fc.property(arbValidId, (id) => checkGb11643(id).sex === (Number(id[16]) % 2 === 1 ? 'male' : 'female')),
      { numRuns: 500 },
    );
  });
});
