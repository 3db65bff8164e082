/**
 * Auto-fill of 录用人员信息: 公安 data by ID number AND name (nothing is
 * disclosed unless both match), then the 人社部 education record. Every
 * lookup is recorded in the person's access log with who asked, and in the
 * ledger (autofill.lookup, the same event id in both).
 *
 *   person:{idHmac}:access   LIST  JSON { at, actor, enterprise?, purpose, sources, matched?, eventId } (latest 1,000)
 */
import { z } from 'zod';
import {
  AppError,
  checkDocument,
  documentKindOf,
  IDENTITY_DOCUMENT_TYPES,
  normalizeDocumentNumber,
  SUPPORTED_DOCUMENT_KINDS,
  ZPersonNameSchema,
  codeOfAlias,
  type TDocumentKind,
} from '../../domain';
import { UpstreamError } from '../adapters/http';
import { actorLabel, requireHr, type TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { hmacId } from '../lib/crypto';
import { lookupEvent, recordEvents } from '../ledger/events';
import { randomUUID } from 'node:crypto';
import { cached, peekCache } from './cache';
import { filled, type TFilled, type TSourceProblem } from './provenance';

export const ZAutofillPersonQuerySchema = z.object({
  idType: z.enum(SUPPORTED_DOCUMENT_KINDS, { error: '证件类型不正确（如 citizen_id）' }),
  idNumber: z.string({ error: '请填写证件号码' }).transform(normalizeDocumentNumber).pipe(z.string().min(1, { error: '请填写证件号码' }).max(32)),
  name: ZPersonNameSchema,
});
export type TAutofillPersonQuery = z.infer<typeof ZAutofillPersonQuerySchema>;

const POLICE_TTL_SECONDS = 600;
const EDUCATION_TTL_SECONDS = 24 * 3600;
export const ACCESS_LOG_LIMIT = 1000;

/**
 * Records a lookup of a person's data: in their access log (for 一人一档) and in the ledger, at
 * the same time (two concurrent requests). Returns the ledger event id the log entry carries.
 */
export async function recordAccess(
  deps: TDeps,
  idHmac: string,
  entry: { actor: string; enterprise?: string; purpose: string; sources: string[]; matched?: boolean },
): Promise<string> {
  const key = `${deps.prefix}person:${idHmac}:access`;
  const at = deps.now().toISOString();
  const eventId = `lookup:${randomUUID()}`;
  const p = deps.redis.pipeline();
  p.lpush(key, JSON.stringify({ at, ...entry, eventId }));
  p.ltrim(key, 0, ACCESS_LOG_LIMIT - 1);
  await Promise.all([p.exec(), recordEvents(deps, [lookupEvent({ id: eventId, at, personIdHmac: idHmac, ...entry })])]);
  return eventId;
}

export async function autofillPerson(deps: TDeps, p: TPrincipal, query: TAutofillPersonQuery) {
  requireHr(p, undefined, { allowClerk: true });
  const kind = query.idType as TDocumentKind;
  const check = checkDocument(kind, query.idNumber, undefined, deps.now().toISOString().slice(0, 10));
  if (!check.valid) {
    throw new AppError('VALIDATION_FAILED', { issues: check.errors.map((e) => ({ path: ['idNumber'], code: e.code, message: e.message })) });
  }
  const idHmac = hmacId(query.idNumber, deps.keys);
  const values: Record<string, TFilled<unknown>> = {};
  const problems: TSourceProblem[] = [];
  const nowIso = deps.now().toISOString();
  values.documentType = { value: codeOfAlias(IDENTITY_DOCUMENT_TYPES, kind), source: 'manual', fetchedAt: nowIso };
  // What the number itself carries
  if (check.birthDate) values.birthDate = { value: check.birthDate, source: 'system', fetchedAt: nowIso };
  if (check.sex) values.sex = { value: check.sex === 'male' ? '1' : '2', source: 'system', fetchedAt: nowIso };

  let matched = false;
  // the education entry is read with the 公安 one (one round trip when both are cached); used only after a match
  const educationPeek = peekCache(deps, 'education', idHmac);
  try {
    const nameKey = hmacId(`${query.idNumber}|${query.name}`, deps.keys);
    const police = await cached(deps, 'police', nameKey, POLICE_TTL_SECONDS, true, () =>
      deps.police.verifyPerson({ idType: kind, idNumber: query.idNumber, name: query.name }),
    );
    if (!police.value) {
      problems.push({ source: 'public_security', kind: 'not_matched', message: '身份信息核验不一致，请核对证件号码和姓名，或手工填写' });
    } else {
      matched = true;
      Object.assign(values, filled({ name: query.name, ...police.value }, 'public_security', police.fetchedAt));
    }
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    problems.push({ source: 'public_security', kind: 'unavailable', message: '公安数据共享暂时不可用，请手工填写人员信息' });
  }
  if (matched) {
    try {
      const edu = await cached(deps, 'education', idHmac, EDUCATION_TTL_SECONDS, true, () => deps.education.lookupEducation(query.idNumber), educationPeek);
      if (!edu.value) problems.push({ source: 'mohrss', kind: 'no_record', message: '未查询到学历信息，请手工填写' });
      else Object.assign(values, filled(edu.value, 'mohrss', edu.fetchedAt));
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      problems.push({ source: 'mohrss', kind: 'unavailable', message: '人社部学历接口暂时不可用，请手工填写学历信息' });
    }
  }
  await recordAccess(deps, idHmac, {
    actor: actorLabel(p),
    ...(p.hr ? { enterprise: p.hr.uscc } : {}),
    purpose: '录用登记自动填充',
    sources: matched ? ['公安', '人社部'] : ['公安'],
    matched,
  });
  const personFields = ['name', 'sex', 'birthDate', 'ethnicGroup', 'education', 'graduateSchool', 'major', 'graduationDate', 'hukouNature', 'hukouAddress'];
  return {
    idType: kind,
    documentKind: documentKindOf(String(values.documentType.value)),
    values,
    manualFields: personFields.filter((k) => !(k in values)),
    problems,
  };
}
