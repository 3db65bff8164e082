/**
 * Filing a hire: validate with the domain's schema and pre-check, store it
 * with all seven items in one atomic step under the client's
 * Idempotency-Key, and start processing. The same key with the same body
 * returns the same application; with another body it is refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError, maskCardNo, type TApplicationView, checkHire, itemDueDates, ITEM_CATALOG, ITEMS_BY_CODE, localToday, maskIdNumber, maskName, ZFilingSchema, type TItemCode, type TMaterialsView } from '../../domain';
import { requireHr, type TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { constantsOf, saveEmployerConstants } from '../enterprise/profile';
import { encryptField, hmacId } from '../lib/crypto';
import { validate } from '../lib/handler';
import { applicationFiledEvent, recordEvents } from '../ledger/events';
import type { TItemView } from './item-state';
import { ITEMS_TOPIC, runReadyItems, SAFETY_NET_DELAY_SECONDS, type TItemMessage } from './run-items';
import type { TStoredApplication } from './store';
import { contractRecord } from '../materials/contract';
import { markMaterialsFiled, resolveFilingMaterials } from '../materials/materials';

export const ZIdempotencyKeySchema = z
  .string({ error: '缺少 Idempotency-Key 请求头' })
  .regex(/^[A-Za-z0-9_.:-]{8,128}$/, { error: 'Idempotency-Key 应为8–128位字母、数字或 _ . : -' });

/** Which variants of the card and the certificate a hire requests (one person: sporadic card). */
export const DEFAULT_VARIANTS: Partial<Record<TItemCode, string[]>> = {
  employment_certificate: ['electronic', 'physical'],
  social_security_card: ['electronic', 'physical_sporadic'],
};

function canonicalHash(value: unknown): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canon) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])])) : v;
  return createHash('sha256').update(JSON.stringify(canon(value))).digest('hex');
}

function newApplicationId(now: Date): string {
  const day = localToday(now.getTime()).replace(/-/g, '');
  return `HO${day}${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').toUpperCase()}`;
}

/** Filings from before materials were attached: no photos, and the generated contract if one was recorded. */
function materialsOf(app: TStoredApplication): TMaterialsView {
  if (app.materials) return app.materials;
  return {
    identityDocument: [],
    laborContract: app.contract ? { mode: 'generated', template: app.contract.template, contentSha256: app.contract.contentSha256 } : { mode: 'scanned', pages: [] },
  };
}

/** Result numbers that are the person's own card: masked in every application view (the holder reveals them on the card page). */
const CARD_NUMBER_RESULTS = ['cardNo', 'electronicCardNo'];
const maskCardResults = (items: TItemView[]): TItemView[] =>
  items.map((i) =>
    CARD_NUMBER_RESULTS.some((k) => i.results[k]) ? { ...i, results: Object.fromEntries(Object.entries(i.results).map(([k, v]) => [k, CARD_NUMBER_RESULTS.includes(k) ? maskCardNo(v) : v])) } : i,
  );

export function toApplicationView(app: TStoredApplication, items: TItemView[]): TApplicationView {
  return {
    id: app.id,
    uscc: app.uscc,
    enterpriseName: app.enterpriseName,
    filedAt: app.filedAt,
    employee: { name: maskName(app.application.employee.name), documentNumber: app.maskedDocumentNumber },
    items: maskCardResults(items),
    materials: materialsOf(app),
    ...(app.onBehalfOf ? { onBehalfOf: { channel: app.onBehalfOf.channel, clerk: app.filedBy.replace(/^clerk:/, '') } } : {}),
  };
}

/** Who filed, as item histories name them: `hr:<openid…>`, or `clerk:<username>` at the window. */
export function filerActor(p: TPrincipal): string {
  return p.clerk ? `clerk:${p.clerk.username}` : `hr:${p.sub.slice(0, 8)}`;
}

/**
 * Files a hire: by an HR contact for their own enterprise, or by a window
 * clerk for any enterprise (一窗受理) — then recorded as filed on its behalf,
 * and the enterprise's HR contacts see it in their list like any other.
 */
