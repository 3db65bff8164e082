/**
 * The hire wizard's state as plain data and pure functions (no Taro, no React):
 * the steps, the draft, field edits, validation with the domain schemas,
 * auto-fill with provenance, and the pre-check's findings mapped to steps.
 */
import { parseWithIssues } from '@/domain/errors/zod-issues';
import { filingMaterials, materialsOf, type TDraftMaterials } from './materials';
import { FIELD_SOURCE_LABELS, type TFieldSource } from '@/domain/form/field-meta';
import { FORM_FIELDS, type TFormField } from '@/domain/form/fields';
import { FORM_SECTIONS, type TFormSectionKey } from '@/domain/form/schema';
import type { TCheckFinding, TCheckLevel, THireCheck } from '@/domain/precheck/check-hire';

export type TSectionKey = Exclude<TFormSectionKey, 'filer'>;

export interface TWizardStep {
  key: string;
  title: string;
  section?: TSectionKey;
}

/** One step per section: 单位 → 人员 → 就业登记 → 社保医保 → 用工备案 → 公积金 → 材料 → 核对提交. */
export const WIZARD_STEPS: readonly TWizardStep[] = [
  { key: 'employer', title: '单位', section: 'employer' },
  { key: 'employee', title: '人员', section: 'employee' },
  { key: 'employmentRegistration', title: '就业登记', section: 'employmentRegistration' },
  { key: 'insurance', title: '社保医保', section: 'insurance' },
  { key: 'laborFiling', title: '用工备案', section: 'laborFiling' },
  { key: 'housingFund', title: '公积金', section: 'housingFund' },
  { key: 'materials', title: '材料' },
  { key: 'review', title: '核对提交' },
];

export const REVIEW_STEP = WIZARD_STEPS.length - 1;

export function stepOfSection(section: string): number {
  const i = WIZARD_STEPS.findIndex((s) => s.section === section);
  return i >= 0 ? i : REVIEW_STEP; // filer (system-filled) is shown on the review step
}

export function sectionFields(section: TFormSectionKey): TFormField[] {
  return FORM_FIELDS.filter((f) => f.section === section);
}

export const pathOf = (section: string, key: string) => `${section}.${key}`;

export interface TProvenance {
  source: TFieldSource | 'profile';
  fetchedAt: string;
}

export interface TDraft {
  version: 1;
  id: string;
  /** One key per draft: a retried submission carries the same key, so the server files it once. */
  idempotencyKey: string;
  step: number;
  values: Partial<Record<TSectionKey, Record<string, unknown>>>;
  /** Text as typed for converted fields (money in 元, rates in %), by path. */
  texts: Record<string, string>;
  provenance: Record<string, TProvenance>;
  /** Fields auto-fill could not fill: type them by hand. */
  manualHints: Record<string, string>;
  /** Messages of the data sources that were down or had no record. */
  problems: Record<string, string[]>;
  touched: Record<string, true>;
  /** Last person lookup (`idType|number|name`), so the same one is not repeated. */
  personLookup?: string;
  submitted?: { applicationId: string; at: string };
  /** The application this draft's terms were carried over from (the enterprise's previous hire). */
  carriedFrom?: string;
  /** The materials step: consent, uploaded photos and contract choice (never carried to the next hire). */
  materials?: TDraftMaterials;
  updatedAt: string;
}

export function newIdempotencyKey(now = Date.now(), random: () => number = Math.random): string {
  const r = () => Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0');
  return `hire-${now.toString(36)}-${r()}${r()}`;
}

/** What a next hire keeps from the previous one: everything but the person (and who filed when). */
function carries(path: string): boolean {
  return !path.startsWith('employee.') && !path.startsWith('filer.') && path !== 'employmentRegistration.firstEmploymentDate';
}

const pick = <T>(record: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(record).filter(([path]) => carries(path)));

/**
 * A new draft for the enterprise's next hire: the employer, the registration,
 * insurance, contract, pay and fund terms of the previous hire carry over for
 * the HR contact to confirm or change; the person is empty; a new
 * Idempotency-Key, so it files as a new application.
 */
