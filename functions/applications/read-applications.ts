/** Reading applications: HR sees their enterprise's, an employee their own, a clerk any. */
import { z } from 'zod';
import { AppError, ITEM_CATALOG } from '../../domain';
import { requireEmployee, type TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { recordOpenBy } from '../archives/access';
import { withPhotoDeletions } from '../retention/id-photos';
import { toApplicationView } from './file-application';

export const ZListQuerySchema = z.object({
  limit: z.coerce.number({ error: 'limit 应为数字' }).int().min(1).max(50).default(20),
  cursor: z.coerce.number({ error: 'cursor 应为数字' }).int().min(0).optional(),
});

export async function listEnterpriseApplications(deps: TDeps, p: TPrincipal, query: z.infer<typeof ZListQuerySchema>, uscc?: string) {
  if (p.clerk && !uscc) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: ['query', 'uscc'], code: 'required', message: '窗口人员请填写要查询的企业统一社会信用代码' }] });
  }
  const owner = p.clerk ? uscc : p.hr?.uscc;
  if (!owner) throw new AppError('FORBIDDEN', { message: '请先通过电子营业执照授权绑定企业' });
  const page = await deps.store.listIds('ent', owner, query.limit, query.cursor);
  return summaries(deps, page);
}

export async function listMyRecords(deps: TDeps, p: TPrincipal, query: z.infer<typeof ZListQuerySchema>) {
  const employee = requireEmployee(p);
  const page = await deps.store.listIds('person', employee.idHmac, query.limit, query.cursor);
  return summaries(deps, page);
}

async function summaries(deps: TDeps, page: { ids: string[]; next?: number }) {
  const [apps, states] = await Promise.all([deps.store.getMany(page.ids), deps.store.states(page.ids)]);
  return {
    items: apps.map((a) => ({
      id: a.id,
      enterpriseName: a.enterpriseName,
      employee: { name: toApplicationView(a, []).employee.name, documentNumber: a.maskedDocumentNumber },
      filedAt: a.filedAt,
      states: states[a.id],
      done: ITEM_CATALOG.filter((i) => states[a.id]?.[i.code] === 'done').length,
      ...(a.onBehalfOf ? { channel: a.onBehalfOf.channel } : {}),
    })),
    ...(page.next !== undefined ? { nextCursor: page.next } : {}),
  };
}

export async function getApplication(deps: TDeps, p: TPrincipal, id: string) {
  const app = await deps.store.get(id);
  if (!app) throw new AppError('NOT_FOUND', { message: '申请不存在' });
  const allowed = p.clerk || p.hr?.uscc === app.uscc || p.employee?.idHmac === app.personIdHmac;
  if (!allowed) throw new AppError('FORBIDDEN', { message: '无权查看该申请' });
  // someone other than the person opening their record: written to the person's access log (once an hour)
  const [items] = await Promise.all([deps.store.items(app), recordOpenBy(deps, p, app.personIdHmac, { purpose: '查看录用记录', record: app.id, applicationId: app.id })]);
  // ID photos deleted after all items were accepted show as such (functions/retention)
  return withPhotoDeletions(deps, toApplicationView(app, items));
}
