/**
 * A correction (补正): the department asked for one item to be fixed. The HR
 * user changes the fields of that item; the application is validated again
 * as a whole, and only that item runs again — the others keep their results.
 */
import { z } from 'zod';
import { AppError, checkHire, localToday, ZApplicationSchema, ZItemCodeSchema, type TApplication } from '../../domain';
import { requireHr, type TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { validate } from '../lib/handler';
import { contractRecordedEvent, itemTransitionEvent } from '../ledger/events';
import type { TLedgerEvent } from '../ledger/port';
import { decryptApplication, runReadyItems } from './run-items';
import { filerActor, toApplicationView } from './file-application';
import type { TStoredApplication } from './store';
import { contractRecord } from '../materials/contract';

/** Sections a correction may change (identity fields are fixed: a different person is a new filing). */
export const ZCorrectionSchema = z.strictObject({
  changes: z.strictObject({
    employer: z.record(z.string(), z.unknown()).optional(),
    employee: z.record(z.string(), z.unknown()).optional(),
    employmentRegistration: z.record(z.string(), z.unknown()).optional(),
    insurance: z.record(z.string(), z.unknown()).optional(),
    laborFiling: z.record(z.string(), z.unknown()).optional(),
    housingFund: z.record(z.string(), z.unknown()).optional(),
  }),
  note: z.string().max(200).optional(),
});
export type TCorrection = z.infer<typeof ZCorrectionSchema>;

type TContractRecord = NonNullable<TStoredApplication['contract']>;
function correctedContract(before: TContractRecord, after: ReturnType<typeof contractRecord>): TContractRecord {
  if (after.contentSha256 === before.contentSha256) return before;
  return { ...after, supersedes: [...(before.supersedes ?? []), before.contentSha256] };
}

export async function correctItem(deps: TDeps, p: TPrincipal, params: { id: string; code: string }, input: TCorrection) {
  const code = validate(ZItemCodeSchema, params.code, ['code']);
  const app = await deps.store.get(params.id);
  if (!app) throw new AppError('NOT_FOUND', { message: '申请不存在' });
  requireHr(p, app.uscc, { allowClerk: true }); // a clerk corrects at the window, as for a walk-in filing
  const items = await deps.store.items(app);
  const item = items.find((i) => i.code === code)!;
  if (item.state !== 'needs_correction') throw new AppError('CONFLICT', { message: `该事项当前为“${item.state}”，无需补正` });
  for (const key of ['documentType', 'documentNumber', 'name'] as const) {
    if (input.changes.employee && key in input.changes.employee) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: ['changes', 'employee', key], code: 'immutable', message: '证件和姓名不能通过补正修改，请撤回后重新申报' }] });
    }
  }
  if (input.changes.employer && 'uscc' in input.changes.employer) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: ['changes', 'employer', 'uscc'], code: 'immutable', message: '统一社会信用代码不能修改' }] });
  }
  const current = decryptApplication(deps, app);
  const merged: Record<string, unknown> = { ...current };
  for (const [section, patch] of Object.entries(input.changes)) {
    merged[section] = { ...(current[section as keyof TApplication] as object), ...patch };
  }
  const application = validate(ZApplicationSchema, merged);
  const check = checkHire(merged, localToday(deps.now().getTime()));
  const blocking = check.items.find((i) => i.item === code)?.findings.filter((f) => f.level === 'block') ?? [];
  if (blocking.length) {
    throw new AppError('RULE_BLOCKED', { issues: blocking.map((f) => ({ path: f.fields[0]?.split('.') ?? [], code: f.code, message: f.message })) });
  }
  // A generated contract follows the corrected terms; the hashes it replaces stay on record.
  const contract = app.contract && correctedContract(app.contract, contractRecord(application, app.contract.signDate));
  await deps.store.replaceApplication({
    ...app,
    application: { ...application, employee: { ...application.employee, documentNumber: app.application.employee.documentNumber } },
    ...(contract ? { contract } : {}),
    ...(contract && app.materials?.laborContract.mode === 'generated'
      ? { materials: { ...app.materials, laborContract: { ...app.materials.laborContract, contentSha256: contract.contentSha256 } } }
      : {}),
  });
  const moved = await deps.store.transition(app.id, code, {
    eventId: `${app.id}:${code}:correction:${item.corrections + 1}`,
    to: 'processing',
    actor: filerActor(p),
    message: null,
    correctionFields: [],
    note: '更正后重新办理',
  });
  if (!moved.applied && moved.reason !== 'duplicate') throw new AppError('CONFLICT', { message: '该事项状态已变化，请刷新后重试' });
  // Into the ledger with the run's own transitions (one append): the correction, and a regenerated contract.
  const events: TLedgerEvent[] = [];
  if (contract && contract.contentSha256 !== app.contract?.contentSha256) events.push(contractRecordedEvent(app, contract, filerActor(p), deps.now().toISOString()));
  if (moved.applied) {
    const e = itemTransitionEvent(app, code, moved.logged, moved.from);
    if (e) events.push(e);
  }
  const fresh = (await deps.store.get(app.id))!;
  const views = await runReadyItems(deps, fresh, filerActor(p), { events });
  return toApplicationView(fresh, views);
}

