import { maskIdentityNumbersInText, maskIdNumber, maskName, maskPhone } from '../index';

describe('masking personal data', () => {
  it('hides the birth date of an ID number', () => {
    expect(maskIdNumber('150302199503150020')).toBe('150***********0020');
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
    expect(maskIdNumber('H12345678')).toBe('*******78');
    expect(maskIdNumber('150302199503150020')).not.toContain('19950315');
  });
  it('masks phones and names', () => {
    expect(maskPhone('13800471234')).toBe('138****1234');
    expect(maskName('测试员工甲')).toBe('测***甲');
    expect(maskName('王五')).toBe('*五');
  });
  it('masks numbers inside free text and JSON', () => {
    const line = JSON.stringify({ id: '150302199503150020', phone: '13800471234', uscc: '91150302MA0N1A2B37', n: 12345678901234567890 });
    const masked = maskIdentityNumbersInText(line);
    expect(masked).not.toContain('19950315');
    expect(masked).toContain('12345678901234567000'); // a longer digit run is not an ID
    expect(masked).toContain('150***********0020');
    expect(masked).toContain('138****1234');
    expect(masked).toContain('91150302MA0N1A2B37'); // a credit code is public
  });
});
