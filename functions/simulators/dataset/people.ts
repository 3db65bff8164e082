/**
 * Synthetic people, as 公安 (identity, hukou) and the 人社部 education
 * interface would know them. Generated at import from a fixed seed.
 *
 * Names: the named records are 测试员工甲, 测试员工乙 …; generated people are a
 * common surname + 测 + one given character (王测军, 李测芳 …) — plausible on a
 * form, marked as test data, and never a real or famous person's name.
 * Ages are meant as of `DATASET_REFERENCE_DATE` (the ID numbers are fixed, so
 * the ages drift as real time passes).
 */
import { addDays, ageOn, findDivision } from '../../../domain';
import { seededRandom } from '../framework';
import { ENTERPRISES } from './enterprises';
import { makeGb11643, makePermanentResidenceNo, pick, weighted } from './ids';
import type { TSimEducationRecord, TSimPerson } from './types';

export const PEOPLE_SEED = 19991001;

/** The day the generated ages are meant for. */
export const DATASET_REFERENCE_DATE = '2026-11-01';

const WUHAI_DISTRICTS = ['150302', '150303', '150304'] as const;
/** Counties elsewhere (Inner Mongolia, neighbouring Ningxia, and further) for people who moved to Wuhai. */
const OTHER_COUNTIES = [
  '150102', '150203', '150602', '152921', '150802', '150902', // 内蒙古
  '640104', '640202', '620102', '610113', '140105', // 宁夏、甘肃、陕西、山西
  '410102', '130102', '370102', '510104', '210102', // 河南、河北、山东、四川、辽宁
] as const;

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '白',
] as const;
const GIVEN_MALE = ['军', '伟', '强', '磊', '勇', '杰', '涛', '斌', '刚', '鹏', '浩', '宇', '凯', '航', '博', '峰', '亮', '超', '明', '辉'] as const;
const GIVEN_FEMALE = ['芳', '丽', '静', '敏', '燕', '娟', '霞', '婷', '雪', '琳', '悦', '欣', '萱', '彤', '蕾', '璐', '颖', '倩', '瑶', '洁'] as const;

const ROADS = ['滨河大街', '人民路', '新华街', '黄河街', '团结路', '建设路', '长青路', '胜利街', '海达路', '巴音赛街'] as const;
const VILLAGES = ['团结', '幸福', '光明', '新丰', '和平', '红旗'] as const;

const UNIVERSITIES = [
  '内蒙古大学', '内蒙古工业大学', '内蒙古科技大学', '内蒙古师范大学', '内蒙古农业大学', '内蒙古财经大学',
  '宁夏大学', '北方民族大学', '太原理工大学', '中国矿业大学', '兰州理工大学',
] as const;
const POSTGRADUATE_SCHOOLS = ['内蒙古大学', '内蒙古工业大学', '内蒙古科技大学', '宁夏大学', '中国矿业大学'] as const;
const COLLEGES = ['乌海职业技术学院', '包头职业技术学院', '内蒙古化工职业学院', '内蒙古机电职业技术学院', '内蒙古建筑职业技术学院'] as const;
const VOCATIONAL_SCHOOLS = ['乌海市示例职业中等专业学校', '乌海市示例技工学校', '内蒙古示例能源技工学校'] as const;

const MAJORS: Record<'postgraduate' | 'bachelor' | 'college' | 'vocational', readonly string[]> = {
  postgraduate: ['化学工程', '材料科学与工程', '电气工程', '矿业工程', '管理科学与工程', '计算机科学与技术'],
  bachelor: [
    '计算机科学与技术', '电气工程及其自动化', '化学工程与工艺', '采矿工程', '会计学', '市场营销',
    '机械设计制造及其自动化', '土木工程', '汉语言文学', '人力资源管理', '安全工程', '环境工程',
  ],
  college: ['煤矿开采技术', '应用化工技术', '发电厂及电力系统', '建筑工程技术', '大数据与会计', '计算机应用技术', '机电一体化技术', '护理', '现代物流管理', '电子商务'],
  vocational: ['电气设备安装与维修', '焊接技术应用', '化工工艺', '汽车维修', '中餐烹饪', '数控加工'],
};

