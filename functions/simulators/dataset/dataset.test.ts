import {
  ageOn,
  checkDocument,
  checkUscc,
  documentKindOf,
  EDUCATION_LEVELS,
  ETHNIC_GROUPS,
  findDivision,
  hasCode,
  hasValidMod11_2,
  HUKOU_NATURES,
  IDENTITY_DOCUMENT_TYPES,
  INDUSTRY,
  isChildCode,
  isValidCitizenId,
  isValidUscc,
  retirementDate,
  workingAgeStatus,
  ZEmployeeSchema,
  ZEmployerSchema,
  ZPersonNameSchema,
} from '../../../domain';
import * as dataset from './index';
import {
  DATASET_REFERENCE_DATE,
  DEMO_ENTERPRISES,
  DEMO_PEOPLE,
  ENTERPRISES,
  ENTERPRISES_BY_USCC,
  findPerson,
  makeGb11643,
  PEOPLE,
  PEOPLE_BY_DOCUMENT_NUMBER,
  sectorOfIndustry,
  type TSimEnterprise,
  type TSimPerson,
} from './index';

const REF = DATASET_REFERENCE_DATE;
const WUHAI = ['150302', '150303', '150304'];
const ageOf = (p: TSimPerson) => ageOn(p.birthDate, REF);

