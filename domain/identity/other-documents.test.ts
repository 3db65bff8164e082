import {
  checkDocument,
  checkForeignPermanentResidence,
  checkHkMacaoTravelPermit,
  checkPassport,
  checkTaiwanTravelPermit,
  isValidMobile,
  mod11_2CheckChar,
  NATIONALITY_LOOKUP,
  normalizeDocumentNumber,
  normalizeMobile,
} from '../index';

const TODAY = '2026-11-26';

describe('港澳居民来往内地通行证', () => {
  it.each([
    ['H12345678', true],
    ['M87654321', true],
    ['H1234567801', true], // with the 2-digit issue count
    ['H1234567', false],
    ['K12345678', false],
    ['H123456789', false],
  ])('%s → %s', (no, valid) => {
    expect(checkHkMacaoTravelPermit(no).valid).toBe(valid);
  });

  it('matches the letter to Hong Kong or Macao', () => {
    expect(checkDocument('hm_travel_permit', 'M12345678').errors.map((e) => e.code)).toEqual(['region_letter']);
    expect(checkDocument('mo_travel_permit', 'M12345678').valid).toBe(true);
  });
});

describe('台湾居民来往大陆通行证', () => {
  it('accepts the 8-digit card number', () => {
    expect(checkTaiwanTravelPermit('12345678')).toMatchObject({ valid: true, warnings: [] });
  });
  it.each(['1234567890', '12345678(1)', '12345678B'])('accepts legacy %s with a warning', (no) => {
    const check = checkTaiwanTravelPermit(no);
    expect(check.valid).toBe(true);
    expect(check.warnings.map((w) => w.code)).toEqual(['legacy']);
  });
  it.each(['1234567', 'A1234567', '123456789'])('refuses %s', (no) => {
    expect(checkTaiwanTravelPermit(no).valid).toBe(false);
  });
});

describe('外国人永久居留身份证', () => {
  const withCheck = (s: string) => s + mod11_2CheckChar(s);
  it('accepts the 2023 card and derives the birth date and nationality', () => {
    const no = withCheck('91184019800101123'); // Beijing-issued, USA (840)
    expect(checkForeignPermanentResidence(no, NATIONALITY_LOOKUP, TODAY)).toMatchObject({
      valid: true,
      birthDate: '1980-01-01',
      nationality: '840',
      warnings: [],
    });
  });
  it('refuses a 2023 card with a bad check character or date', () => {
    const good = withCheck('91184019800101123');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(checkForeignPermanentResidence(bad, NATIONALITY_LOOKUP, TODAY).errors.map((e) => e.code)).toEqual(['checksum']);
    expect(checkForeignPermanentResidence(withCheck('91184019801301123'), NATIONALITY_LOOKUP, TODAY).errors.map((e) => e.code)).toEqual(['birth_date']);
  });
  it('warns on an unknown nationality code', () => {
    const check = checkForeignPermanentResidence(withCheck('91199919800101123'), NATIONALITY_LOOKUP, TODAY);
    expect(check.valid).toBe(true);
    expect(check.warnings.map((w) => w.code)).toEqual(['nationality_unknown']);
  });
  it('accepts the older 15-character card with a warning that its check digit is not verified', () => {
    const check = checkForeignPermanentResidence('USA110801011234', NATIONALITY_LOOKUP, TODAY);
    expect(check.valid).toBe(true);
    expect(check.birthDate).toBeUndefined(); // 080101: 1908 or 2008, so not derived
    expect(check.warnings.map((w) => w.code)).toEqual(['legacy']);
  });
  it('derives the century of an old card where only one is possible', () => {
    expect(checkForeignPermanentResidence('CAN118001011234', NATIONALITY_LOOKUP, TODAY).birthDate).toBe('1980-01-01');
    expect(checkForeignPermanentResidence('CAN118002301234', NATIONALITY_LOOKUP, TODAY).errors.map((e) => e.code)).toEqual(['birth_date']);
  });
  it('refuses other shapes', () => {
    expect(checkForeignPermanentResidence('12345', NATIONALITY_LOOKUP, TODAY).errors.map((e) => e.code)).toEqual(['format']);
  });
});

describe('passport', () => {
  it('needs a plausible number and a known nationality', () => {
    expect(checkPassport('E12345678', '156', NATIONALITY_LOOKUP).valid).toBe(true);
    expect(checkPassport('X1234567', 'USA', NATIONALITY_LOOKUP).valid).toBe(true);
    expect(checkPassport('X1234567', undefined, NATIONALITY_LOOKUP).errors.map((e) => e.code)).toEqual(['nationality_required']);
    expect(checkPassport('X1234567', '999', NATIONALITY_LOOKUP).errors.map((e) => e.code)).toEqual(['nationality_unknown']);
    expect(checkPassport('AB1', '840', NATIONALITY_LOOKUP).errors.map((e) => e.code)).toEqual(['format']);
  });
});

describe('normalization', () => {
  it('turns what a Chinese keyboard types into the standard form', () => {
    expect(normalizeDocumentNumber(' １１０１０５ １９４９１２３１００２ｘ ')).toBe('11010519491231002X');
    expect(normalizeDocumentNumber('h1234-5678')).toBe('H12345678');
  });
});

describe('mainland mobile numbers', () => {
  it.each([
    ['13800471234', true],
    ['19912345678', true],
    ['16612345678', true],
    ['14512345678', true],
    ['12345678901', false],
    ['15412345678', false], // 154 is not allocated
    ['1380047123', false],
    ['+8613800471234', false], // normalize first
  ])('%s → %s', (no, valid) => {
    expect(isValidMobile(no)).toBe(valid);
  });
  it('strips +86, spaces and hyphens', () => {
    expect(normalizeMobile('+86 138-0047-1234')).toBe('13800471234');
    expect(normalizeMobile('００８６１３８００４７１２３４')).toBe('13800471234');
  });
});
