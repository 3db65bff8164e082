/**
 * The seven items at their departments: which client call processes which
 * item, how the card's and the certificate's variants are requested, and how
 * an answer becomes a state (done, in progress with a stage, needs
 * correction, rejected). Outages surface as UpstreamError for the caller to
 * retry through the queue.
 */
import { CARD_STAGES, CERTIFICATE_STAGES } from '../applications/item-state';
import type { TDepartmentsPort, TItemRunInput, TItemRunResult } from '../deps';
import type { TDeptOutcome } from './common';
import type { HousingFundClient } from './housing-fund';
import type { HrssClient } from './hrss';
import type { MedicalInsuranceClient } from './medical';

type TRefusal = Extract<TDeptOutcome<unknown>, { ok: false }>;

function refusal(r: TRefusal): TItemRunResult {
  if (r.kind === 'rejected') return { kind: 'rejected', message: r.message };
  return { kind: 'needs_correction', message: r.message, fields: (r.fields ?? []).map((f) => f.path.join('.')) };
}

const stageOf = (stages: readonly string[], name: string) => ({ name, rank: stages.indexOf(name) + 1 });

export interface TItemsPortOptions {
  hrss: HrssClient;
  medical: MedicalInsuranceClient;
  housingFund: HousingFundClient;
  /** How long to wait before asking about a physical card or certificate again. */
  pollSeconds: number;
}

export function createDepartmentsPort(o: TItemsPortOptions): TDepartmentsPort {
  const wants = (input: TItemRunInput, variant: string) => input.variants.length === 0 || input.variants.includes(variant);

  async function certificate(input: TItemRunInput): Promise<TItemRunResult> {
    const results: Record<string, string> = { ...input.results };
    const registrationNo = input.dependencyResults.registrationNo;
    if (!registrationNo) return { kind: 'rejected', message: '缺少就业登记编号，无法申领就业创业证' };
    if (wants(input, 'electronic') && !results.electronicCertificateNo) {
      const e = await o.hrss.applyEmploymentCertificate({ requestId: `${input.requestId}:electronic`, application: input.application, variant: 'electronic', registrationNo });
      if (!e.ok) return refusal(e);
      if (e.result.status === 'issued') results.electronicCertificateNo = e.result.certificateNo;
    }
    if (!wants(input, 'physical')) return { kind: 'done', results };
    let physical = results.physicalTicket
      ? await o.hrss.getEmploymentCertificate(results.physicalTicket)
      : await o.hrss.applyEmploymentCertificate({ requestId: `${input.requestId}:physical`, application: input.application, variant: 'physical', registrationNo });
    if (!physical.ok) return refusal(physical);
    const r = physical.result;
    if (r.variant === 'physical') {
      results.physicalTicket = r.ticket;
      results.pickupLocation = `${r.pickupLocation.name}（${r.pickupLocation.address}）`;
    }
    if (r.status === 'ready') {
      results.physicalCertificateNo = r.certificateNo;
      return { kind: 'done', results, stage: stageOf(CERTIFICATE_STAGES, '可领取') };
    }
    return { kind: 'in_progress', results, stage: stageOf(CERTIFICATE_STAGES, '制证中'), pollAfterSeconds: o.pollSeconds };
  }

  async function card(input: TItemRunInput): Promise<TItemRunResult> {
    const results: Record<string, string> = { ...input.results };
    const personalSocialSecurityNo = input.dependencyResults.personalSocialSecurityNo;
    if (!personalSocialSecurityNo) return { kind: 'rejected', message: '缺少个人社保编号，须先完成社保参保登记' };
    if (wants(input, 'electronic') && !results.electronicCardNo) {
      const e = await o.hrss.applySocialSecurityCard({ requestId: `${input.requestId}:electronic`, application: input.application, variant: 'electronic', personalSocialSecurityNo });
      if (!e.ok) return refusal(e);
      if (e.result.cardNo) results.electronicCardNo = e.result.cardNo;
    }
    const variant = wants(input, 'physical_sporadic') ? 'physical_sporadic' : wants(input, 'physical_batch') ? 'physical_batch' : undefined;
    if (!variant) return { kind: 'done', results };
    const answer = results.cardApplicationNo
      ? await o.hrss.getSocialSecurityCard(results.cardApplicationNo)
      : await o.hrss.applySocialSecurityCard({ requestId: `${input.requestId}:${variant}`, application: input.application, variant, personalSocialSecurityNo });
    if (!answer.ok) return refusal(answer);
    const c = answer.result;
    results.cardApplicationNo = c.applicationNo;
    if (c.cardNo) results.cardNo = c.cardNo;
    if (c.branch) results.collectionBranch = `${c.branch.name}（${c.branch.address}）`;
    if (c.status === 'failed') {
      return { kind: 'needs_correction', message: `社保卡制卡失败：${c.failureReason ?? '请核对信息后重新申领'}`, fields: [] };
    }
    const stage = stageOf(CARD_STAGES, c.currentStage ?? CARD_STAGES[0]);
    if (c.status === 'ready_for_collection') return { kind: 'done', results, stage };
    return { kind: 'in_progress', results, stage, pollAfterSeconds: o.pollSeconds };
  }

  async function run(input: TItemRunInput): Promise<TItemRunResult> {
    const { requestId, application } = input;
    switch (input.item) {
      case 'pension_insurance': {
        const r = await o.hrss.enrolPension({ requestId, application });
        if (!r.ok) return refusal(r);
        return {
          kind: 'done',
          results: {
            personalSocialSecurityNo: r.result.personalSocialSecurityNo,
            contributionBaseFen: String(r.result.contributionBaseFen),
          },
        };
      }
      case 'medical_insurance': {
        const r = await o.medical.enrol({ requestId, application });
        return r.ok ? { kind: 'done', results: { medicalPersonalNo: r.result.medicalPersonalNo } } : refusal(r);
      }
      case 'employment_registration': {
        const r = await o.hrss.registerEmployment({ requestId, application });
        return r.ok ? { kind: 'done', results: { registrationNo: r.result.registrationNo } } : refusal(r);
      }
      case 'labor_filing': {
        const r = await o.hrss.fileLabor({ requestId, application });
        return r.ok ? { kind: 'done', results: { filingNo: r.result.filingNo } } : refusal(r);
      }
      case 'housing_fund_account': {
        const r = await o.housingFund.openAccount({ requestId, application });
        return r.ok ? { kind: 'done', results: { accountNo: r.result.accountNo, firstDepositMonth: r.result.firstDepositMonth } } : refusal(r);
      }
      case 'employment_certificate':
        return certificate(input);
      case 'social_security_card':
        return card(input);
    }
  }

  return { run, poll: run };
}

