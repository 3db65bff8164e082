/**
 * Adapter of the 住房公积金管理中心 system: 个人住房公积金账户设立.
 * The API is the one `functions/simulators/departments/housing-fund.ts` serves.
 */
import { z } from 'zod';
import type { TApplication } from '../../domain/form/schema';
import type { HttpClient } from '../adapters/http';
import { callDepartment, createHttp, idempotentPost, PERSON_FIELDS, personOf, ZIsoTimeSchema, type TDepartmentClientOptions, type TDeptOutcome } from './common';

export const ZHousingFundAccountSchema = z.object({
  /** 公积金个人账号, e.g. `150301300000015`. */
  accountNo: z.string().min(1),
  openedAt: ZIsoTimeSchema,
  employerDepositFen: z.number().int(),
  personalDepositFen: z.number().int(),
  monthlyDepositFen: z.number().int(),
  /** `YYYY-MM`: new hires deposit from the month after opening. */
  firstDepositMonth: z.string(),
});
export type THousingFundAccount = z.infer<typeof ZHousingFundAccountSchema>;

const FIELDS = {
  ...PERSON_FIELDS,
  'employer.accountNo': 'housingFund.employerAccountNo',
  depositBaseFen: 'housingFund.depositBaseFen',
  employerRateBp: 'housingFund.employerRateBp',
  personalRateBp: 'housingFund.personalRateBp',
  monthlyDepositFen: 'housingFund.monthlyDepositFen',
};

export class HousingFundClient {
  readonly http: HttpClient;

  constructor(options: TDepartmentClientOptions) {
    this.http = createHttp('公积金中心', options);
  }

  openAccount(input: { requestId: string; application: TApplication }): Promise<TDeptOutcome<THousingFundAccount>> {
    const { requestId, application: app } = input;
    const h = app.housingFund;
    return callDepartment(
      this.http,
      idempotentPost('/accounts', requestId, {
        person: personOf(app),
        employer: { uscc: app.employer.uscc, name: app.employer.name, accountNo: h.employerAccountNo },
        depositBaseFen: h.depositBaseFen,
        employerRateBp: h.employerRateBp,
        personalRateBp: h.personalRateBp,
        monthlyDepositFen: h.monthlyDepositFen,
      }),
      ZHousingFundAccountSchema,
      FIELDS,
    );
  }
}