export function nextDraftAfter(previous: TDraft, now = Date.now(), random: () => number = Math.random): TDraft {
  const fresh = newDraft(now, random);
  const values: TDraft['values'] = { ...fresh.values };
  for (const [section, sectionValues] of Object.entries(previous.values) as [TSectionKey, Record<string, unknown>][]) {
    if (section === 'employee' || section === ('filer' as TSectionKey)) continue;
    values[section] = Object.fromEntries(Object.entries(sectionValues ?? {}).filter(([key]) => carries(`${section}.${key}`)));
  }
  return {
    ...fresh,
    values,
    texts: pick(previous.texts),
    provenance: pick(previous.provenance),
    ...(previous.submitted ? { carriedFrom: previous.submitted.applicationId } : {}),
  };
}

export function newDraft(now = Date.now(), random: () => number = Math.random): TDraft {
  return {
    version: 1,
    id: `d${now.toString(36)}`,
    idempotencyKey: newIdempotencyKey(now, random),
    step: 0,
    values: {
      employee: { documentType: '01' }, // 居民身份证
      insurance: { insuranceTypes: ['110', '310', '210', '410'] },
    },
    texts: {},
    provenance: {},
    manualHints: {},
    problems: {},
    touched: {},
    updatedAt: new Date(now).toISOString(),
  };
}

export function fieldValue(draft: TDraft, section: TSectionKey, key: string): unknown {
  return draft.values[section]?.[key];
}

/** A person's edit: sets the value (undefined clears it), keeps the typed text, marks the field touched. */
export function setField(draft: TDraft, section: TSectionKey, key: string, value: unknown, text?: string): TDraft {
  const path = pathOf(section, key);
  const sectionValues = { ...(draft.values[section] ?? {}) };
  if (value === undefined || value === '') delete sectionValues[key];
  else sectionValues[key] = value;
  const texts = { ...draft.texts };
  if (text === undefined) delete texts[path];
  else texts[path] = text;
  const manualHints = { ...draft.manualHints };
  return {
    ...draft,
    values: { ...draft.values, [section]: sectionValues },
    texts,
    manualHints,
    touched: { ...draft.touched, [path]: true },
  };
}

export function touchSection(draft: TDraft, section: TSectionKey): TDraft {
  const touched = { ...draft.touched };
  for (const f of sectionFields(section)) touched[pathOf(section, f.key)] = true;
  return { ...draft, touched };
}