export async function fileApplication(deps: TDeps, p: TPrincipal, input: { idempotencyKey: string | undefined; body: unknown }) {
  requireHr(p, undefined, { allowClerk: true });
  const key = validate(ZIdempotencyKeySchema, input.idempotencyKey, ['headers', 'idempotency-key']);
  const { materials: materialRefs, ...application } = validate(ZFilingSchema, input.body);
  requireHr(p, application.employer.uscc, { allowClerk: true });
  const now = deps.now();
  const today = localToday(now.getTime());
  const check = checkHire(input.body, today);
  if (check.status === 'block') {
    const issues = check.items.flatMap((i) =>
      i.findings.filter((f) => f.level === 'block' && f.code !== 'dependency_blocked').map((f) => ({ path: f.fields[0]?.split('.') ?? [], code: f.code, message: `${i.name}：${f.message}` })),
    );
    throw new AppError('RULE_BLOCKED', { issues });
  }
  const contract = materialRefs.laborContract.mode === 'generated' ? contractRecord(application, today) : undefined;
  const materials = await resolveFilingMaterials(deps, application.employer.uscc, materialRefs, contract, () => deps.store.filedUnder(application.employer.uscc, key));
  const documentNumber = application.employee.documentNumber;
  const stored: TStoredApplication = {
    id: newApplicationId(now),
    uscc: application.employer.uscc,
    enterpriseName: application.employer.name,
    filedBy: p.sub,
    ...(p.clerk ? { onBehalfOf: { uscc: application.employer.uscc, channel: 'window' as const } } : {}),
    filedAt: now.toISOString(),
    filedOn: today,
    personIdHmac: hmacId(documentNumber, deps.keys),
    maskedDocumentNumber: maskIdNumber(documentNumber),
    application: { ...application, employee: { ...application.employee, documentNumber: encryptField(documentNumber, deps.keys, 'employee.documentNumber') } },
    variants: DEFAULT_VARIANTS,
    ...(contract ? { contract } : {}),
    materials,
    dueDates: Object.fromEntries(ITEM_CATALOG.map((i) => [i.code, itemDueDates(i.code, today, DEFAULT_VARIANTS[i.code])])) as TStoredApplication['dueDates'],
  };
  const created = await deps.store.create(stored, key, canonicalHash(input.body));
  if (created.outcome === 'conflict') {
    throw new AppError('CONFLICT', { message: '该 Idempotency-Key 已用于另一份申请，请为新的申请生成新的键' });
  }
  const app = created.outcome === 'created' ? stored : (await deps.store.get(created.id))!;
  if (created.outcome === 'created') {
    // The safety net first: if this process dies now, the queue still runs the items.
    await Promise.all([
      deps.queue.publish(ITEMS_TOPIC, { applicationId: app.id, item: '*' } satisfies TItemMessage, {
        dedupId: `${app.id}:filed`,
        delaySeconds: SAFETY_NET_DELAY_SECONDS,
      }),
      saveEmployerConstants(deps, app.uscc, constantsOf(application)),
      markMaterialsFiled(deps, app.id, materials),
    ]);
    // The filing's ledger event goes in the same append as the first run's transitions (one call).
    const items = await runReadyItems(deps, app, filerActor(p), { views: deps.store.initialItems(app), events: [applicationFiledEvent(app)] });
    return { status: 201 as const, application: toApplicationView(app, items), precheck: check };
  }
  // A retry: the first attempt may have stopped before marking its materials, or before its ledger append.
  const [items] = await Promise.all([
    deps.store.items(app),
    app.materials ? markMaterialsFiled(deps, app.id, app.materials) : undefined,
    recordEvents(deps, [applicationFiledEvent(app)]),
  ]);
  if (items.some((i) => i.state === 'submitted' && ITEMS_BY_CODE[i.code].dependsOn.every((d) => items.find((x) => x.code === d)?.state === 'done'))) {
    // …or right after storing the filing, before its items ran or its safety net was queued (storage or
    // the process went away; the client got a 503): run them now as the first attempt would have.
    // Idempotent like every run: the departments get the same request ids, transitions the same event ids.
    await deps.queue.publish(ITEMS_TOPIC, { applicationId: app.id, item: '*' } satisfies TItemMessage, { dedupId: `${app.id}:filed`, delaySeconds: SAFETY_NET_DELAY_SECONDS });
    const ran = await runReadyItems(deps, app, filerActor(p));
    return { status: 200 as const, application: toApplicationView(app, ran), precheck: check };
  }
  return { status: 200 as const, application: toApplicationView(app, items), precheck: check };
}
