/** `npm run serve`: the API alone on a Node host, configured only by the environment. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { logger } from '../lib/logger';
import { parseServeEnv } from './serve-config';
import { startStack, type TStack } from './stack';

jest.setTimeout(60_000);

describe('serve settings', () => {
  it('has defaults for a plain host', () => {
    expect(parseServeEnv({})).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', SERVE_BACKGROUND: 'all', SERVE_DISPATCH_INTERVAL_MS: 250 });
  });
  it('names the wrong variable', () => {
    expect(() => parseServeEnv({ SERVE_BACKGROUND: 'some', PORT: '70000' })).toThrow(/SERVE_BACKGROUND[\s\S]*PORT|PORT[\s\S]*SERVE_BACKGROUND/);
  });
});

describe('a second API instance joining a stack', () => {
  let stack: TStack;
  beforeAll(async () => {
    logger.configure({ level: 'error', sink: () => undefined });
    stack = await startStack({}); // gateway (embedded backend) and simulators for the instance to use
  });
  afterAll(() => stack.close());

  it('answers the API from the environment alone, sharing the stack’s storage', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'serve.ts')], {
      env: { ...process.env, ...stack.envSource, PORT: '0', SERVE_BACKGROUND: 'none', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      // log in on the instance; the session it issues is valid on the stack (same secret, same storage)
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'serve-test-user' }) });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const me = await fetch(`${stack.baseUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      // the instance serves the API only: no simulators, no gateway, no app
      expect((await fetch(`${url}/sim/wechat/_control`)).status).toBe(404);
      expect((await fetch(`${url}/_redis`, { method: 'POST' })).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses to start without the app’s environment, naming what is missing', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'serve.ts')], {
      env: { PATH: process.env.PATH, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('UPSTASH_REDIS_REST_URL');
    expect(err).toContain('SESSION_SECRET');
  });
});
