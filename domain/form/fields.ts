/** The form's fields as a flat list, derived from the section schemas. */
import type { z } from 'zod';
import { ITEM_CATALOG, type TItemCode } from '../items/catalog';
import { formFieldRegistry, type TFieldMeta } from './field-meta';
import { FORM_SECTIONS, type TFormSectionKey } from './schema';

export interface TFormField {
  section: TFormSectionKey;
  sectionTitle: string;
  key: string;
  /** Path in the application, e.g. `['employee', 'documentNumber']`. */
  path: readonly [TFormSectionKey, string];
  meta: TFieldMeta;
  required: boolean;
  /** Items whose processing uses this field. */
  items: readonly TItemCode[];
}

const ALL_ITEMS = ITEM_CATALOG.map((i) => i.code);

/** Items whose processing uses a section of the form. */
export function sectionItems(section: (typeof FORM_SECTIONS)[number]): readonly TItemCode[] {
  return section.items === 'all' ? ALL_ITEMS : section.items;
}

function buildFields(): TFormField[] {
  const fields: TFormField[] = [];
  for (const section of FORM_SECTIONS) {
    const shape = (section.schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
    for (const [key, schema] of Object.entries(shape)) {
      const meta = formFieldRegistry.get(schema);
      if (!meta) throw new Error(`表单字段 ${section.key}.${key} 缺少元数据`);
      fields.push({
        section: section.key,
        sectionTitle: section.title,
        key,
        path: [section.key, key],
        meta,
        required: !schema.safeParse(undefined).success,
        items: meta.items ?? sectionItems(section),
      });
    }
  }
  return fields;
}

export const FORM_FIELDS: readonly TFormField[] = buildFields();

export function formField(section: TFormSectionKey, key: string): TFormField | undefined {
  return FORM_FIELDS.find((f) => f.section === section && f.key === key);
}