/** Highest education of a generated person: a GB/T 4658 code, or none on file (高中/初中 are not in the interface). */
type TLevel = '11' | '14' | '21' | '31' | '41' | '47' | 'none';

/** A birth date for someone aged `age` on the reference date, on a random day of that year of life. */
function birthDateForAge(random: () => number, age: number): string {
  const latest = `${Number(DATASET_REFERENCE_DATE.slice(0, 4)) - age}${DATASET_REFERENCE_DATE.slice(4)}`;
  const date = addDays(latest, -Math.floor(random() * 365));
  return ageOn(date, DATASET_REFERENCE_DATE) === age ? date : latest;
}

function hukouAddress(random: () => number, county: string, rural: boolean): string {
  const base = findDivision(county)!.fullName;
  return rural
    ? `${base}${pick(random, VILLAGES)}村${1 + Math.floor(random() * 8)}组${1 + Math.floor(random() * 60)}号`
    : `${base}${pick(random, ROADS)}${1 + Math.floor(random() * 150)}号${1 + Math.floor(random() * 12)}栋${1 + Math.floor(random() * 4)}单元${1 + Math.floor(random() * 6)}0${1 + Math.floor(random() * 4)}室`;
}

function educationRecords(random: () => number, level: TLevel, birthDate: string): TSimEducationRecord[] {
  if (level === 'none') return [];
  const birthYear = Number(birthDate.slice(0, 4));
  const at = (age: number) => `${birthYear + age}-${random() < 0.85 ? '07-01' : '06-30'}`;
  const records: TSimEducationRecord[] = [];
  const add = (record: TSimEducationRecord) => {
    if (record.graduationDate <= DATASET_REFERENCE_DATE) records.push(record);
  };
  switch (level) {
    case '11':
    case '14': {
      const major = pick(random, MAJORS.postgraduate);
      add({ education: '21', graduateSchool: pick(random, UNIVERSITIES), major: pick(random, MAJORS.bachelor), graduationDate: at(22) });
      add({ education: '14', graduateSchool: pick(random, POSTGRADUATE_SCHOOLS), major, graduationDate: at(25) });
      if (level === '11') add({ education: '11', graduateSchool: pick(random, POSTGRADUATE_SCHOOLS), major, graduationDate: at(29) });
      break;
    }
    case '21':
      add({ education: random() < 0.97 ? '21' : '23', graduateSchool: pick(random, UNIVERSITIES), major: pick(random, MAJORS.bachelor), graduationDate: at(22) });
      break;
    case '31':
      add({ education: random() < 0.97 ? '31' : '32', graduateSchool: pick(random, COLLEGES), major: pick(random, MAJORS.college), graduationDate: at(21) });
      break;
    case '41':
    case '47':
      add({
        education: level,
        graduateSchool: pick(random, VOCATIONAL_SCHOOLS),
        ...(random() < 0.9 ? { major: pick(random, MAJORS.vocational) } : {}),
        graduationDate: at(18),
      });
      break;
  }
  // Too young to have finished that level by the reference date: a 技工学校 diploma at 18, if that is done.
  if (records.length === 0 && level !== '41' && level !== '47') return educationRecords(random, '47', birthDate);
  return records;
}

// ── Named records ──────────────────────────────────────────────────────────

