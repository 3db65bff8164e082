/**
 * The enterprise profile keeps the employer's constants — typed once, reused
 * for every hire: 社保单位编号, 医保单位编号, 就业单位编号, 公积金单位账号, 单位缴存比例.
 */
import { z } from 'zod';
import { AppError, ZEmploymentRegistrationSchema, ZHousingFundSchema, ZInsuranceSchema, type TApplication } from '../../domain';
import type { TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';

export const ZEmployerConstantsSchema = z.strictObject({
  employerSocialInsuranceNo: ZInsuranceSchema.shape.employerSocialInsuranceNo.optional(),
  employerMedicalInsuranceNo: ZInsuranceSchema.shape.employerMedicalInsuranceNo.optional(),
  employerEmploymentNo: ZEmploymentRegistrationSchema.shape.employerEmploymentNo.optional(),
  employerAccountNo: ZHousingFundSchema.shape.employerAccountNo.optional(),
  employerRateBp: ZHousingFundSchema.shape.employerRateBp.optional(),
});
export type TEmployerConstants = z.infer<typeof ZEmployerConstantsSchema>;

const CONSTANT_KEYS = Object.keys(ZEmployerConstantsSchema.shape) as (keyof TEmployerConstants)[];

export async function getEmployerConstants(deps: TDeps, uscc: string): Promise<TEmployerConstants & { updatedAt?: string }> {
  // with automatic deserialization off, HMGET answers Redis's array of values in field order
  const fields = [...CONSTANT_KEYS, 'constantsUpdatedAt'] as const;
  const reply = (await deps.redis.hmget(`${deps.prefix}ent:${uscc}`, ...fields)) as unknown;
  const values: unknown[] = Array.isArray(reply) ? reply : fields.map((f) => (reply as Record<string, unknown> | null)?.[f] ?? null);
  const out: Record<string, unknown> = {};
  CONSTANT_KEYS.forEach((k, i) => {
    const v = values[i];
    if (v !== null && v !== undefined && v !== '') out[k] = k === 'employerRateBp' ? Number(v) : String(v);
  });
  const updatedAt = values[CONSTANT_KEYS.length];
  return { ...(out as TEmployerConstants), ...(updatedAt ? { updatedAt: String(updatedAt) } : {}) };
}

export async function saveEmployerConstants(deps: TDeps, uscc: string, constants: TEmployerConstants): Promise<void> {
  const entries = Object.entries(constants).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]);
  if (entries.length === 0) return;
  await deps.redis.hset(`${deps.prefix}ent:${uscc}`, { ...Object.fromEntries(entries), constantsUpdatedAt: deps.now().toISOString() });
}

export function constantsOf(app: TApplication): TEmployerConstants {
  return {
    employerSocialInsuranceNo: app.insurance.employerSocialInsuranceNo,
    employerMedicalInsuranceNo: app.insurance.employerMedicalInsuranceNo,
    employerEmploymentNo: app.employmentRegistration.employerEmploymentNo,
    employerAccountNo: app.housingFund.employerAccountNo,
    employerRateBp: app.housingFund.employerRateBp,
  };
}

export async function updateProfile(deps: TDeps, p: TPrincipal, input: TEmployerConstants) {
  if (!p.hr) throw new AppError('FORBIDDEN', { message: '请先绑定企业' });
  await saveEmployerConstants(deps, p.hr.uscc, input);
  return getEmployerConstants(deps, p.hr.uscc);
}
