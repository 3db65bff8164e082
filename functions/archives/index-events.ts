/**
 * The archives' index of the ledger by subject, so 一户一档 and 一人一档 find
 * an enterprise's or a person's entries without reading the whole log:
 *
 *   archive:ent:{uscc}        ZSET  ledger index → index (member = the index as text)
 *   archive:person:{idHmac}   ZSET  ledger index → index
 *
 * Whoever appends to the ledger calls `indexLedgerEvents` with what was
 * appended (the indexes `append` answered and the events). It is idempotent:
 * indexing the same entries again changes nothing, so a retried append may
 * call it again. An event that names only its application (no uscc or
 * person) is filed under the application's enterprise and person, read in
 * one round trip for the whole batch.
 */
import type { TDeps } from '../deps';
import type { TLedgerEvent } from '../ledger/port';

export const archiveEnterpriseKey = (deps: Pick<TDeps, 'prefix'>, uscc: string) => `${deps.prefix}archive:ent:${uscc}`;
export const archivePersonKey = (deps: Pick<TDeps, 'prefix'>, idHmac: string) => `${deps.prefix}archive:person:${idHmac}`;

export async function indexLedgerEvents(deps: Pick<TDeps, 'redis' | 'prefix' | 'store'>, appended: { index: number; event: TLedgerEvent }[]): Promise<void> {
  const valid = appended.filter((a) => Number.isInteger(a.index) && a.index >= 0 && a.event);
  if (!valid.length) return;
  // Events that name an application but not both its enterprise and person: look the application up.
  const missing = [...new Set(valid.filter((a) => a.event.subject?.applicationId && (!a.event.subject.uscc || !a.event.subject.personIdHmac)).map((a) => a.event.subject.applicationId!))];
  const apps = new Map((await deps.store.getMany(missing)).map((app) => [app.id, app]));
  const pipe = deps.redis.pipeline();
  let commands = 0;
  for (const { index, event } of valid) {
    const s = event.subject ?? {};
    const app = s.applicationId ? apps.get(s.applicationId) : undefined;
    const uscc = s.uscc ?? app?.uscc;
    const person = s.personIdHmac ?? app?.personIdHmac;
    if (uscc) {
      pipe.zadd(archiveEnterpriseKey(deps, uscc), { score: index, member: String(index) });
      commands += 1;
    }
    if (person) {
      pipe.zadd(archivePersonKey(deps, person), { score: index, member: String(index) });
      commands += 1;
    }
  }
  if (commands) await pipe.exec();
}
