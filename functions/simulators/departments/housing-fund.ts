/**
 * Simulator of the 住房公积金管理中心 system, default prefix `/sim/housing-fund`:
 *
 *   POST /accounts   个人住房公积金账户设立 → accountNo (idempotent by requestId)
 *
 * Checks, as the centre would: each ratio within the rule in force (5–12 %,
 * `domain/rules/housing-fund.ts`), and 月缴存额 = 单位部分 + 个人部分, each side
 * base × ratio rounded on its own — a wrong amount is refused with
 * DEPOSIT_AMOUNT_MISMATCH (to be corrected). New hires deposit from the month
 * after the account is opened (`firstDepositMonth`).
 *
 * 公积金个人账号: 1503 + 01 (centre) + 8-digit sequence (from 30000001) + Luhn
 * check digit, 15 digits, e.g. `150301300000015` (synthetic).
 */
import { z } from 'zod';
import { addMonths, localToday } from '../../../domain/calendar/dates';
import { formatPercentBp, formatYuan } from '../../../domain/money/money';
import { housingFundRuleAt, monthlyDepositSideFen } from '../../../domain/rules/housing-fund';
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
  ZDeptEmployerSchema,
  ZDeptPersonSchema,
  type TClock,
  type TDeptFieldError,
} from './common';

export interface THousingFundSimulatorOptions {
  prefix?: string;
  now?: TClock;
  /** ID numbers with an account still in use at another employer (→ ALREADY_HAS_ACCOUNT). */
  accountElsewhere?: Iterable<string>;
  switches?: Partial<TSimSwitches>;
  seed?: number;
}

export interface THousingFundSimulator extends TSimulator {
  accountElsewhere: Set<string>;
  counts(): { accounts: number };
}

const ZOpenAccountSchema = z.object({
  requestId: z.string(),
  person: ZDeptPersonSchema,
  employer: ZDeptEmployerSchema.extend({ accountNo: ZAccountNoSchema }),
  depositBaseFen: z.number().int().positive({ error: '缴存基数应大于0' }),
  employerRateBp: z.number().int().min(0),
  personalRateBp: z.number().int().min(0),
  monthlyDepositFen: z.number().int().min(0),
});

export function createHousingFundSimulator(options: THousingFundSimulatorOptions = {}): THousingFundSimulator {
  const now = options.now ?? Date.now;
  const store = new IdempotencyStore();
  const sequence = new Sequence(30_000_001);
  const accounts = new Map<string, { accountNo: string; idNumber: string; employerUscc: string }>();

  function openAccount(req: TSimRequest) {
    return store.run('housing-fund-account', req, () => {
      const parsed = parseBody(ZOpenAccountSchema, req.body);
      if (!parsed.ok) return parsed.response;
      const b = parsed.data;
      const today = localToday(now());
      const rule = housingFundRuleAt(today).value;
      const errors: TDeptFieldError[] = [];
      const range = `${formatPercentBp(rule.minRateBp)}–${formatPercentBp(rule.maxRateBp)}`;
      if (b.employerRateBp < rule.minRateBp || b.employerRateBp > rule.maxRateBp) {
        errors.push({ field: 'employerRateBp', message: `单位缴存比例应在${range}之间` });
      }
      if (b.personalRateBp < rule.minRateBp || b.personalRateBp > rule.maxRateBp) {
        errors.push({ field: 'personalRateBp', message: `个人缴存比例应在${range}之间` });
      }
      if (errors.length) return refuse('INVALID_PARAMS', errors.map((e) => e.message).join('；'), errors);
      const employerDepositFen = monthlyDepositSideFen(b.depositBaseFen, b.employerRateBp, rule);
      const personalDepositFen = monthlyDepositSideFen(b.depositBaseFen, b.personalRateBp, rule);
      const expected = employerDepositFen + personalDepositFen;
      if (b.monthlyDepositFen !== expected) {
        const message = `月缴存额应为${formatYuan(expected)}（缴存基数${formatYuan(b.depositBaseFen)} × 单位${formatPercentBp(b.employerRateBp)} + 个人${formatPercentBp(
          b.personalRateBp,
        )}），申报的是${formatYuan(b.monthlyDepositFen)}，请更正`;
        return refuse('DEPOSIT_AMOUNT_MISMATCH', message, [{ field: 'monthlyDepositFen', message }]);
      }
      const id = b.person.idNumber;
      const existing = [...accounts.values()].find((a) => a.idNumber === id);
      if (sim.accountElsewhere.has(id) || (existing && existing.employerUscc !== b.employer.uscc)) {
        return refuse('ALREADY_HAS_ACCOUNT', '该职工在其他单位有正常缴存的住房公积金账户，请原单位办理封存后再办理');
      }
      if (existing) return refuse('DUPLICATE_ACCOUNT', `该职工已在本单位开立个人账户（${existing.accountNo}），无需重复办理`);
      const digits = `150301${pad(sequence.take(), 8)}`;
      const accountNo = digits + luhnCheckDigit(digits);
      accounts.set(accountNo, { accountNo, idNumber: id, employerUscc: b.employer.uscc });
      return ok({
        accountNo,
        openedAt: isoTime(now()),
        employerDepositFen,
        personalDepositFen,
        monthlyDepositFen: expected,
        firstDepositMonth: addMonths(`${today.slice(0, 7)}-01`, 1).slice(0, 7),
      });
    });
  }

  const base = createSimulator({
    name: '住房公积金管理中心系统',
    prefix: options.prefix ?? '/sim/housing-fund',
    seed: options.seed,
    switches: options.switches,
    onReset: () => {
      store.clear();
      sequence.reset();
      accounts.clear();
    },
    routes: [{ method: 'POST', pattern: '/accounts', handler: openAccount }],
  });
  const sim: THousingFundSimulator = Object.assign(base, {
    accountElsewhere: new Set(options.accountElsewhere ?? []),
    counts: () => ({ accounts: accounts.size }),
  });
  return sim;
}
