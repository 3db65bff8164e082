import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { matchRoute, ROUTES } from './routes';
import { vercelConfig } from '../scripts/vercel-config';

describe('routes', () => {
  it('has a handler file for every route', () => {
    for (const r of ROUTES) expect([r.handler, existsSync(path.join(__dirname, 'api', `${r.handler}.ts`))]).toEqual([r.handler, true]);
  });

  it('matches paths and decodes parameters', () => {
    expect(matchRoute('/api/applications/HO1/items/pension_insurance/correction')).toMatchObject({
      route: { handler: 'applications/correction' },
      params: { id: 'HO1', code: 'pension_insurance' },
    });
    expect(matchRoute('/api/applications/')?.route.handler).toBe('applications/index');
    expect(matchRoute('/api/applications/a%2Fb')?.params).toEqual({ id: 'a/b' });
    expect(matchRoute('/api/applications/%E0%A4%A')).toBeUndefined();
    expect(matchRoute('/api/nope')).toBeUndefined();
  });

  it('vercel.json is generated from the route table (run `npm run vercel:config`)', () => {
    const onDisk = JSON.parse(readFileSync(path.join(__dirname, '..', 'vercel.json'), 'utf8'));
    expect(onDisk).toEqual(vercelConfig());
  });
});
