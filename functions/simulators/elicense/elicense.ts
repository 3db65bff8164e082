/**
 * Simulator of the 电子营业执照 (electronic business licence) authorization
 * service, default prefix `/sim/elicense`. The legal representative, in the
 * e-licence app, authorizes an HR contact to act for the enterprise; we
 * receive a one-time authCode and verify it server-side.
 *
 *   POST /authorize   { uscc, purpose?: 'bind' | 'revoke', holder? }
 *                     DEVELOPMENT ROUTE (control: exempt from the switches): plays the
 *                     legal representative's approval in the app.
 *                     → data { authCode, expiresAt }   (single use, valid 10 minutes)
 *                     Unknown USCC → code ENTERPRISE_NOT_FOUND (no code issued).
 *   POST /auth/verify { uscc, authCode }
 *                     → data { valid: true, uscc, enterpriseName, legalRepresentative, purpose, expiresAt, holder? }
 *                     | data { valid: false, reason: 'not_found' | 'expired' | 'used' | 'uscc_mismatch', message }
 *                     Consumes the code — also when presented with the wrong USCC, so a
 *                     code cannot be tried against several enterprises. A repeat carrying
 *                     the same Idempotency-Key (a retry of the same call) gets the same
 *                     answer; any other second use is 'used'.
 *
 * Answers use the department envelope `{ code: '0000', message: '成功', data }`.
 * The real service's API was not available to us; this shape is designed.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createSimulator, type TSimRequest, type TSimResponse, type TSimSwitches, type TSimulator } from '../framework';

export interface TEnterpriseRecord {
  name: string;
  legalRepresentative: string;
}
export type TEnterpriseLookup = (uscc: string) => TEnterpriseRecord | undefined;

/** Synthetic enterprises (valid GB 32100 check characters; no real company). */
export const DEFAULT_ELICENSE_ENTERPRISES: Readonly<Record<string, TEnterpriseRecord>> = {
  '91150302MA0N1A2B37': { name: '乌海市海勃湾区示例能源有限公司', legalRepresentative: '测试法人甲' },
  '91150303MA0N7C8D99': { name: '乌海市海南区示例建材有限公司', legalRepresentative: '测试法人乙' },
};

export interface TElicenseSimulatorOptions {
  prefix?: string;
  now?: () => number;
  /** Who the enterprise is (another module's synthetic dataset); defaults to DEFAULT_ELICENSE_ENTERPRISES. */
  lookup?: TEnterpriseLookup;
  /** Code lifetime (ms), default 10 minutes. */
  codeTtlMs?: number;
  switches?: Partial<TSimSwitches>;
  seed?: number;
}

interface TGrant {
  authCode: string;
  uscc: string;
  purpose: 'bind' | 'revoke';
  holder?: z.infer<typeof ZHolderSchema>;
  expiresAt: number;
  consumed?: { key: string | undefined; answer: TSimResponse };
}

export interface TElicenseSimulator extends TSimulator {
  stats(): { grants: number; consumed: number };
}

const ZHolderSchema = z.object({
  name: z.string().min(1).max(60).optional(),
  idNumber: z.string().max(32).optional(),
  openid: z.string().max(64).optional(),
  mobile: z.string().max(20).optional(),
});
const ZAuthorizeSchema = z.object({
  uscc: z.string().min(1),
  purpose: z.enum(['bind', 'revoke']).default('bind'),
  holder: ZHolderSchema.optional(),
});
const ZVerifySchema = z.object({ uscc: z.string(), authCode: z.string() });

const ok = (data: unknown): TSimResponse => ({ status: 200, body: { code: '0000', message: '成功', data } });

export function createElicenseSimulator(options: TElicenseSimulatorOptions = {}): TElicenseSimulator {
  const now = options.now ?? Date.now;
  const lookup = options.lookup ?? ((uscc: string) => DEFAULT_ELICENSE_ENTERPRISES[uscc]);
  const ttl = options.codeTtlMs ?? 10 * 60_000;
  const grants = new Map<string, TGrant>();

  function authorize(req: TSimRequest): TSimResponse {
    const parsed = ZAuthorizeSchema.safeParse(req.body);
    if (!parsed.success) return { status: 400, body: { code: 'BAD_REQUEST', message: '请求应为 { uscc, purpose?, holder? }', data: null } };
    const { uscc, purpose, holder } = parsed.data;
    const enterprise = lookup(uscc.trim().toUpperCase());
    if (!enterprise) {
      return { status: 200, body: { code: 'ENTERPRISE_NOT_FOUND', message: '未查询到该统一社会信用代码对应的电子营业执照，无法授权', data: null } };
    }
    const authCode = randomBytes(16).toString('hex').toUpperCase();
    const grant: TGrant = { authCode, uscc: uscc.trim().toUpperCase(), purpose, ...(holder ? { holder } : {}), expiresAt: now() + ttl };
    grants.set(authCode, grant);
    return ok({ authCode, expiresAt: new Date(grant.expiresAt).toISOString() });
  }

  function verify(req: TSimRequest): TSimResponse {
    const parsed = ZVerifySchema.safeParse(req.body);
    if (!parsed.success) return { status: 400, body: { code: 'BAD_REQUEST', message: '请求应为 { uscc, authCode }', data: null } };
    const { uscc, authCode } = parsed.data;
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    const invalid = (reason: string, message: string) => ok({ valid: false, reason, message });
    const grant = grants.get(authCode.trim().toUpperCase());
    if (!grant) return invalid('not_found', '授权码不存在，请重新在电子营业执照中授权');
    if (grant.consumed) {
      if (key !== undefined && grant.consumed.key === key) return structuredClone(grant.consumed.answer);
      return invalid('used', '授权码已使用，请重新在电子营业执照中授权');
    }
    let answer: TSimResponse;
    if (now() >= grant.expiresAt) {
      answer = invalid('expired', '授权码已过期（有效期10分钟），请重新在电子营业执照中授权');
    } else if (grant.uscc !== uscc.trim().toUpperCase()) {
      answer = invalid('uscc_mismatch', '授权码与该企业不匹配');
    } else {
      const enterprise = lookup(grant.uscc);
      answer = enterprise
        ? ok({
            valid: true,
            uscc: grant.uscc,
            enterpriseName: enterprise.name,
            legalRepresentative: enterprise.legalRepresentative,
            purpose: grant.purpose,
            expiresAt: new Date(grant.expiresAt).toISOString(),
            ...(grant.holder ? { holder: grant.holder } : {}),
          })
        : invalid('not_found', '该企业的电子营业执照已不可用');
    }
    grant.consumed = { key, answer: structuredClone(answer) };
    return answer;
  }

  const base = createSimulator({
    name: '电子营业执照',
    prefix: options.prefix ?? '/sim/elicense',
    seed: options.seed,
    switches: options.switches,
    onReset: () => grants.clear(),
    routes: [
      { method: 'POST', pattern: '/authorize', handler: authorize, control: true },
      { method: 'POST', pattern: '/auth/verify', handler: verify },
    ],
  });
  return Object.assign(base, {
    stats: () => ({ grants: grants.size, consumed: [...grants.values()].filter((g) => g.consumed).length }),
  });
}
