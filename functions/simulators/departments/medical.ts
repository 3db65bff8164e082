/**
 * Simulator of the 医保 (medical security) business system, default prefix
 * `/sim/medical`:
 *
 *   POST /enrolments   职工基本医疗（生育）保险参保 → medicalPersonalNo (idempotent by requestId)
 *
 * 医保个人编号: 150300 + 9-digit sequence (from 100000001) + Luhn check digit,
 * 16 digits, e.g. `1503001000000016` (synthetic; the national platform's
 * 人员编号 format was not verified).
 */
import { z } from 'zod';
import { localToday } from '../../../domain/calendar/dates';
import { createSimulator, type TSimRequest, type TSimSwitches, type TSimulator } from '../framework';
import {
  IdempotencyStore,
  isoTime,
  luhnCheckDigit,
  ok,
  pad,
  parseBody,
  refuse,
  Sequence,
  ZAccountNoSchema,
  ZDeptDateSchema,
  ZDeptEmployerSchema,
  ZDeptPersonSchema,
  type TClock,
} from './common';
import { startDateProblem } from './hrss';

export interface TMedicalSimulatorOptions {
  prefix?: string;
  now?: TClock;
  /** ID numbers with an active 职工医保 record at another employer (→ ALREADY_INSURED). */
  insuredElsewhere?: Iterable<string>;
  switches?: Partial<TSimSwitches>;
  seed?: number;
}

export interface TMedicalSimulator extends TSimulator {
  insuredElsewhere: Set<string>;
  counts(): { enrolments: number };
}

const ZEnrolSchema = z.object({
  requestId: z.string(),
  person: ZDeptPersonSchema,
  employer: ZDeptEmployerSchema.extend({ medicalInsuranceNo: ZAccountNoSchema }),
  insuranceTypes: z
    .array(z.enum(['310', '510'], { error: '医保参保只受理职工基本医疗（310）和生育保险（510）' }))
    .refine((types) => types.includes('310'), { error: '须参加职工基本医疗保险（310）' }),
  monthlyWageFen: z.number().int().positive({ error: '月缴费工资应大于0' }),
  startDate: ZDeptDateSchema,
});

export function createMedicalInsuranceSimulator(options: TMedicalSimulatorOptions = {}): TMedicalSimulator {
  const now = options.now ?? Date.now;
  const store = new IdempotencyStore();
  const sequence = new Sequence(100_000_001);
  const enrolments = new Map<string, { medicalPersonalNo: string; idNumber: string; employerUscc: string }>();

  function enrol(req: TSimRequest) {
    return store.run('medical-enrolment', req, () => {
      const parsed = parseBody(ZEnrolSchema, req.body);
      if (!parsed.ok) return parsed.response;
      const b = parsed.data;
      const id = b.person.idNumber;
      const existing = [...enrolments.values()].find((r) => r.idNumber === id);
      if (sim.insuredElsewhere.has(id) || (existing && existing.employerUscc !== b.employer.uscc)) {
        return refuse('ALREADY_INSURED', '该人员在其他单位有职工医保在保记录，请原单位办理减员后再参保');
      }
      if (existing) return refuse('DUPLICATE_ENROLMENT', `该人员已在本单位参加职工医保（医保个人编号${existing.medicalPersonalNo}），无需重复办理`);
      const problem = startDateProblem(b.startDate, localToday(now()));
      if (problem) return refuse('INVALID_PARAMS', problem, [{ field: 'startDate', message: problem }]);
      const digits = `150300${pad(sequence.take(), 9)}`;
      const medicalPersonalNo = digits + luhnCheckDigit(digits);
      enrolments.set(medicalPersonalNo, { medicalPersonalNo, idNumber: id, employerUscc: b.employer.uscc });
      return ok({ medicalPersonalNo, insuranceTypes: b.insuranceTypes, startDate: b.startDate, enrolledAt: isoTime(now()) });
    });
  }

  const base = createSimulator({
    name: '医保业务系统',
    prefix: options.prefix ?? '/sim/medical',
    seed: options.seed,
    switches: options.switches,
    onReset: () => {
      store.clear();
      sequence.reset();
      enrolments.clear();
    },
    routes: [{ method: 'POST', pattern: '/enrolments', handler: enrol }],
  });
  const sim: TMedicalSimulator = Object.assign(base, {
    insuredElsewhere: new Set(options.insuredElsewhere ?? []),
    counts: () => ({ enrolments: enrolments.size }),
  });
  return sim;
}
