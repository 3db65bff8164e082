import { encodeReply } from './encoding';

const b64 = (s: string | Buffer) => Buffer.from(s as string).toString('base64');

describe('encodeReply', () => {
  test('base64: strings and bytes are base64, recursively; integers and nil are not', () => {
    expect(encodeReply(['社保', Buffer.from('🎉'), 42, null, [['OK', -1]]], 'base64')).toEqual([b64('社保'), b64('🎉'), 42, null, [[b64('OK'), -1]]]);
  });

  test('base64: a top-level OK (string or bytes) is left alone; an empty string is ""', () => {
    expect(encodeReply('OK', 'base64')).toBe('OK');
    expect(encodeReply(Buffer.from('OK'), 'base64')).toBe('OK');
    expect(encodeReply('', 'base64')).toBe('');
    expect(encodeReply('OKAY', 'base64')).toBe(b64('OKAY'));
  });

  test('base64 carries bytes that are not UTF-8 exactly', () => {
    expect(encodeReply(Buffer.from([0xe5, 0xbc]), 'base64')).toBe('5bw=');
  });

  test('none: bytes become UTF-8 text', () => {
    expect(encodeReply([Buffer.from('张三'), 'x', 1, null], 'none')).toEqual(['张三', 'x', 1, null]);
    expect(encodeReply(Buffer.from([0xe5, 0xbc]), 'none')).toBe('\ufffd');
  });
});