describe('enterprises', () => {
  test('at least 50, mostly in the three districts of 乌海市, unique USCCs and names', () => {
    expect(ENTERPRISES.length).toBeGreaterThanOrEqual(50);
    expect(ENTERPRISES.filter((e) => WUHAI.includes(e.divisionCode)).length / ENTERPRISES.length).toBeGreaterThanOrEqual(0.8);
    for (const d of WUHAI) expect(ENTERPRISES.some((e) => e.divisionCode === d)).toBe(true);
    expect(new Set(ENTERPRISES.map((e) => e.uscc)).size).toBe(ENTERPRISES.length);
    expect(new Set(ENTERPRISES.map((e) => e.name)).size).toBe(ENTERPRISES.length);
    expect(ENTERPRISES_BY_USCC.size).toBe(ENTERPRISES.length);
  });

  test.each(ENTERPRISES.map((e) => [e.uscc, e] as const))('%s is valid and consistent', (uscc, e: TSimEnterprise) => {
    expect(isValidUscc(uscc)).toBe(true);
    const check = checkUscc(uscc);
    expect(check.valid).toBe(true);
    expect(check.warnings).toEqual([]);
    expect(uscc.slice(0, 2)).toBe('91');
    expect(check.regionCode).toBe(e.divisionCode);
    expect(findDivision(e.divisionCode)?.level).toBe('county');
    expect(isChildCode(INDUSTRY, e.industryCode)).toBe(true);
    expect(e.industrialSector).toBe(sectorOfIndustry(e.industryCode));
    expect(e.name).toMatch(/示例.*有限(责任)?公司$/);
    expect(e.legalRepresentative).toMatch(/^测试法人/);
    expect(e.address.startsWith(findDivision(e.divisionCode)!.fullName)).toBe(true);
    expect(['存续', '注销']).toContain(e.status);
    // Everything 市监 shares fits the form as it is.
    const { uscc: _u, status: _s, establishedDate: _d, registrationAuthority: _r, ...fields } = e;
    const parsed = ZEmployerSchema.safeParse({ uscc, contactName: '手工联系人', contactPhone: '0473-0000000', ...fields });
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  test('one 注销 enterprise, some without a contact, every sector represented', () => {
    expect(ENTERPRISES.filter((e) => e.status === '注销')).toEqual([DEMO_ENTERPRISES.cancelled]);
    const withoutContact = ENTERPRISES.filter((e) => !e.contactName);
    expect(withoutContact.length).toBeGreaterThan(0);
    expect(withoutContact.length).toBeLessThan(ENTERPRISES.length / 2);
    for (const e of withoutContact) expect(e.contactPhone).toBeUndefined();
    expect(new Set(ENTERPRISES.map((e) => e.industrialSector))).toEqual(new Set(['1', '2', '3']));
    for (const code of ['06', '26', '44', '52', '65']) expect(ENTERPRISES.some((e) => e.industryCode === code)).toBe(true);
  });

  test('the demo enterprises of the issue, exactly', () => {
    expect(DEMO_ENTERPRISES.energy).toMatchObject({
      uscc: '91150302MA0N1A2B37',
      name: '乌海市海勃湾区示例能源有限公司',
      legalRepresentative: '测试法人甲',
      divisionCode: '150302',
      industryCode: '44',
      industrialSector: '2',
      status: '存续',
    });
    expect(DEMO_ENTERPRISES.buildingMaterials).toMatchObject({
      uscc: '91150303MA0N7C8D99',
      name: '乌海市海南区示例建材有限公司',
      legalRepresentative: '测试法人乙',
      divisionCode: '150303',
      industryCode: '30',
      industrialSector: '2',
      status: '存续',
    });
    expect(DEMO_ENTERPRISES.noContact.contactName).toBeUndefined();
    for (const e of Object.values(DEMO_ENTERPRISES)) expect(ENTERPRISES_BY_USCC.get(e.uscc)).toBe(e);
  });

  test('产业类别 follows 《三次产业划分规定》 including its exceptions', () => {
    expect(['01', '03'].map(sectorOfIndustry)).toEqual(['1', '1']);
    expect(['05', '11', '43', '52', '65'].map(sectorOfIndustry)).toEqual(['3', '3', '3', '3', '3']);
    expect(['06', '26', '30', '44', '47'].map(sectorOfIndustry)).toEqual(['2', '2', '2', '2', '2']);
  });
});

describe('people', () => {
  test('at least 500, unique numbers, mostly 居民身份证 and mostly from 乌海市', () => {
    expect(PEOPLE.length).toBeGreaterThanOrEqual(500);
    expect(PEOPLE_BY_DOCUMENT_NUMBER.size).toBe(PEOPLE.length);
    const citizens = PEOPLE.filter((p) => p.documentType === '01');
    expect(citizens.length / PEOPLE.length).toBeGreaterThanOrEqual(0.9);
    const local = citizens.filter((p) => WUHAI.includes(p.documentNumber.slice(0, 6)));
    expect(local.length / citizens.length).toBeGreaterThanOrEqual(0.6);
    const provinces = new Set(citizens.map((p) => p.documentNumber.slice(0, 2)));
    expect(provinces.size).toBeGreaterThanOrEqual(5);
  });

  test.each(PEOPLE.map((p) => [p.documentType, p.documentNumber, p] as const))('%s %s is valid and consistent', (type, number, p: TSimPerson) => {
    expect(hasCode(IDENTITY_DOCUMENT_TYPES, type)).toBe(true);
    const kind = documentKindOf(type)!;
    expect(kind).toBeDefined();
    const check = checkDocument(kind, number, p.nationality, REF);
    expect(check.errors).toEqual([]);
    if (kind === 'citizen_id' || kind === 'hmt_residence_permit') {
      expect(isValidCitizenId(number)).toBe(true);
      expect(check.warnings).toEqual([]);
    }
    if (check.sex) expect(p.sex).toBe(check.sex === 'male' ? '1' : '2');
    if (check.birthDate) expect(p.birthDate).toBe(check.birthDate);
    expect(ZPersonNameSchema.safeParse(p.name).success).toBe(true);
    expect(hasCode(HUKOU_NATURES, p.hukouNature)).toBe(true);
    if (p.ethnicGroup) expect(hasCode(ETHNIC_GROUPS, p.ethnicGroup)).toBe(true);
    if (kind === 'citizen_id') {
      expect(p.ethnicGroup).toBeDefined();
      expect(p.hukouAddress?.startsWith(findDivision(number.slice(0, 6))!.fullName)).toBe(true);
    }
    for (const r of p.educationRecords) {
      expect(isChildCode(EDUCATION_LEVELS, r.education)).toBe(true);
      expect(r.graduationDate > p.birthDate && r.graduationDate <= REF).toBe(true);
      expect(r.graduateSchool.length).toBeGreaterThan(0);
    }
    if (p.insuredElsewhere) expect(ENTERPRISES_BY_USCC.get(p.insuredByUscc!)?.status).toBe('存续');
    // What 公安 and 人社部 share, plus the hand-typed fields, is a valid 录用人员信息.
    const best = [...p.educationRecords].sort((a, b) => Number(a.education) - Number(b.education))[0];
    const parsed = ZEmployeeSchema.safeParse({
      documentType: type,
      documentNumber: number,
      ...(p.nationality ? { nationality: p.nationality } : {}),
      name: p.name,
      sex: p.sex,
      birthDate: p.birthDate,
      phone: '13800000000',
      ...(p.ethnicGroup ? { ethnicGroup: p.ethnicGroup } : {}),
      education: best?.education ?? '61',
      ...(best ? { graduateSchool: best.graduateSchool, graduationDate: best.graduationDate, ...(best.major ? { major: best.major } : {}) } : {}),
      hukouNature: p.hukouNature,
      ...(p.hukouAddress ? { hukouAddress: p.hukouAddress } : {}),
      residentialAddress: '内蒙古自治区乌海市海勃湾区示例小区1号',
    });
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  test('ethnic groups: mostly 汉族, some 蒙古族 and 回族', () => {
    const count = (code: string) => PEOPLE.filter((p) => p.ethnicGroup === code).length;
    expect(count('01') / PEOPLE.length).toBeGreaterThan(0.7);
    expect(count('02')).toBeGreaterThanOrEqual(10);
    expect(count('03')).toBeGreaterThanOrEqual(3);
  });

  test('most but not all have an education record; a few are insured elsewhere', () => {
    const withEducation = PEOPLE.filter((p) => p.educationRecords.length > 0).length;
    expect(withEducation / PEOPLE.length).toBeGreaterThan(0.6);
    expect(withEducation).toBeLessThan(PEOPLE.length);
    const insured = PEOPLE.filter((p) => p.insuredElsewhere);
    expect(insured.length).toBeGreaterThanOrEqual(3);
    expect(insured.length).toBeLessThanOrEqual(20);
    expect(insured).toContain(DEMO_PEOPLE.insuredElsewhere);
  });

  test('the demo people of the issue, exactly', () => {
    expect(DEMO_PEOPLE.employeeA).toEqual({
      documentType: '01',
      documentNumber: '150302199503150020',
      name: '测试员工甲',
      sex: '2',
      birthDate: '1995-03-15',
      ethnicGroup: '01',
      hukouNature: '51',
      hukouAddress: expect.stringMatching(/^内蒙古自治区乌海市海勃湾区/),
      educationRecords: [{ education: '21', graduateSchool: '内蒙古大学', major: '计算机科学与技术', graduationDate: '2017-07-01' }],
      insuredElsewhere: false,
    });
    expect(DEMO_PEOPLE.employeeB).toMatchObject({
      documentNumber: '150302199208080015',
      name: '测试员工乙',
      sex: '1',
      birthDate: '1992-08-08',
      ethnicGroup: '02',
      educationRecords: [],
    });
    expect(DEMO_PEOPLE.age15).toMatchObject({ documentNumber: '150304201101010044', sex: '2', birthDate: '2011-01-01' });
    expect(DEMO_PEOPLE.retiredMan).toMatchObject({ documentNumber: '150302196001010059', sex: '1', birthDate: '1960-01-01' });
    for (const p of Object.values(DEMO_PEOPLE)) expect(findPerson(p.documentType, p.documentNumber)).toBe(p);
  });

  test('ages: an under-age demo, minors (16–17), over-age men and women', () => {
    expect(workingAgeStatus(DEMO_PEOPLE.age15.birthDate, REF)).toBe('under_age');
    const minors = PEOPLE.filter((p) => workingAgeStatus(p.birthDate, REF) === 'minor_worker');
    expect(minors.length).toBeGreaterThanOrEqual(2);
    expect(minors).toEqual(expect.arrayContaining([DEMO_PEOPLE.minor16, DEMO_PEOPLE.minor17]));
    expect([ageOf(DEMO_PEOPLE.minor16), ageOf(DEMO_PEOPLE.minor17)]).toEqual([16, 17]);
    const overAgeMen = PEOPLE.filter((p) => p.sex === '1' && retirementDate(p.birthDate, 'male') <= REF);
    expect(overAgeMen.length).toBeGreaterThanOrEqual(3);
    expect(overAgeMen).toEqual(expect.arrayContaining([DEMO_PEOPLE.retiredMan, DEMO_PEOPLE.overAgeMan]));
    expect(retirementDate(DEMO_PEOPLE.overAgeWoman.birthDate, 'female_cadre') <= REF).toBe(true);
    expect(PEOPLE.filter((p) => ageOf(p) < 16)).toEqual([DEMO_PEOPLE.age15]);
  });

  test('documents other than the 居民身份证', () => {
    const pr = DEMO_PEOPLE.foreignPermanentResident;
    expect(pr.documentType).toBe('07');
    expect(pr.documentNumber).toMatch(/^9\d{17}$|^9\d{16}X$/);
    expect(hasValidMod11_2(pr.documentNumber)).toBe(true);
    expect(pr.documentNumber.slice(3, 6)).toBe(pr.nationality);
    expect(pr.nationality).toBe('840');

    const hk = DEMO_PEOPLE.hkResidencePermit;
    expect(hk.documentType).toBe('17');
    expect(hk.documentNumber.startsWith('810000')).toBe(true);
    expect(isValidCitizenId(hk.documentNumber)).toBe(true);
    expect(DEMO_PEOPLE.hkTravelPermit).toMatchObject({ documentType: '04', documentNumber: expect.stringMatching(/^H\d{8}$/) });
    expect(DEMO_PEOPLE.moTravelPermit).toMatchObject({ documentType: '05', documentNumber: expect.stringMatching(/^M\d{8}$/) });
    expect(DEMO_PEOPLE.twResidencePermit.documentNumber.startsWith('830000')).toBe(true);
    // The same number under another document type is no one.
    expect(findPerson('01', hk.documentNumber)).toBeUndefined();
  });

  test('makeGb11643 gives the sex its parity and a valid check character', () => {
    const male = makeGb11643('150303', '2000-02-29', 124, '1');
    const female = makeGb11643('150303', '2000-02-29', 124, '2');
    expect(Number(male[16]) % 2).toBe(1);
    expect(Number(female[16]) % 2).toBe(0);
    expect([male, female].every(isValidCitizenId)).toBe(true);
  });
});

test('deterministic: a second import yields the same records', () => {
  let again: typeof dataset | undefined;
  jest.isolateModules(() => {
    again = jest.requireActual<typeof dataset>('./index');
  });
  expect(again).toBeDefined();
  expect(again!.ENTERPRISES).not.toBe(ENTERPRISES);
  expect(again!.ENTERPRISES).toEqual(ENTERPRISES);
  expect(again!.PEOPLE).toEqual(PEOPLE);
  expect(again!.DEMO_PEOPLE).toEqual(DEMO_PEOPLE);
});
