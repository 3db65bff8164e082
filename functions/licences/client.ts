/**
 * Adapter of the government e-licence library (电子证照库): the HR bureau
 * pushes the electronic 就业创业证 and the electronic 社会保障卡 there (seed:
 * 主题库 section). The API is the one `functions/simulators/licence-library`
 * serves:
 *
 *   POST /licences   { licenceType, licenceNo, holder, issuer, issuedAt, … }
 *     → { code: '0000', data: { licenceId, createdAt } }                  created
 *     → { code: 'LICENCE_EXISTS', data: { licenceId, createdAt } }       already there: success for us
 *     → { code: 'LICENCE_CONFLICT' | 'INVALID_PARAMS', message }         refused (a bug or bad data)
 *
 * The push is idempotent by (licenceType, licenceNo): a repeat answers
 * LICENCE_EXISTS with the first record's id, so a redelivered queue message
 * never makes a second licence. Each push carries Idempotency-Key, so the
 * HTTP client may retry a lost answer. Outages throw UpstreamError.
 */
import { z } from 'zod';
import { HttpClient, type CircuitBreaker } from '../adapters/http';

export interface TLicenceLibraryClientOptions {
  baseUrl: string;
  timeoutMs: number;
  retries?: number;
  breaker?: CircuitBreaker;
  fetchImpl?: typeof fetch;
}

/** Licence types (证照类型) we push, with their names in the library. */
export const LICENCE_TYPES = {
  employment_certificate: { code: 'JYCYZ', name: '就业创业证' },
  social_security_card: { code: 'SHBZK', name: '社会保障卡（电子社保卡）' },
} as const;
export type TLicenceKind = keyof typeof LICENCE_TYPES;

export interface TLicence {
  kind: TLicenceKind;
  /** The certificate or card number (证照编号). */
  licenceNo: string;
  holder: { name: string; idType: string; idNumber: string };
  issuer: { name: string; code: string };
  issuedAt: string;
  /** Our reference (the hire's application id), for tracing. */
  sourceRef: string;
}

export type TPushOutcome = { ok: true; outcome: 'created' | 'exists'; licenceId: string } | { ok: false; code: string; message: string };

const ZEnvelopeSchema = z.object({
  code: z.string(),
  message: z.string(),
  data: z.object({ licenceId: z.string().min(1), createdAt: z.string().optional() }).nullable().optional(),
});

export class LicenceLibraryClient {
  readonly http: HttpClient;

  constructor(options: TLicenceLibraryClientOptions) {
    this.http = new HttpClient({ name: '电子证照库', baseUrl: options.baseUrl, timeoutMs: options.timeoutMs, retries: options.retries, breaker: options.breaker, fetchImpl: options.fetchImpl });
  }

  async push(l: TLicence): Promise<TPushOutcome> {
    const type = LICENCE_TYPES[l.kind];
    const envelope = await this.http.request(
      {
        method: 'POST',
        path: '/licences',
        idempotencyKey: `${type.code}:${encodeURIComponent(l.licenceNo)}`, // header values are ASCII
        body: {
          licenceType: type.code,
          licenceTypeName: type.name,
          licenceNo: l.licenceNo,
          holder: l.holder,
          issuer: l.issuer,
          issuedAt: l.issuedAt,
          validUntil: null, // 长期有效
          sourceSystem: 'hire-once',
          sourceRef: l.sourceRef,
        },
      },
      ZEnvelopeSchema,
    );
    if ((envelope.code === '0000' || envelope.code === 'LICENCE_EXISTS') && envelope.data) {
      return { ok: true, outcome: envelope.code === '0000' ? 'created' : 'exists', licenceId: envelope.data.licenceId };
    }
    return { ok: false, code: envelope.code, message: envelope.message };
  }
}
