/**
 * The person's access log (`person:{idHmac}:access`, LIST, newest first,
 * latest 1,000 — the auto-fill module writes its lookups there) also records
 * when someone else opens the person's data: an HR contact or a clerk
 * opening the hire record or the ID photos, a terminal scanning the e-card.
 * An open is written once per viewer, record and purpose per hour, so
 * refreshing a page does not flood the log, and then also goes into the
 * ledger as `record.opened`:
 *
 *   access:seen:{idHmac}:{viewer sha256/16}:{record}:{purpose}   STRING  1 h
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from '@upstash/redis';
import { actorLabel, type TPrincipal } from '../auth/principal';
import { ACCESS_LOG_LIMIT } from '../autofill/autofill-person';
import type { TDeps } from '../deps';
import { recordEvents } from '../ledger/events';

export const OPEN_DEDUP_SECONDS = 3600;

/**
 * KEYS: 1 dedup marker, 2 access log.
 * ARGV: 1 marker TTL s, 2 entry (JSON), 3 last index kept.
 * Returns 1 written · 0 already written within the hour.
 */
export const RECORD_OPEN_LUA = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', tonumber(ARGV[1])) then
  redis.call('LPUSH', KEYS[2], ARGV[2])
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]))
  return 1
end
return 0
`;

const scripts = new WeakMap<Redis, ReturnType<Redis['createScript']>>();
function script(redis: Redis) {
  let s = scripts.get(redis);
  if (!s) scripts.set(redis, (s = redis.createScript<number>(RECORD_OPEN_LUA)));
  return s;
}

export type TOpenPurpose = '查看录用记录' | '查看身份证件照片' | '查看劳动合同扫描件' | '扫码核验电子社保卡';

/**
 * Records that `actor` opened the person's data (once per hour per viewer,
 * record and purpose): in the access log and, when written, in the ledger
 * (`record.opened`, the same event id in both).
 */
export async function recordOpen(
  deps: Pick<TDeps, 'redis' | 'prefix' | 'now' | 'ledger' | 'queue' | 'store'>,
  idHmac: string,
  open: { actor: string; enterprise?: string; purpose: TOpenPurpose; record: string; applicationId?: string },
): Promise<boolean> {
  const viewer = createHash('sha256').update(open.actor).digest('base64url').slice(0, 16);
  const purpose = createHash('sha256').update(open.purpose).digest('base64url').slice(0, 6);
  const at = deps.now().toISOString();
  const eventId = `open:${randomUUID()}`;
  const entry = {
    at,
    actor: open.actor,
    ...(open.enterprise ? { enterprise: open.enterprise } : {}),
    purpose: open.purpose,
    ...(open.applicationId ? { applicationId: open.applicationId } : {}),
    eventId,
  };
  const written =
    Number(
      await script(deps.redis).exec(
        [`${deps.prefix}access:seen:${idHmac}:${viewer}:${open.record}:${purpose}`, `${deps.prefix}person:${idHmac}:access`],
        [String(OPEN_DEDUP_SECONDS), JSON.stringify(entry), String(ACCESS_LOG_LIMIT - 1)],
      ),
    ) === 1;
  if (written && deps.ledger) {
    await recordEvents(deps, [
      {
        id: eventId,
        type: 'record.opened',
        at,
        actor: open.actor,
        subject: { personIdHmac: idHmac, ...(open.enterprise ? { uscc: open.enterprise } : {}), ...(open.applicationId ? { applicationId: open.applicationId } : {}) },
        data: { purpose: open.purpose },
      },
    ]);
  }
  return written;
}

/** An open by someone other than the person (the person's own opens are not logged). */
export async function recordOpenBy(
  deps: Pick<TDeps, 'redis' | 'prefix' | 'now' | 'ledger' | 'queue' | 'store'>,
  p: TPrincipal,
  idHmac: string,
  open: { purpose: TOpenPurpose; record: string; applicationId?: string },
): Promise<void> {
  if (p.employee?.idHmac === idHmac) return; // the person's own data
  await recordOpen(deps, idHmac, { actor: actorLabel(p), ...(p.hr && !p.clerk ? { enterprise: p.hr.uscc } : {}), ...open });
}
