/**
 * Auto-fill of 单位基本信息 from 市监 data sharing, plus the employer's own
 * constants from the enterprise profile. When 市监 is down or slow the
 * answer says which fields to type by hand; it never fails the form.
 */
import { z } from 'zod';
import { AppError, FORM_FIELDS, ZUsccSchema } from '../../domain';
import { UpstreamError } from '../adapters/http';
import { requireHr, type TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { getEmployerConstants } from '../enterprise/profile';
import { logger } from '../lib/logger';
import { isActiveRegistration } from '../shared-data';
import { cached } from './cache';
import { filled, type TFilled, type TSourceProblem } from './provenance';

export const ZAutofillEnterpriseQuerySchema = z.object({ uscc: ZUsccSchema });

const MARKET_TTL_SECONDS = 3600;
const EMPLOYER_FIELDS = FORM_FIELDS.filter((f) => f.section === 'employer').map((f) => f.key);

export async function autofillEnterprise(deps: TDeps, p: TPrincipal, uscc: string) {
  requireHr(p, uscc, { allowClerk: true });
  const values: Record<string, TFilled<unknown>> = {};
  const problems: TSourceProblem[] = [];
  try {
    const { value, fetchedAt } = await cached(deps, 'market', uscc, MARKET_TTL_SECONDS, false, () => deps.market.lookupEnterprise(uscc));
    if (!value) {
      problems.push({ source: 'market_regulation', kind: 'no_record', message: '市监数据中未查询到该统一社会信用代码' });
    } else {
      if (value.status && !isActiveRegistration(value.status)) {
        throw new AppError('CONFLICT', { message: `该企业登记状态为“${value.status}”，不能办理录用` });
      }
      Object.assign(values, filled({ uscc, ...value, status: undefined }, 'market_regulation', fetchedAt));
    }
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    logger.warn('autofill source unavailable', { source: 'market', kind: error.kind });
    problems.push({ source: 'market_regulation', kind: 'unavailable', message: '市监数据共享暂时不可用，请手工填写单位信息' });
  }
  const constants = await getEmployerConstants(deps, uscc);
  const { updatedAt, ...rest } = constants;
  const profile = filled(rest as Record<string, unknown>, 'profile', updatedAt ?? deps.now().toISOString());
  return {
    uscc,
    values,
    /** The employer's constants for the other sections, from earlier hires. */
    employerConstants: profile,
    /** Fields of 单位基本信息 the user must type because no source filled them. */
    manualFields: EMPLOYER_FIELDS.filter((k) => !(k in values)),
    problems,
  };
}