const NAMED = {
  /** Issue demo: 测试员工甲, female, 1995-03-15, 汉族, 本科毕业 内蒙古大学 计算机科学与技术 2017-07-01. */
  employeeA: {
    documentType: '01',
    documentNumber: '150302199503150020',
    name: '测试员工甲',
    sex: '2',
    birthDate: '1995-03-15',
    ethnicGroup: '01',
    hukouNature: '51',
    hukouAddress: '内蒙古自治区乌海市海勃湾区滨河大街18号2栋1单元301室',
    educationRecords: [{ education: '21', graduateSchool: '内蒙古大学', major: '计算机科学与技术', graduationDate: '2017-07-01' }],
    insuredElsewhere: false,
  },
  /** Issue demo: 测试员工乙, male, 1992-08-08, 蒙古族, no education record. */
  employeeB: {
    documentType: '01',
    documentNumber: '150302199208080015',
    name: '测试员工乙',
    sex: '1',
    birthDate: '1992-08-08',
    ethnicGroup: '02',
    hukouNature: '11',
    hukouAddress: '内蒙古自治区乌海市海勃湾区人民路66号5栋2单元502室',
    educationRecords: [],
    insuredElsewhere: false,
  },
  /** Issue demo: 15 years old (born 2011-01-01): below the minimum working age. */
  age15: {
    documentType: '01',
    documentNumber: '150304201101010044',
    name: '测试员工丙',
    sex: '2',
    birthDate: '2011-01-01',
    ethnicGroup: '01',
    hukouNature: '51',
    hukouAddress: '内蒙古自治区乌海市乌达区新华街9号1栋3单元201室',
    educationRecords: [],
    insuredElsewhere: false,
  },
  /** Issue demo: a man past retirement age (born 1960-01-01). */
  retiredMan: {
    documentType: '01',
    documentNumber: '150302196001010059',
    name: '测试员工丁',
    sex: '1',
    birthDate: '1960-01-01',
    ethnicGroup: '01',
    hukouNature: '11',
    hukouAddress: '内蒙古自治区乌海市海勃湾区黄河街3号4栋1单元101室',
    educationRecords: [{ education: '47', graduateSchool: '乌海市示例技工学校', major: '电气设备安装与维修', graduationDate: '1978-07-01' }],
    insuredElsewhere: false,
  },
  /** A 16-year-old 未成年工 (born 2010-03-15). */
  minor16: { county: '150303', name: '测试员工戊', sex: '1', birthDate: '2010-03-15', ethnicGroup: '01', hukouNature: '51', educationRecords: [] },
  /** A 17-year-old 未成年工 (born 2009-05-20), 蒙古族, rural hukou. */
  minor17: { county: '150304', name: '测试员工己', sex: '2', birthDate: '2009-05-20', ethnicGroup: '02', hukouNature: '21', educationRecords: [] },
  /** A woman past 55 (born 1968-06-12). */
  overAgeWoman: {
    county: '150303',
    name: '测试员工庚',
    sex: '2',
    birthDate: '1968-06-12',
    ethnicGroup: '03',
    hukouNature: '11',
    educationRecords: [{ education: '41', graduateSchool: '乌海市示例职业中等专业学校', major: '化工工艺', graduationDate: '1986-07-01' }],
  },
  /** A man past 60 under the new schedule too (born 1963-09-09). */
  overAgeMan: { county: '150304', name: '测试员工辛', sex: '1', birthDate: '1963-09-09', ethnicGroup: '01', hukouNature: '21', educationRecords: [] },
  /** Already insured by another employer (the department asks for a correction). */
  insuredElsewhere: {
    county: '150302',
    name: '测试员工壬',
    sex: '1',
    birthDate: '1988-07-07',
    ethnicGroup: '01',
    hukouNature: '51',
    educationRecords: [{ education: '31', graduateSchool: '乌海职业技术学院', major: '应用化工技术', graduationDate: '2009-07-01' }],
    insuredElsewhere: true,
  },
  /** 外国人永久居留身份证 (2023 card): an American permanent resident. */
  foreignPermanentResident: {
    documentType: '07',
    documentNumber: makePermanentResidenceNo('15', '840', '1988-05-12', 1),
    name: 'TESTER ALPHA',
    sex: '1',
    birthDate: '1988-05-12',
    nationality: '840',
    hukouNature: '42',
    educationRecords: [],
    insuredElsewhere: false,
  },
  /** 港澳台居民居住证 of a Hong Kong resident (810000…). */
  hkResidencePermit: {
    documentType: '17',
    documentNumber: makeGb11643('810000', '1991-06-23', 12, '2'),
    name: '测试员工癸',
    sex: '2',
    birthDate: '1991-06-23',
    hukouNature: '31',
    educationRecords: [],
    insuredElsewhere: false,
  },
  /** 港澳居民来往内地通行证 of a Hong Kong resident (H…). */
  hkTravelPermit: {
    documentType: '04',
    documentNumber: 'H10000017',
    name: '测试员工甲子',
    sex: '1',
    birthDate: '1990-10-10',
    hukouNature: '31',
    educationRecords: [],
    insuredElsewhere: false,
  },
  /** 港澳居民来往内地通行证 of a Macao resident (M…). */
  moTravelPermit: {
    documentType: '05',
    documentNumber: 'M10000025',
    name: '测试员工甲丑',
    sex: '2',
    birthDate: '1993-12-01',
    hukouNature: '32',
    educationRecords: [],
    insuredElsewhere: false,
  },
  /** 港澳台居民居住证 of a Taiwan resident (830000…). */
  twResidencePermit: {
    documentType: '17',
    documentNumber: makeGb11643('830000', '1994-02-14', 35, '1'),
    name: '测试员工甲寅',
    sex: '1',
    birthDate: '1994-02-14',
    hukouNature: '33',
    educationRecords: [{ education: '14', graduateSchool: '内蒙古大学', major: '管理科学与工程', graduationDate: '2019-07-01' }],
    insuredElsewhere: false,
  },
} as const;

