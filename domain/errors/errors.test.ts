import { z } from 'zod';
import { AppError, APP_ERROR_CODES, CalendarDataMissingError, parseWithIssues, ZAppErrorBodySchema, ZAppErrorCodeSchema, zhErrorMap } from '../index';

describe('AppError', () => {
  it('has one HTTP status and a retry flag for every code', () => {
    expect(Object.keys(APP_ERROR_CODES).sort()).toEqual([...ZAppErrorCodeSchema.options].sort());
    for (const info of Object.values(APP_ERROR_CODES)) {
      expect(info.status).toBeGreaterThanOrEqual(400);
      expect(info.status).toBeLessThan(600);
      expect(info.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(new AppError('VALIDATION_FAILED').status).toBe(422);
    expect(new AppError('STORAGE_UNAVAILABLE').retryable).toBe(true);
    expect(new AppError('FORBIDDEN').retryable).toBe(false);
  });

  it('serializes to a body the client can parse', () => {
    const err = new AppError('VALIDATION_FAILED', { issues: [{ path: ['employee', 'phone'], code: 'custom', message: '请填写11位中国大陆手机号码' }] });
    const body = ZAppErrorBodySchema.parse(err.toBody());
    expect(body.error).toEqual({
      code: 'VALIDATION_FAILED',
      message: '填写的内容有误，请按提示修改',
      retryable: false,
      fields: [{ path: ['employee', 'phone'], code: 'custom', message: '请填写11位中国大陆手机号码' }],
    });
    expect(new AppError('RATE_LIMITED', { retryAfterSeconds: 30 }).toBody().error.retryAfterSeconds).toBe(30);
  });

  it('wraps unknown errors as INTERNAL and a missing calendar as RULE_DATA_MISSING', () => {
    expect(AppError.from(new Error('boom')).code).toBe('INTERNAL');
    expect(AppError.from(new CalendarDataMissingError(2027))).toMatchObject({ code: 'RULE_DATA_MISSING', message: expect.stringContaining('2027') });
    const e = new AppError('CONFLICT');
    expect(AppError.from(e)).toBe(e);
  });
});

describe('Chinese messages for zod issues', () => {
  const schema = z.strictObject({
    name: z.string().min(2),
    age: z.number().int().max(150),
    tags: z.array(z.string()).min(1),
    kind: z.enum(['a', 'b']),
  });
  it.each([
    [{}, ['name'], '此项为必填项'],
    [{ name: 5 }, ['name'], '应为文字，实际填写的是数字'],
    [{ name: 'x' }, ['name'], '至少2个字'],
    [{ age: 1.5 }, ['age'], '应为整数，实际填写的是数字'],
    [{ age: 151 }, ['age'], '不能大于150'],
    [{ tags: [] }, ['tags'], '至少选择1项'],
    [{ kind: 'c' }, ['kind'], '请从可选项中选择'],
    [{ extra: 1 }, [], '表单中没有以下字段：extra'],
  ])('%j → %j %s', (input, path, message) => {
    const r = parseWithIssues(schema, input);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.issues).toContainEqual(expect.objectContaining({ path, message }));
  });

  it('keeps a message written on the schema', () => {
    const r = z.string({ error: '自定义' }).safeParse(1, { error: zhErrorMap });
    expect(r.error?.issues[0]?.message).toBe('自定义');
  });
});
