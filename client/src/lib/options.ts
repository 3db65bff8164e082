/** Options for select widgets, from the domain's code tables and divisions. */
import { ALL_CODE_TABLES, codeName, type TCodeTable } from '@/domain/codes/index';
import { findDivision, provinceDivisions, childDivisions } from '@/domain/divisions/divisions';
import { FORM_INSURANCE_ALIASES } from '@/domain/form/schema';
import { codeOfAlias } from '@/domain/codes/code-table';

export interface TOption {
  label: string;
  value: string;
}
export interface TTreeOption {
  text: string;
  value: string;
  children?: TTreeOption[];
}

export function codeTable(id: string): TCodeTable | undefined {
  return ALL_CODE_TABLES.find((t) => t.id === id);
}

/** Tables with parent entries (行业, 职业) are picked in two levels and only a child is valid. */
export function isTreeTable(table: TCodeTable): boolean {
  return table.entries.some((e) => e.parent !== undefined);
}

export function flatOptions(table: TCodeTable): TOption[] {
  return table.entries.map((e) => ({ label: e.name, value: e.code }));
}

export function treeOptions(table: TCodeTable): TTreeOption[] {
  const roots = table.entries.filter((e) => e.parent === undefined);
  return roots.map((r) => {
    const children = table.entries.filter((e) => e.parent === r.code).map((c) => ({ text: `${c.code} ${c.name}`, value: c.code }));
    // a leaf (e.g. “9 无”) must have no children list, or the cascader never closes on it
    return children.length ? { text: `${r.code} ${r.name}`, value: r.code, children } : { text: `${r.code} ${r.name}`, value: r.code };
  });
}

/** The path from the root to `code` in a two-level table. */
export function treePath(table: TCodeTable, code: string | undefined): string[] {
  if (!code) return [];
  const entry = table.entries.find((e) => e.code === code);
  if (!entry) return [];
  return entry.parent ? [entry.parent, code] : [code];
}

let divisionTree: TTreeOption[] | undefined;
/** Province → prefecture → county, built once (≈ 3,200 nodes). */
export function divisionOptions(): TTreeOption[] {
  divisionTree ??= provinceDivisions().map((p) => {
    const prefectures = childDivisions(p.code);
    return {
      text: p.name,
      value: p.code,
      ...(prefectures.length
        ? {
            children: prefectures.map((c) => {
              const counties = childDivisions(c.code);
              return { text: c.name, value: c.code, ...(counties.length ? { children: counties.map((a) => ({ text: a.name, value: a.code })) } : {}) };
            }),
          }
        : {}),
    };
  });
  return divisionTree;
}

export function divisionPath(code: string | undefined): string[] {
  const path: string[] = [];
  let d = code ? findDivision(code) : undefined;
  while (d) {
    path.unshift(d.code);
    d = d.parent ? findDivision(d.parent) : undefined;
  }
  return path;
}

/** The name to show for a select's stored value. */
export function optionLabel(codeTableId: string | undefined, value: unknown): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  if (codeTableId === 'divisions') return findDivision(value)?.fullName;
  const table = codeTableId ? codeTable(codeTableId) : undefined;
  return table ? codeName(table, value) ?? value : value;
}

/** The four insurances the form offers (生育 goes with 医疗). */
export function insuranceOptions(table: TCodeTable): TOption[] {
  return FORM_INSURANCE_ALIASES.map((alias) => {
    const code = codeOfAlias(table, alias);
    return { value: code, label: codeName(table, code) ?? code };
  });
}
