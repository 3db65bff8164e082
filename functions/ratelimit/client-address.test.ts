import { clientAddress } from './client-address';

const req = (socket: string | undefined, forwarded?: string | string[]) => ({ headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }, socket: { remoteAddress: socket } });

describe('the caller address the per-address limits count', () => {
  it.each([
    ['the socket, with no proxy trusted', req('192.0.2.1', '203.0.113.5'), 0, '192.0.2.1'],
    ['IPv4-mapped IPv6 as IPv4', req('::ffff:127.0.0.1'), 0, '127.0.0.1'],
    ['IPv6 per /64', req('2001:db8:1:2:3:4:5:6'), 0, '2001:db8:1:2::/64'],
    ['IPv6 shorthand per /64', req('2001:db8::1'), 0, '2001:db8:0:0::/64'],
    ['IPv6 loopback', req('::1'), 0, '0:0:0:0::/64'],
    ['behind one proxy: the entry it appended', req('10.0.0.1', 'forged-by-client, 203.0.113.5'), 1, '203.0.113.5'],
    ['behind two proxies', req('10.0.0.1', '198.51.100.1, 203.0.113.5, 10.0.0.9'), 2, '203.0.113.5'],
    ['a repeated header counts as one list', req('10.0.0.1', ['198.51.100.1', '203.0.113.5']), 1, '203.0.113.5'],
    ['bracketed IPv6 with a port', req('10.0.0.1', '[2001:db8:a:b::1]:443'), 1, '2001:db8:a:b::/64'],
    ['IPv4 with a port', req('10.0.0.1', '203.0.113.5:51234'), 1, '203.0.113.5'],
    ['more hops than entries: the leftmost', req('10.0.0.1'), 3, '10.0.0.1'],
    ['garbage in the trusted slot', req('10.0.0.1', 'not-an-ip'), 1, 'unknown'],
    ['no address at all', req(undefined), 0, 'unknown'],
  ])('%s', (_, request, hops, expected) => {
    expect(clientAddress(request, hops)).toBe(expected);
  });
});