/** Issues of one section from its domain schema, first message per field (`''` = the section as a whole). */
export function sectionIssues(draft: TDraft, section: TSectionKey): Record<string, string> {
  const schema = FORM_SECTIONS.find((s) => s.key === section)!.schema;
  const result = parseWithIssues(schema, draft.values[section] ?? {});
  const out: Record<string, string> = {};
  if (result.success) return out;
  for (const issue of result.issues) {
    const key = typeof issue.path[0] === 'string' ? issue.path[0] : '';
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/** Issues to show now: only on fields the person has touched (or tried to leave the step with). */
export function visibleIssues(draft: TDraft, section: TSectionKey): Record<string, string> {
  const all = sectionIssues(draft, section);
  return Object.fromEntries(Object.entries(all).filter(([key]) => key === '' || draft.touched[pathOf(section, key)]));
}

export function isEditable(draft: TDraft, field: TFormField): boolean {
  const path = pathOf(field.section, field.key);
  return field.meta.manualEntry || !draft.provenance[path] || path in draft.manualHints;
}

export interface TFilledValue {
  value: unknown;
  source: TFieldSource | 'profile';
  fetchedAt: string;
}

export interface TAutofillResult {
  values: Record<string, TFilledValue>;
  manualFields?: string[];
  problems?: { source: string; kind: string; message: string }[];
}

/**
 * Auto-filled values into a section, each with its source. A value the person
 * already typed by hand (touched, no provenance) is kept.
 */
export function applyAutofill(draft: TDraft, section: TSectionKey, result: TAutofillResult): TDraft {
  const keys = new Set(sectionFields(section).map((f) => f.key));
  const sectionValues = { ...(draft.values[section] ?? {}) };
  const provenance = { ...draft.provenance };
  const manualHints = { ...draft.manualHints };
  const texts = { ...draft.texts };
  for (const [key, filled] of Object.entries(result.values)) {
    if (!keys.has(key)) continue;
    const path = pathOf(section, key);
    const typedByHand = draft.touched[path] && !draft.provenance[path] && sectionValues[key] !== undefined;
    if (typedByHand) continue;
    sectionValues[key] = filled.value;
    provenance[path] = { source: filled.source, fetchedAt: filled.fetchedAt };
    delete manualHints[path];
    delete texts[path];
  }
  // A value an earlier lookup filled (e.g. the previous person's education) must not stay when this one has none.
  for (const key of keys) {
    const path = pathOf(section, key);
    const earlier = draft.provenance[path];
    if (!(key in result.values) && earlier && earlier.source !== 'profile') {
      delete sectionValues[key];
      delete provenance[path];
      delete texts[path];
    }
  }
  for (const key of result.manualFields ?? []) {
    if (keys.has(key)) manualHints[pathOf(section, key)] = '未能自动获取，请手工填写';
  }
  return {
    ...draft,
    values: { ...draft.values, [section]: sectionValues },
    provenance,
    manualHints,
    texts,
    problems: { ...draft.problems, [section]: (result.problems ?? []).map((p) => p.message) },
  };
}

/** The employer's constants (社保/医保/就业单位编号, 公积金账号, 单位比例) into their sections, where still empty. */
export function applyEmployerConstants(draft: TDraft, constants: Record<string, TFilledValue>): TDraft {
  let next = draft;
  for (const [key, filled] of Object.entries(constants)) {
    const field = FORM_FIELDS.find((f) => f.key === key && f.meta.employerLevel);
    if (!field || field.section === 'filer') continue;
    const section = field.section as TSectionKey;
    if (fieldValue(next, section, key) !== undefined) continue;
    next = applyAutofill(next, section, { values: { [key]: filled } });
  }
  return next;
}

/** `市监 · 11-26 09:30` for a field's provenance badge. */
export function provenanceLabel(p: TProvenance): string {
  const source = p.source === 'profile' ? '单位档案' : FIELD_SOURCE_LABELS[p.source];
  const d = new Date(p.fetchedAt);
  if (Number.isNaN(d.getTime())) return source;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${source} · ${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

const strip = (values: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries(values ?? {}).filter(([, v]) => v !== undefined && v !== ''));

/** The application body to check and submit; 填报人 from the contact, 填报日期 today. */
export function buildApplication(draft: TDraft, today: string): Record<string, Record<string, unknown>> {
  const employer = strip(draft.values.employer);
  return {
    employer,
    employee: strip(draft.values.employee),
    employmentRegistration: strip(draft.values.employmentRegistration),
    insurance: strip(draft.values.insurance),
    laborFiling: strip(draft.values.laborFiling),
    housingFund: strip(draft.values.housingFund),
    filer: strip({ handler: employer.contactName, filingDate: today }),
  };
}

/** The filing: the application and its materials (see domain/applications/filing). */
export function buildFiling(draft: TDraft, today: string): Record<string, unknown> {
  return { ...buildApplication(draft, today), materials: filingMaterials(materialsOf(draft)) };
}

export interface TFindingTarget {
  step: number;
  section: string;
  key?: string;
}

/** Where to take the person for a finding: the step and field of its first field path. */
export function findingTarget(finding: Pick<TCheckFinding, 'fields'>): TFindingTarget | undefined {
  const first = finding.fields[0];
  if (!first) return undefined;
  const [section, key] = first.split('.');
  if (!section) return undefined;
  return { step: stepOfSection(section), section, ...(key ? { key } : {}) };
}

export type TStatusColor = 'green' | 'amber' | 'red';
export const STATUS_COLOR: Record<TCheckLevel, TStatusColor> = { ok: 'green', warn: 'amber', block: 'red' };
export const STATUS_TEXT: Record<TCheckLevel, string> = { ok: '可以办理', warn: '请留意', block: '无法办理' };

export interface TPrecheckRow {
  item: string;
  name: string;
  status: TCheckLevel;
  color: TStatusColor;
  findings: (TCheckFinding & { target?: TFindingTarget })[];
}

/** The pre-check as rows for the panel: one per item, each finding with where to fix it. */
export function precheckRows(check: THireCheck): TPrecheckRow[] {
  return check.items.map((i) => ({
    item: i.item,
    name: i.name,
    status: i.status,
    color: STATUS_COLOR[i.status],
    findings: i.findings.map((f) => {
      const target = findingTarget(f);
      return target ? { ...f, target } : f;
    }),
  }));
}

/** Server field paths (`employee.phone`) → messages, from an API error. */
export function serverIssuesBySection(fields: Record<string, string>): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [path, message] of Object.entries(fields)) {
    const [section, key = ''] = path.split('.');
    if (!section) continue;
    (out[section] ??= {})[key] = message;
  }
  return out;
}
