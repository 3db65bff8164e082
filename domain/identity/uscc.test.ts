import fc from 'fast-check';
import { checkUscc, isValidUscc, USCC_CHARSET, usccCheckChar } from '../index';

describe('GB 32100 unified social credit code', () => {
  // Public codes, as printed on business licences and the national enterprise credit system.
  it.each([
    ['9144030071526726XG', '腾讯科技（深圳）有限公司'],
    ['914403001922038216', '华为技术有限公司'],
    ['91110108551385082Q', '小米科技有限责任公司'],
    ['91330100716105852F', '阿里巴巴（中国）有限公司'],
    ['91350100M000100Y43', 'GB 32100 编码示例（福州）'],
  ])('accepts %s (%s)', (code) => {
    expect(isValidUscc(code)).toBe(true);
    expect(checkUscc(code)).toMatchObject({ valid: true, warnings: [] });
  });

  it('reads the registration region', () => {
    expect(checkUscc('91110108551385082Q')).toMatchObject({ regionCode: '110108', regionName: '北京市海淀区' });
  });

  it.each([
    ['91110108551385082R', 'checksum'],
    ['91110108551385082', 'length'],
    ['91110108551385O82Q', 'charset'], // letter O is not in the set
    ['9111010855138508 Q', 'charset'],
    ['', 'length'],
  ])('refuses %s (%s)', (code, rule) => {
    const check = checkUscc(code);
    expect(check.valid).toBe(false);
    expect(check.errors.map((e) => e.code)).toEqual([rule]);
    expect(isValidUscc(code)).toBe(false);
  });

  it('says that I, O, S, V and Z are not used', () => {
    expect(checkUscc('91110108551385O82Q').errors[0]!.message).toBe('统一社会信用代码不使用字母O，请核对（易与数字混淆）');
  });

  it('computes 31 → 0 for the check character', () => {
    // Find a prefix whose weighted sum is ≡ 0 (mod 31): its check character must be '0'.
    const prefix = '91150302MA0000000';
    const c = usccCheckChar(prefix)!;
    expect(USCC_CHARSET).toContain(c);
    expect(isValidUscc(prefix + c)).toBe(true);
  });

  const arbUscc = fc
    .array(fc.constantFrom(...USCC_CHARSET), { minLength: 17, maxLength: 17 })
    .map((chars) => chars.join(''))
    .map((first17) => first17 + usccCheckChar(first17));

  it('a generated code with its check character validates', () => {
    fc.assert(fc.property(arbUscc, (code) => isValidUscc(code)), { numRuns: 2000 });
  });

  it('any one-character change does not validate', () => {
    fc.assert(
      fc.property(arbUscc, fc.nat(17), fc.constantFrom(...USCC_CHARSET, 'I', 'O', 'Z', 'a'), (code, pos, ch) => {
        fc.pre(code[pos] !== ch);
        return !isValidUscc(code.slice(0, pos) + ch + code.slice(pos + 1));
      }),
      { numRuns: 5000 },
    );
  });
});
