/**
 * 电子营业执照 authorization: checks the one-time authCode the legal
 * representative's approval produced, for the enterprise it claims to be for.
 * The API is the one `functions/simulators/elicense/elicense.ts` serves.
 *
 * Each call carries a fresh Idempotency-Key, so HttpClient may retry it after a
 * lost answer and still get the first verdict (the code is consumed once).
 * Outages throw UpstreamError.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HttpClient, UpstreamError, type CircuitBreaker } from '../adapters/http';

export interface TElicenseClientOptions {
  baseUrl: string;
  timeoutMs: number;
  retries?: number;
  breaker?: CircuitBreaker;
  fetchImpl?: typeof fetch;
}

const ZHolderSchema = z.object({
  name: z.string().optional(),
  idNumber: z.string().optional(),
  openid: z.string().optional(),
  mobile: z.string().optional(),
});

export const ZElicenseVerificationSchema = z.discriminatedUnion('valid', [
  z.object({
    valid: z.literal(true),
    uscc: z.string(),
    enterpriseName: z.string(),
    legalRepresentative: z.string(),
    purpose: z.enum(['bind', 'revoke']),
    expiresAt: z.string(),
    /** Who the legal representative authorized, as entered in the app. */
    holder: ZHolderSchema.optional(),
  }),
  z.object({
    valid: z.literal(false),
    reason: z.enum(['not_found', 'expired', 'used', 'uscc_mismatch']),
    message: z.string(),
  }),
]);
export type TElicenseVerification = z.infer<typeof ZElicenseVerificationSchema>;

const ZEnvelopeSchema = z.object({ code: z.string(), message: z.string(), data: z.unknown().optional() });

export class ElicenseClient {
  readonly http: HttpClient;

  constructor(options: TElicenseClientOptions) {
    this.http = new HttpClient({
      name: '电子营业执照',
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      breaker: options.breaker,
      fetchImpl: options.fetchImpl,
    });
  }

  async verifyAuthorization(uscc: string, authCode: string): Promise<TElicenseVerification> {
    const envelope = await this.http.request(
      { method: 'POST', path: '/auth/verify', body: { uscc, authCode }, idempotencyKey: randomUUID() },
      ZEnvelopeSchema,
    );
    if (envelope.code !== '0000') throw new UpstreamError(this.http.name, 'invalid_response', `授权核验失败：${envelope.message}`);
    const parsed = ZElicenseVerificationSchema.safeParse(envelope.data);
    if (!parsed.success) throw new UpstreamError(this.http.name, 'invalid_response', '响应数据格式不正确');
    return parsed.data;
  }
}
