/**
 * Synthetic enterprises, as 市监 data sharing would return them. Generated
 * at import from a fixed seed, so every run (and every import) gives the same
 * list. Every name contains 示例 and every legal representative or contact is
 * 测试法人… / 测试联系人…: no real company or person appears.
 *
 * Phone numbers are landlines with the Wuhai area code 0473 whose local part
 * starts with 0 — a prefix no subscriber number has, so none can be real.
 */
import { findDivision } from '../../../domain';
import { seededRandom } from '../framework';
import { makeUscc, newStyleBody, oldStyleBody, ordinalSuffix, pick, sectorOfIndustry, weighted } from './ids';
import type { TEnterpriseStatus, TSimEnterprise } from './types';

export const ENTERPRISE_SEED = 20221227;

/** The county-level divisions of 乌海市 and a few outside it. */
export const WUHAI_DISTRICTS = ['150302', '150303', '150304'] as const;
const OTHER_DIVISIONS = ['150102', '150203', '152921', '640202'] as const;

/** Divisions' names below the province, e.g. `乌海市海勃湾区`. */
function localName(divisionCode: string): string {
  const division = findDivision(divisionCode);
  if (!division) throw new Error(`未知行政区划 ${divisionCode}`);
  const province = findDivision(divisionCode.slice(0, 2) + '0000');
  return province ? division.fullName.slice(province.name.length) : division.fullName;
}

function fullName(divisionCode: string): string {
  return findDivision(divisionCode)!.fullName;
}

/** Industries common in Wuhai (coal, chemicals, power, building materials, services), with a word for the name. */
const INDUSTRIES: readonly (readonly [code: string, words: readonly string[], weight: number])[] = [
  ['06', ['煤业', '矿业'], 6],
  ['26', ['化工', '精细化工'], 6],
  ['44', ['能源', '热电'], 4],
  ['30', ['建材', '新型建材'], 4],
  ['25', ['焦化', '煤化工'], 3],
  ['31', ['冶金', '特钢'], 2],
  ['48', ['路桥工程', '市政工程'], 3],
  ['47', ['建筑工程', '建设'], 3],
  ['51', ['商贸', '物资'], 3],
  ['52', ['超市', '百货'], 4],
  ['54', ['物流', '运输'], 3],
  ['59', ['仓储'], 1],
  ['61', ['酒店管理'], 1],
  ['62', ['餐饮管理', '餐饮'], 3],
  ['65', ['软件科技', '信息技术'], 2],
  ['72', ['人力资源', '企业管理咨询'], 2],
  ['70', ['房地产开发', '置业'], 1],
  ['80', ['家政服务', '物业服务'], 2],
  ['74', ['检测技术', '工程勘察'], 1],
  ['43', ['机械设备维修'], 1],
  ['11', ['矿山技术服务'], 1],
  ['01', ['葡萄种植', '农业'], 1],
  ['03', ['牧业'], 1],
  ['05', ['农业服务'], 1],
];

const BRANDS = [
  '恒通', '瑞丰', '金泰', '鑫源', '华宇', '博远', '德润', '众合', '安泰', '晨光',
  '远航', '嘉禾', '泰和', '同创', '新锐', '北辰', '天成', '乾元', '恒昌', '永安',
  '佳禾', '明德', '弘毅', '聚力', '凯达', '广厦', '盛世', '景程', '和顺', '长青',
] as const;

const ROADS = ['滨河大街', '人民路', '新华街', '黄河街', '团结路', '建设路', '长青路', '胜利街', '海达路', '巴音赛街', '工业园区纬一路', '工业园区经三路'] as const;

const CONTACT_AREA = '0473';

function contactPhone(random: () => number): string {
  // Local part starts with 0: no subscriber number does, so the number is certainly fictitious.
  return `${CONTACT_AREA}-0${String(Math.floor(random() * 1_000_000)).padStart(6, '0')}`;
}

interface TSpec {
  uscc?: string;
  name?: string;
  divisionCode: string;
  industryCode: string;
  legalRepresentative: string;
  contact: boolean;
  status: TEnterpriseStatus;
  establishedDate?: string;
}

