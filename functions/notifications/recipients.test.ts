/**
 * Who hears an HR notification, on both backends: the filer while still an
 * active contact of the enterprise; once revoked or moved, the enterprise's
 * active contacts instead (never the former contact); for a window filing,
 * the active contacts only.
 */
import { ITEM_CATALOG } from '../../domain';
import { ApplicationStore, type TStoredApplication } from '../applications/store';
import type { TDeps } from '../deps';
import { startTestStore, type TTestStore } from '../storage/testing';
import { memoryLedger } from '../../tests/fixtures/memory-ledger';
import type { TNotification } from './milestones';
import { deliverNotification } from './notify';

const TEMPLATES = { progress: 'tplProgress001', done: 'tplDone00001', correction: 'tplCorrect01', cardProgress: 'tplCard00001' };
const NOW = new Date('2026-11-26T02:00:00Z');
const USCC = '91150302MA0N1A2B37';

describe.each(['memory', 'redis'] as const)('HR recipients on %s', (backend) => {
  let s: TTestStore;
  let deps: TDeps;
  let store: ApplicationStore;
  beforeAll(async () => {
    s = await startTestStore({ backend });
    store = new ApplicationStore(s.redis, s.prefix, () => NOW);
    deps = {
      redis: s.redis,
      prefix: s.prefix,
      store,
      now: () => NOW,
      subscribeTemplates: TEMPLATES,
      miniprogramState: 'developer',
      ledger: memoryLedger(),
      keys: { encryptionKey: Buffer.alloc(32, 1), hmacKey: Buffer.alloc(32, 2) },
      queue: { publish: async () => undefined, publishMany: async () => undefined },
      wechat: { sendSubscribeMessage: async () => ({ ok: true, msgid: 'm' }) },
    } as unknown as TDeps;
  });
  afterAll(() => s.close());

  const member = (sub: string, status: string) => s.redis.hset(`${s.prefix}ent:${USCC}:members`, { [sub]: JSON.stringify({ status }) });
  async function filed(id: string, filedBy: string, window = false): Promise<TStoredApplication> {
    const app: TStoredApplication = {
      id: `${backend}-${id}`,
      uscc: USCC,
      enterpriseName: '示例',
      filedBy,
      ...(window ? { onBehalfOf: { uscc: USCC, channel: 'window' as const } } : {}),
      filedAt: NOW.toISOString(),
      filedOn: '2026-11-26',
      personIdHmac: `h-${id}`,
      maskedDocumentNumber: '150***********0020',
      application: { employee: { documentNumber: 'v1.x', name: '测试员工甲' } } as never,
      variants: {},
      dueDates: Object.fromEntries(ITEM_CATALOG.map((i) => [i.code, []])) as never,
    };
    await store.create(app, `key-${app.id}`, 'h');
    return app;
  }
  const note = (app: TStoredApplication, n: number): TNotification => ({
    id: `${app.id}:n${n}`,
    applicationId: app.id,
    audience: 'hr',
    template: 'progress',
    milestones: [],
    title: '已受理',
    body: '测试',
    values: {},
    page: 'p',
    at: NOW.toISOString(),
  });
  const heard = async (app: TStoredApplication, n: number) => Object.keys(await deliverNotification(deps, note(app, n))).sort();

  it('tells the filer while they are an active contact, the active contacts once they are not', async () => {
    const [filer, other, gone] = [`f-${backend}`, `o-${backend}`, `g-${backend}`];
    await Promise.all([member(filer, 'active'), member(other, 'active'), member(gone, 'revoked')]);
    const app = await filed('R1', filer);
    expect(await heard(app, 1)).toEqual([filer]);
    await member(filer, 'revoked');
    expect(await heard(app, 2)).toEqual([other]);
    await member(filer, 'moved');
    expect(await heard(app, 3)).toEqual([other]);
  });

  it('tells only the active contacts of a window filing, never the clerk', async () => {
    const app = await filed('W1', 'clerk:clerk01', true);
    expect(await heard(app, 1)).toEqual([`o-${backend}`]);
  });

  it('still tells the filer of a filing without a membership on record', async () => {
    const app = await filed('L1', `legacy-${backend}`);
    expect(await heard(app, 1)).toEqual([`legacy-${backend}`]);
  });
});
