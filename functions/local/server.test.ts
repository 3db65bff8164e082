/** The local server (npm start, npm run serve) answers what Node refuses before any handler, in our error shape. */
import net from 'node:net';
import { createLocalServer, listen } from './server';

function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('requests Node refuses', () => {
  const server = createLocalServer({ loadHandler: async () => async (_req, res) => void res.status(200).json({ ok: true }) });
  let port: number;
  beforeAll(async () => {
    port = await listen(server, 0, '127.0.0.1');
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('a head over 16 KB is 431 with a Chinese message', async () => {
    const reply = await raw(port, `GET /api/health?q=${'x'.repeat(20_000)} HTTP/1.1\r\nhost: x\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1.1 431 /);
    const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4));
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.message).toContain('请求头过大');
  });

  it('a malformed request line is 400 in the same shape', async () => {
    const reply = await raw(port, 'NOT A REQUEST\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1.1 400 /);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)).error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('normal requests are unaffected', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(res.status).toBe(200);
  });
});
