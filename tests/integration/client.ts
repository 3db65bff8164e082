/** A small HTTP client for the API, used by the integration tests, the demo and the benchmark. */
import { DEMO_ENTERPRISES, DEMO_PEOPLE } from '../../functions/simulators/dataset';
import type { TApplicationInput } from '../../domain';

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
 * would submit it after auto-fill (the auto-filled values are passed in).
 */
export function demoApplication(
  filled: { employer: Record<string, { value: unknown }>; person: Record<string, { value: unknown }> },
  today: string,
  overrides: Partial<Record<keyof TApplicationInput, Record<string, unknown>>> = {},
): TApplicationInput {
  const e = (k: string) => filled.employer[k]?.value;
  const p = (k: string) => filled.person[k]?.value;
  const start = today;
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const end = `${y + 3}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const endDay = new Date(Date.UTC(y + 3, m - 1, d) - 86_400_000).toISOString().slice(0, 10);
  const probationEnd = new Date(Date.UTC(y, m - 1 + 3, d) - 86_400_000).toISOString().slice(0, 10);
  void end;
  const app: TApplicationInput = {
    employer: {
      uscc: DEMO_USCC,
      name: e('name') as string,
      address: e('address') as string,
      legalRepresentative: e('legalRepresentative') as string,
      contactName: (e('contactName') as string) ?? '李红',
      contactPhone: (e('contactPhone') as string) ?? '0473-3123456',
      industrialSector: e('industrialSector') as string,
      divisionCode: e('divisionCode') as string,
      industryCode: e('industryCode') as string,
    },
    employee: {
      documentType: '01',
      documentNumber: DEMO_PERSON.documentNumber,
      name: DEMO_PERSON.name,
      sex: p('sex') as string,
      birthDate: p('birthDate') as string,
      phone: '13800471234',
      ethnicGroup: p('ethnicGroup') as string,
      education: (p('education') as string) ?? '21',
      graduateSchool: p('graduateSchool') as string,
      major: p('major') as string,
      graduationDate: p('graduationDate') as string,
      hukouNature: p('hukouNature') as string,
      hukouAddress: p('hukouAddress') as string,
      residentialAddress: '内蒙古自治区乌海市海勃湾区黄河东街8号',
    },
    employmentRegistration: { employerEmploymentNo: 'JY150302000123', firstEmploymentDate: '2017-08-01', occupationCode: '6-28' },
    insurance: {
      employerSocialInsuranceNo: 'SB15030200456',
      employerMedicalInsuranceNo: 'YB15030200789',
      insuranceTypes: ['110', '310', '210', '410'],
      monthlyContributionWageFen: 600_000,
      insuranceStartDate: start,
    },
    laborFiling: {
      post: '电力运行值班员',
      employmentForm: '1',
      contractTermType: '1',
      contractStartDate: start,
      contractEndDate: endDay,
      probationEndDate: probationEnd,
      probationMonthlyWageFen: 500_000,
      workingTimeSystem: '1',
      grade: '13',
      weeklyHours: 40,
      annualTotalPayFen: 7_200_000,
      annualBasicPayFen: 4_800_000,
      annualPerformancePayFen: 1_800_000,
      annualAllowancesFen: 600_000,
      annualOvertimePayFen: 0,
      isMigrantWorker: false,
      isUnionMember: true,
    },
    housingFund: { employerAccountNo: 'GJJ1503020001', depositBaseFen: 600_000, employerRateBp: 1200, personalRateBp: 1200, monthlyDepositFen: 144_000 },
    filer: { handler: '李红', filingDate: today },
  };
  for (const [section, changes] of Object.entries(overrides)) {
    (app as Record<string, Record<string, unknown>>)[section] = { ...(app as Record<string, Record<string, unknown>>)[section], ...changes };
  }
  return app;
}
