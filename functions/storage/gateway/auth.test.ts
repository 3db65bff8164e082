import { createBearerCheck } from './auth';

test('accepts exactly `Bearer <token>`', () => {
  const check = createBearerCheck('s3cret-token-0123456789');
  expect(check('Bearer s3cret-token-0123456789')).toBe(true);
  expect(check('Bearer s3cret-token-012345678')).toBe(false);
  expect(check('Bearer s3cret-token-01234567890')).toBe(false);
  expect(check('bearer s3cret-token-0123456789')).toBe(false);
  expect(check('s3cret-token-0123456789')).toBe(false);
  expect(check('Bearer ')).toBe(false);
  expect(check(undefined)).toBe(false);
});

test('an empty token is a configuration error', () => {
  expect(() => createBearerCheck('')).toThrow(TypeError);
});
