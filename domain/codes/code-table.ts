/** The shape every code table in `domain/codes/` has. */
export interface TCodeEntry {
  readonly code: string;
  readonly name: string;
  /** Code of the parent entry (e.g. the industry section of a division). */
  readonly parent?: string;
  /** A short extra, such as the 2-letter romanized code of an ethnic group. */
  readonly alias?: string;
}

export interface TCodeTable {
  readonly id: string;
  readonly title: string;
  /** Standard and version, e.g. `GB/T 4754-2017`. */
  readonly standard: string;
  /** Where the entries were taken from and how far they go. */
  readonly source: string;
  readonly entries: readonly TCodeEntry[];
}

export function defineCodeTable<const T extends TCodeTable>(table: T): T {
  const seen = new Set<string>();
  for (const entry of table.entries) {
    if (seen.has(entry.code)) throw new Error(`代码表 ${table.id} 中代码 ${entry.code} 重复`);
    seen.add(entry.code);
  }
  return table;
}

export function codeName(table: TCodeTable, code: string): string | undefined {
  return table.entries.find((e) => e.code === code)?.name;
}

export function hasCode(table: TCodeTable, code: string): boolean {
  return table.entries.some((e) => e.code === code);
}

/** Codes of a table as a non-empty tuple, for `z.enum`. */
export function codesOf(table: TCodeTable): [string, ...string[]] {
  const codes = table.entries.map((e) => e.code);
  if (codes.length === 0) throw new Error(`代码表 ${table.id} 为空`);
  return codes as [string, ...string[]];
}

/** The stable English key (`alias`) of a code, e.g. `full_time` for 用工形式 `1`. */
export function aliasOf(table: TCodeTable, code: string): string | undefined {
  return table.entries.find((e) => e.code === code)?.alias;
}

/** The code whose alias is `alias`; throws if the table has none (a programming error). */
export function codeOfAlias(table: TCodeTable, alias: string): string {
  const entry = table.entries.find((e) => e.alias === alias);
  if (!entry) throw new Error(`代码表 ${table.id} 中没有别名 ${alias}`);
  return entry.code;
}

/** Whether `code` is an entry with a parent (e.g. an industry division, not a section). */
export function isChildCode(table: TCodeTable, code: string): boolean {
  return table.entries.some((e) => e.code === code && e.parent !== undefined);
}

/** The parent code of an entry (e.g. the section of an industry division). */
export function parentOf(table: TCodeTable, code: string): string | undefined {
  return table.entries.find((e) => e.code === code)?.parent;
}
