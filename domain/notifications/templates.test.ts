import { cutText, FIELD_LIMITS, TEMPLATE_FIELDS, templateData, templateFieldValue, wechatTime } from './templates';

describe("subscribe-message data within WeChat's limits", () => {
  it('cuts a long thing to 20 characters cleanly, counting characters not bytes', () => {
    const name = '乌海市海勃湾区示例能源有限公司关于新录用员工的入职一件事办理';
    const v = templateFieldValue('thing', name);
    expect(Array.from(v)).toHaveLength(FIELD_LIMITS.thing);
    expect(v.endsWith('…')).toBe(true);
    expect(templateFieldValue('thing', '入职一件事·测***甲')).toBe('入职一件事·测***甲');
    expect(cutText('😀'.repeat(30), 20)).toBe(`${'😀'.repeat(19)}…`); // never half a surrogate pair
  });

  it('keeps a phrase to 5 Chinese characters and refuses anything else (it would be a 47003)', () => {
    expect(templateFieldValue('phrase', '领卡未激活')).toBe('领卡未激活');
    expect(templateFieldValue('phrase', '已受理')).toBe('已受理');
    expect(() => templateFieldValue('phrase', 'done')).toThrow(/Chinese/);
    expect(() => templateFieldValue('phrase', '已办结!')).toThrow(/Chinese/);
  });

  it('formats times in Beijing time as WeChat expects', () => {
    expect(wechatTime(new Date('2026-11-26T02:05:00Z'))).toBe('2026年11月26日 10:05');
    expect(templateFieldValue('date', new Date('2026-12-31T17:00:00Z'))).toBe('2027年01月01日');
    expect(() => templateFieldValue('time', '2026-11-26 10:05')).toThrow();
    expect(() => templateFieldValue('character_string', '申请号')).toThrow();
    expect(templateFieldValue('character_string', 'HO20261126' + 'X'.repeat(40))).toHaveLength(32);
  });

  it('builds every template from its field keys, and names a missing field', () => {
    for (const [template, fields] of Object.entries(TEMPLATE_FIELDS)) {
      const values = Object.fromEntries(fields.map((f) => [f.key, f.type === 'time' ? new Date('2026-11-26T02:00:00Z') : f.type === 'phrase' ? '办理中' : '测试']));
      const data = templateData(template as keyof typeof TEMPLATE_FIELDS, values);
      expect(Object.keys(data)).toEqual(fields.map((f) => f.key));
    }
    expect(() => templateData('done', { thing1: 'x' })).toThrow(/办结时间|办理结果/);
  });
});