export type TDemoPersonKey = keyof typeof NAMED;

interface TCitizenSpec {
  county: string;
  name: string;
  sex: '1' | '2';
  birthDate: string;
  ethnicGroup: string;
  hukouNature: string;
  educationRecords: readonly TSimEducationRecord[];
  insuredElsewhere?: boolean;
}

/** Named people without a fixed number get one from their county and birth date. */
function namedCitizen(spec: TCitizenSpec, random: () => number, seq: number): TSimPerson {
  return {
    documentType: '01',
    documentNumber: makeGb11643(spec.county, spec.birthDate, seq, spec.sex),
    name: spec.name,
    sex: spec.sex,
    birthDate: spec.birthDate,
    ethnicGroup: spec.ethnicGroup,
    hukouNature: spec.hukouNature,
    hukouAddress: hukouAddress(random, spec.county, spec.hukouNature.startsWith('2')),
    educationRecords: spec.educationRecords,
    insuredElsewhere: spec.insuredElsewhere ?? false,
  };
}

// ── Generated people ──────────────────────────────────────────────────────

const GENERATED_COUNT = 510;
const INSURED_ELSEWHERE_COUNT = 5;

function ethnicGroupFor(random: () => number, county: string): string {
  if (county.startsWith('15')) {
    return weighted(random, [['01', 84], ['02', 9], ['03', 4], ['11', 2], ['10', 0.5], ['08', 0.5]] as const);
  }
  if (county.startsWith('64') || county.startsWith('62')) return weighted(random, [['01', 82], ['03', 17], ['11', 1]] as const);
  return weighted(random, [['01', 97], ['11', 2], ['03', 1]] as const);
}

function hukouNatureFor(random: () => number, local: boolean): string {
  return local
    ? weighted(random, [['51', 55], ['11', 25], ['21', 20]] as const)
    : weighted(random, [['52', 50], ['12', 20], ['22', 30]] as const);
}

function levelFor(random: () => number, age: number): TLevel {
  if (age >= 50) return weighted(random, [['none', 40], ['47', 15], ['41', 15], ['31', 20], ['21', 10]] as const);
  return weighted(random, [['none', 18], ['47', 8], ['41', 6], ['31', 27], ['21', 32], ['14', 8], ['11', 1]] as const);
}