function build(spec: TSpec, random: () => number, usedUscc: Set<string>, usedNames: Set<string>, index: number): TSimEnterprise {
  const industry = INDUSTRIES.find(([code]) => code === spec.industryCode);
  let name = spec.name;
  while (!name || usedNames.has(name)) {
    const word = pick(random, industry?.[1] ?? ['实业']);
    const form = random() < 0.85 ? '有限公司' : '有限责任公司';
    name = `${localName(spec.divisionCode)}示例${pick(random, BRANDS)}${word}${form}`;
  }
  usedNames.add(name);
  const year = 2003 + Math.floor(random() * 23); // 2003–2025
  const establishedDate =
    spec.establishedDate ?? `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  let uscc = spec.uscc;
  while (!uscc || usedUscc.has(uscc)) {
    const body = establishedDate >= '2015-10-01' ? newStyleBody(random) : oldStyleBody(random);
    uscc = makeUscc(spec.divisionCode, body);
  }
  usedUscc.add(uscc);
  const address = `${fullName(spec.divisionCode)}${pick(random, ROADS)}${1 + Math.floor(random() * 200)}号`;
  const record: TSimEnterprise = {
    uscc,
    name,
    address,
    legalRepresentative: spec.legalRepresentative,
    ...(spec.contact ? { contactName: `测试联系人${ordinalSuffix(index)}`, contactPhone: contactPhone(random) } : {}),
    industrialSector: sectorOfIndustry(spec.industryCode),
    divisionCode: spec.divisionCode,
    industryCode: spec.industryCode,
    status: spec.status,
    establishedDate,
    registrationAuthority: `${localName(spec.divisionCode)}市场监督管理局`,
  };
  return record;
}

/** The named records (demo data in the issue, and a few special cases). */
const NAMED_SPECS = {
  /** Issue demo: a power company in 海勃湾区. */
  energy: {
    uscc: '91150302MA0N1A2B37',
    name: '乌海市海勃湾区示例能源有限公司',
    divisionCode: '150302',
    industryCode: '44',
    legalRepresentative: '测试法人甲',
    contact: true,
    status: '存续',
    establishedDate: '2019-03-12',
  },
  /** Issue demo: a building-materials company in 海南区. */
  buildingMaterials: {
    uscc: '91150303MA0N7C8D99',
    name: '乌海市海南区示例建材有限公司',
    divisionCode: '150303',
    industryCode: '30',
    legalRepresentative: '测试法人乙',
    contact: true,
    status: '存续',
    establishedDate: '2020-07-08',
  },
  /** 注销: an employer that no longer exists. */
  cancelled: {
    name: '乌海市乌达区示例商贸有限公司',
    divisionCode: '150304',
    industryCode: '52',
    legalRepresentative: '测试法人丙',
    contact: true,
    status: '注销',
    establishedDate: '2016-05-20',
  },
  /** No contact on file: the form asks for it by hand. */
  noContact: {
    name: '乌海市海南区示例化工有限公司',
    divisionCode: '150303',
    industryCode: '26',
    legalRepresentative: '测试法人丁',
    contact: false,
    status: '存续',
    establishedDate: '2012-09-15',
  },
  /** A coal mine in 乌达区. */
  coal: {
    name: '乌海市乌达区示例煤业有限公司',
    divisionCode: '150304',
    industryCode: '06',
    legalRepresentative: '测试法人戊',
    contact: true,
    status: '存续',
    establishedDate: '2008-04-01',
  },
  /** A software company (第三产业). */
  software: {
    name: '乌海市海勃湾区示例软件科技有限公司',
    divisionCode: '150302',
    industryCode: '65',
    legalRepresentative: '测试法人己',
    contact: true,
    status: '存续',
    establishedDate: '2021-11-11',
  },
} as const satisfies Record<string, TSpec>;

export type TDemoEnterpriseKey = keyof typeof NAMED_SPECS;

/** How many generated enterprises come after the named ones. */
const GENERATED_COUNT = 54;

function generate(): { all: TSimEnterprise[]; named: Record<TDemoEnterpriseKey, TSimEnterprise> } {
  const random = seededRandom(ENTERPRISE_SEED);
  const usedUscc = new Set<string>();
  const usedNames = new Set<string>();
  const all: TSimEnterprise[] = [];
  const named = {} as Record<TDemoEnterpriseKey, TSimEnterprise>;
  let index = 0;
  for (const [key, spec] of Object.entries(NAMED_SPECS) as [TDemoEnterpriseKey, TSpec][]) {
    const record = build(spec, random, usedUscc, usedNames, index++);
    named[key] = record;
    all.push(record);
  }
  for (let i = 0; i < GENERATED_COUNT; i++) {
    const divisionCode =
      random() < 0.9 ? weighted(random, [['150302', 5], ['150303', 3], ['150304', 3]] as const) : pick(random, OTHER_DIVISIONS);
    const industryCode = weighted(random, INDUSTRIES.map(([code, , weight]) => [code, weight] as const));
    all.push(
      build(
        {
          divisionCode,
          industryCode,
          legalRepresentative: `测试法人${ordinalSuffix(index)}`,
          contact: random() < 0.8,
          status: '存续',
        },
        random,
        usedUscc,
        usedNames,
        index++,
      ),
    );
  }
  return { all, named };
}

const generated = generate();

/** Every synthetic enterprise (named ones first). */
export const ENTERPRISES: readonly TSimEnterprise[] = generated.all;

/** Named records for the README, demos and tests. */
export const DEMO_ENTERPRISES: Readonly<Record<TDemoEnterpriseKey, TSimEnterprise>> = generated.named;

/** Enterprises by USCC. */
export const ENTERPRISES_BY_USCC: ReadonlyMap<string, TSimEnterprise> = new Map(ENTERPRISES.map((e) => [e.uscc, e]));
