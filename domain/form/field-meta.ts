/**
 * Metadata of the one form's fields: Chinese label, where the value comes
 * from, whether a person may type it, and which widget shows it. Attached to
 * each field's zod schema through a zod registry, so the schema stays the
 * single source of both types and form structure.
 */
import { z } from 'zod';
import type { TItemCode } from '../items/catalog';

/** Where a value comes from (seed 附件1). */
export const ZFieldSourceSchema = z.enum(['market_regulation', 'public_security', 'mohrss', 'manual', 'system']);
export type TFieldSource = z.infer<typeof ZFieldSourceSchema>;

export const FIELD_SOURCE_LABELS: Record<TFieldSource, string> = {
  market_regulation: '市监',
  public_security: '公安',
  mohrss: '人社部',
  manual: '手工',
  system: '系统',
};

export type TWidget = 'text' | 'select' | 'date' | 'checkbox';

export interface TFieldMeta {
  label: string;
  source: TFieldSource;
  /** Whether a person may type or change the value (seed: “也可手工录入”). */
  manualEntry: boolean;
  widget: TWidget;
  /** Keyboard for text widgets on a phone. */
  keyboard?: 'text' | 'number' | 'digit' | 'idcard' | 'tel';
  /** Id of the code table a select or checkbox draws its options from. */
  codeTable?: string;
  /** Money in fen / rate in basis points / hours, shown converted. */
  unit?: 'fen_per_month' | 'fen_per_year' | 'fen' | 'bp' | 'hours_per_week';
  /** The value belongs to the employer: typed once, reused for every hire. */
  employerLevel?: boolean;
  /** Not on the seed's form; added because a rule or document type needs it. */
  addition?: string;
  /** Items using this field when it differs from its section's. */
  items?: readonly TItemCode[];
  hint?: string;
}

export const formFieldRegistry = z.registry<TFieldMeta>();

/**
 * A copy of `schema` carrying the field's metadata. Copied, because the
 * registry is keyed by schema instance and shared schemas (a person's name,
 * a date) stand behind several fields.
 */
export function field<T extends z.ZodType>(schema: T, meta: TFieldMeta): T {
  const copy = schema.clone();
  formFieldRegistry.add(copy as z.ZodType, meta);
  return copy;
}
