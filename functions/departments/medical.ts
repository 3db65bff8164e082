/**
 * Adapter of the 医保 business system: 职工基本医疗（生育）保险参保登记.
 * The API is the one `functions/simulators/departments/medical.ts` serves.
 */
import { z } from 'zod';
import type { TApplication } from '../../domain/form/schema';
import type { HttpClient } from '../adapters/http';
import { callDepartment, createHttp, idempotentPost, PERSON_FIELDS, personOf, ZIsoTimeSchema, type TDepartmentClientOptions, type TDeptOutcome } from './common';

const MEDICAL_TYPES = new Set(['310', '510']);

export const ZMedicalEnrolmentSchema = z.object({
  /** 医保个人编号, e.g. `1503001000000016`. */
  medicalPersonalNo: z.string().min(1),
  insuranceTypes: z.array(z.string()),
  startDate: z.string(),
  enrolledAt: ZIsoTimeSchema,
});
export type TMedicalEnrolment = z.infer<typeof ZMedicalEnrolmentSchema>;

const FIELDS = {
  ...PERSON_FIELDS,
  'employer.medicalInsuranceNo': 'insurance.employerMedicalInsuranceNo',
  insuranceTypes: 'insurance.insuranceTypes',
  monthlyWageFen: 'insurance.monthlyContributionWageFen',
  startDate: 'insurance.insuranceStartDate',
};

export class MedicalInsuranceClient {
  readonly http: HttpClient;

  constructor(options: TDepartmentClientOptions) {
    this.http = createHttp('医保', options);
  }

  enrol(input: { requestId: string; application: TApplication }): Promise<TDeptOutcome<TMedicalEnrolment>> {
    const { requestId, application: app } = input;
    return callDepartment(
      this.http,
      idempotentPost('/enrolments', requestId, {
        person: personOf(app),
        employer: { uscc: app.employer.uscc, name: app.employer.name, medicalInsuranceNo: app.insurance.employerMedicalInsuranceNo },
        insuranceTypes: app.insurance.insuranceTypes.filter((t) => MEDICAL_TYPES.has(t)),
        monthlyWageFen: app.insurance.monthlyContributionWageFen,
        startDate: app.insurance.insuranceStartDate,
      }),
      ZMedicalEnrolmentSchema,
      FIELDS,
    );
  }
}