function generate(): { all: TSimPerson[]; named: Record<TDemoPersonKey, TSimPerson> } {
  const random = seededRandom(PEOPLE_SEED);
  const usedNumbers = new Set<string>();
  const all: TSimPerson[] = [];
  const add = (person: TSimPerson) => {
    if (usedNumbers.has(person.documentNumber)) throw new Error(`证件号码重复：${person.documentNumber}`);
    usedNumbers.add(person.documentNumber);
    all.push(person);
    return person;
  };

  const activeEnterprises = ENTERPRISES.filter((e) => e.status === '存续');
  const named = {} as Record<TDemoPersonKey, TSimPerson>;
  for (const [key, spec] of Object.entries(NAMED) as [TDemoPersonKey, (typeof NAMED)[TDemoPersonKey]][]) {
    let person: TSimPerson = 'documentNumber' in spec ? (spec as TSimPerson) : namedCitizen(spec as TCitizenSpec, random, 100 + Math.floor(random() * 800));
    if (person.insuredElsewhere) person = { ...person, insuredByUscc: pick(random, activeEnterprises).uscc };
    named[key] = add(person);
  }

  const generatedFrom = all.length;
  for (let i = 0; i < GENERATED_COUNT; i++) {
    const local = random() < 0.75;
    const county = local ? pick(random, WUHAI_DISTRICTS) : pick(random, OTHER_COUNTIES);
    const sex = random() < 0.56 ? '1' : '2';
    // Mostly 18–59; a few 16–17 and 60–64.
    const age = weighted(random, [[16 + Math.floor(random() * 2), 2], [18 + Math.floor(random() * 42), 93], [60 + Math.floor(random() * 5), 5]] as const);
    const birthDate = birthDateForAge(random, age);
    let documentNumber: string;
    do documentNumber = makeGb11643(county, birthDate, Math.floor(random() * 1000), sex);
    while (usedNumbers.has(documentNumber));
    const hukouNature = hukouNatureFor(random, local);
    const given = sex === '1' ? GIVEN_MALE : GIVEN_FEMALE;
    add({
      documentType: '01',
      documentNumber,
      name: `${pick(random, SURNAMES)}测${pick(random, given)}`,
      sex,
      birthDate,
      ethnicGroup: ethnicGroupFor(random, county),
      hukouNature,
      hukouAddress: hukouAddress(random, county, hukouNature.startsWith('2')),
      educationRecords: age < 18 ? [] : educationRecords(random, levelFor(random, age), birthDate),
      insuredElsewhere: false,
    });
  }

  // A few generated adults are already insured by another employer.
  let flagged = 0;
  while (flagged < INSURED_ELSEWHERE_COUNT) {
    const i = generatedFrom + Math.floor(random() * GENERATED_COUNT);
    const person = all[i]!;
    const age = ageOn(person.birthDate, DATASET_REFERENCE_DATE);
    if (person.insuredElsewhere || age < 20 || age > 50) continue;
    all[i] = { ...person, insuredElsewhere: true, insuredByUscc: pick(random, activeEnterprises).uscc };
    flagged++;
  }
  return { all, named };
}

const generated = generate();

/** Every synthetic person (named ones first). */
export const PEOPLE: readonly TSimPerson[] = generated.all;

/** Named records for the README, demos and tests. */
export const DEMO_PEOPLE: Readonly<Record<TDemoPersonKey, TSimPerson>> = generated.named;

/** People by document number (numbers are unique across document types). */
export const PEOPLE_BY_DOCUMENT_NUMBER: ReadonlyMap<string, TSimPerson> = new Map(PEOPLE.map((p) => [p.documentNumber, p]));

/** The person holding a document of this type and number, if any. */
export function findPerson(documentType: string, documentNumber: string): TSimPerson | undefined {
  const person = PEOPLE_BY_DOCUMENT_NUMBER.get(documentNumber);
  return person && person.documentType === documentType ? person : undefined;
}
