/** A small HTTP client for the API, used by the integration tests, the demo and the benchmark. */
import { DEMO_ENTERPRISES, DEMO_PEOPLE } from '../../functions/simulators/dataset';
import type { TApplicationInput } from '../../domain';
import { validApplication } from '../fixtures/application';

export interface TApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class ApiClient {
  token: string | undefined;
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<TApiResponse<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // keep text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }

  /** WeChat login through the simulator (any code maps to one openid). */
  async login(code: string): Promise<this> {
    const r = await this.post('/api/auth/login', { code });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
    this.token = r.body.token;
    return this;
  }

  /** The legal representative authorizes (simulated 电子营业执照), then the HR user binds. */
  async bindEnterprise(uscc: string): Promise<TApiResponse> {
    const auth = await fetch(`${this.baseUrl}/sim/elicense/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ uscc, purpose: 'bind' }),
    }).then((r) => r.json() as Promise<{ data?: { authCode: string }; authCode?: string }>);
    const authCode = auth.data?.authCode ?? auth.authCode;
    return this.post('/api/enterprise/bind', { uscc, authCode });
  }

  async elicenseCode(uscc: string, purpose: 'bind' | 'revoke'): Promise<string> {
    const auth = await fetch(`${this.baseUrl}/sim/elicense/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ uscc, purpose }),
    }).then((r) => r.json() as Promise<{ data?: { authCode: string }; authCode?: string }>);
    return (auth.data?.authCode ?? auth.authCode)!;
  }
}

export const DEMO_USCC = DEMO_ENTERPRISES.energy.uscc;
export const DEMO_PERSON = DEMO_PEOPLE.employeeA;

/**
 * A complete hire of the demo person by the demo enterprise, as the wizard
 * would submit it after auto-fill: the test fixture's sections, with the
 * auto-filled values and dates counted from `today`.
 */
export function demoApplication(
  filled: { employer: Record<string, { value: unknown }>; person: Record<string, { value: unknown }> },
  today: string,
  overrides: Partial<Record<keyof TApplicationInput, Record<string, unknown>>> = {},
): TApplicationInput {
  const base = validApplication();
  const e = (k: string) => filled.employer[k]?.value;
  const p = (k: string) => filled.person[k]?.value;
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const day = (years: number, months: number) => new Date(Date.UTC(y + years, m - 1 + months, d) - 86_400_000).toISOString().slice(0, 10);
  const app: TApplicationInput = {
    ...base,
    employer: {
      ...base.employer,
      uscc: DEMO_USCC,
      ...Object.fromEntries(['name', 'address', 'legalRepresentative', 'industrialSector', 'divisionCode', 'industryCode', 'contactName', 'contactPhone'].filter((k) => e(k) !== undefined).map((k) => [k, e(k)])),
    },
    employee: {
      ...base.employee,
      documentNumber: DEMO_PERSON.documentNumber,
      name: DEMO_PERSON.name,
      ...Object.fromEntries(['sex', 'birthDate', 'ethnicGroup', 'education', 'graduateSchool', 'major', 'graduationDate', 'hukouNature', 'hukouAddress'].filter((k) => p(k) !== undefined).map((k) => [k, p(k)])),
    },
    employmentRegistration: { ...base.employmentRegistration, occupationCode: '6-28' },
    insurance: { ...base.insurance, insuranceStartDate: today },
    laborFiling: { ...base.laborFiling, contractStartDate: today, contractEndDate: day(3, 0), probationEndDate: day(0, 3) },
    filer: { ...base.filer, filingDate: today },
  };
  for (const [section, changes] of Object.entries(overrides)) {
    (app as Record<string, Record<string, unknown>>)[section] = { ...(app as Record<string, Record<string, unknown>>)[section], ...changes };
  }
  return app;
}
