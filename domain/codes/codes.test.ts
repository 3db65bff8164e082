import {
  ALL_CODE_TABLES,
  CONTRACT_TERM_TYPES,
  EDUCATION_LEVELS,
  EMPLOYMENT_FORMS,
  ETHNIC_GROUPS,
  HUKOU_NATURES,
  IDENTITY_DOCUMENT_TYPES,
  INDUSTRY,
  INSURANCE_TYPES,
  NATIONALITIES,
  OCCUPATIONS,
  TECHNICAL_GRADES,
  WORKING_TIME_SYSTEMS,
  codeOfAlias,
  codeName,
  hasCode,
  hmTravelPermitCodeFor,
  type TCodeEntry,
  type TCodeTable,
} from './index';

const byAlias = (t: TCodeTable, alias: string) => t.entries.find((e) => e.alias === alias);
const parentOf = (t: TCodeTable, code: string) => t.entries.find((e) => e.code === code)?.parent;
/** The entries of a table as the plain `TCodeEntry` shape (the constants carry literal types). */
const entriesOf = (t: TCodeTable): readonly TCodeEntry[] => t.entries;

describe('all code tables', () => {
  it('has unique ids and includes every table of this task', () => {
    expect(new Set(ALL_CODE_TABLES.map((t) => t.id)).size).toBe(ALL_CODE_TABLES.length);
    for (const t of [
      ETHNIC_GROUPS,
      EDUCATION_LEVELS,
      HUKOU_NATURES,
      EMPLOYMENT_FORMS,
      CONTRACT_TERM_TYPES,
      WORKING_TIME_SYSTEMS,
      INSURANCE_TYPES,
      INDUSTRY,
      OCCUPATIONS,
      TECHNICAL_GRADES,
      IDENTITY_DOCUMENT_TYPES,
      NATIONALITIES,
    ]) {
      expect(ALL_CODE_TABLES).toContain(t);
    }
  });

  it.each(ALL_CODE_TABLES.map((t) => [t.id, t] as const))('%s is well formed', (_id, t) => {
    expect(t.entries.length).toBeGreaterThan(0);
    expect(t.title.trim()).not.toBe('');
    expect(t.standard.trim()).not.toBe('');
    expect(t.source.trim()).not.toBe('');
    const codes = t.entries.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of t.entries) {
      expect(e.code.trim()).toBe(e.code);
      expect(e.code).not.toBe('');
      expect(e.name.trim()).not.toBe('');
      if (e.parent !== undefined) expect(codes).toContain(e.parent);
    }
    const aliases = t.entries.flatMap((e) => (e.alias === undefined ? [] : [e.alias]));
    expect(new Set(aliases).size).toBe(aliases.length);
  });
});

describe('ETHNIC_GROUPS (GB/T 3304-1991)', () => {
  it('has the 56 groups 01..56 with 2-letter codes, plus 97 and 98', () => {
    const standard = entriesOf(ETHNIC_GROUPS).filter((e) => Number(e.code) <= 56);
    expect(standard.map((e) => e.code)).toEqual(Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')));
    for (const e of standard) expect(e.alias).toMatch(/^[A-Z]{2}$/);
    expect(ETHNIC_GROUPS.entries).toHaveLength(58);
    expect(codeName(ETHNIC_GROUPS, '97')).toBe('其他');
    expect(codeName(ETHNIC_GROUPS, '98')).toBe('外国血统中国籍人士');
  });

  it('matches the standard at spot checks', () => {
    expect(ETHNIC_GROUPS.entries[0]).toEqual({ code: '01', name: '汉族', alias: 'HA' });
    expect(byAlias(ETHNIC_GROUPS, 'MG')?.code).toBe('02');
    expect(byAlias(ETHNIC_GROUPS, 'UG')?.name).toBe('维吾尔族');
    expect(byAlias(ETHNIC_GROUPS, 'CS')?.name).toBe('朝鲜族');
    expect(byAlias(ETHNIC_GROUPS, 'TJ')?.code).toBe('15');
    expect(byAlias(ETHNIC_GROUPS, 'LI')?.code).toBe('19');
    expect(byAlias(ETHNIC_GROUPS, 'HN')?.code).toBe('16');
    expect(codeName(ETHNIC_GROUPS, '56')).toBe('基诺族');
    expect(byAlias(ETHNIC_GROUPS, 'JN')?.code).toBe('56');
  });
});

describe('EDUCATION_LEVELS (GB/T 4658-2006)', () => {
  it('has the category heads and graduation codes with parents', () => {
    for (const head of ['10', '20', '30', '40', '60', '70', '80', '90']) {
      expect(parentOf(EDUCATION_LEVELS, head)).toBeUndefined();
      expect(hasCode(EDUCATION_LEVELS, head)).toBe(true);
    }
    expect(parentOf(EDUCATION_LEVELS, '11')).toBe('10');
    expect(parentOf(EDUCATION_LEVELS, '14')).toBe('10');
    expect(parentOf(EDUCATION_LEVELS, '21')).toBe('20');
    expect(parentOf(EDUCATION_LEVELS, '28')).toBe('20');
    expect(parentOf(EDUCATION_LEVELS, '31')).toBe('30');
    expect(parentOf(EDUCATION_LEVELS, '47')).toBe('40');
    expect(parentOf(EDUCATION_LEVELS, '61')).toBe('60');
    expect(parentOf(EDUCATION_LEVELS, '71')).toBe('70');
    expect(parentOf(EDUCATION_LEVELS, '81')).toBe('80');
    expect(codeName(EDUCATION_LEVELS, '41')).toBe('中等专科毕业');
    expect(codeName(EDUCATION_LEVELS, '44')).toBe('职业高中毕业');
    // The standard has no 结业 code for 初中 or 小学.
    expect(hasCode(EDUCATION_LEVELS, '72')).toBe(false);
    expect(hasCode(EDUCATION_LEVELS, '82')).toBe(false);
    expect(EDUCATION_LEVELS.entries).toHaveLength(40);
  });

  it('every child code sits in its parent decade', () => {
    for (const e of entriesOf(EDUCATION_LEVELS)) {
      if (e.parent) expect(e.code[0]).toBe(e.parent[0]);
    }
  });
});

describe('HUKOU_NATURES', () => {
  it('has the two-level business codes', () => {
    expect(codeName(HUKOU_NATURES, '10')).toBe('非农业户口（城镇）');
    expect(codeName(HUKOU_NATURES, '20')).toBe('农业户口（农村）');
    expect(codeName(HUKOU_NATURES, '50')).toBe('居民户口');
    expect(parentOf(HUKOU_NATURES, '51')).toBe('50');
    expect(parentOf(HUKOU_NATURES, '42')).toBe('40');
  });
});

describe('alias-keyed tables', () => {
  const expected: readonly (readonly [TCodeTable, readonly string[]])[] = [
    [EMPLOYMENT_FORMS, ['full_time', 'part_time', 'dispatched', 'other']],
    [CONTRACT_TERM_TYPES, ['fixed', 'open', 'task']],
    [WORKING_TIME_SYSTEMS, ['standard', 'comprehensive', 'flexible']],
    [INSURANCE_TYPES, ['pension', 'unemployment', 'medical', 'work_injury', 'maternity']],
    [
      IDENTITY_DOCUMENT_TYPES,
      ['citizen_id', 'hmt_residence_permit', 'hm_travel_permit', 'tw_travel_permit', 'foreign_permanent_residence', 'passport'],
    ],
  ];
  it.each(expected.map(([t, aliases]) => [t.id, t, aliases] as const))('%s has the aliases other modules use', (_id, table, aliases) => {
    for (const a of aliases) expect(byAlias(table, a)).toBeDefined();
  });

  it('uses the expected codes', () => {
    expect(byAlias(EMPLOYMENT_FORMS, 'full_time')?.code).toBe('1');
    expect(byAlias(EMPLOYMENT_FORMS, 'part_time')?.code).toBe('2');
    expect(byAlias(EMPLOYMENT_FORMS, 'dispatched')?.code).toBe('3');
    expect(byAlias(CONTRACT_TERM_TYPES, 'fixed')?.code).toBe('1');
    expect(byAlias(CONTRACT_TERM_TYPES, 'open')?.code).toBe('2');
    expect(byAlias(CONTRACT_TERM_TYPES, 'task')?.code).toBe('3');
    expect(byAlias(WORKING_TIME_SYSTEMS, 'standard')?.code).toBe('1');
    expect(byAlias(WORKING_TIME_SYSTEMS, 'comprehensive')?.code).toBe('2');
    expect(byAlias(WORKING_TIME_SYSTEMS, 'flexible')?.code).toBe('3');
    expect(byAlias(INSURANCE_TYPES, 'pension')?.code).toBe('110');
    expect(byAlias(INSURANCE_TYPES, 'unemployment')?.code).toBe('210');
    expect(byAlias(INSURANCE_TYPES, 'medical')).toEqual({ code: '310', name: '职工基本医疗（生育）保险', alias: 'medical' });
    expect(byAlias(INSURANCE_TYPES, 'work_injury')?.code).toBe('410');
    expect(byAlias(INSURANCE_TYPES, 'maternity')?.code).toBe('510');
    expect(byAlias(IDENTITY_DOCUMENT_TYPES, 'citizen_id')?.code).toBe('01');
    expect(byAlias(IDENTITY_DOCUMENT_TYPES, 'tw_travel_permit')?.code).toBe('06');
    expect(byAlias(IDENTITY_DOCUMENT_TYPES, 'foreign_permanent_residence')?.code).toBe('07');
    expect(byAlias(IDENTITY_DOCUMENT_TYPES, 'passport')?.code).toBe('08');
    expect(byAlias(IDENTITY_DOCUMENT_TYPES, 'hmt_residence_permit')?.code).toBe('17');
  });

  it('codeOfAlias returns the code or throws', () => {
    expect(codeOfAlias(EMPLOYMENT_FORMS, 'dispatched')).toBe('3');
    expect(() => codeOfAlias(EMPLOYMENT_FORMS, 'nope')).toThrow();
  });

  it('picks the Hong Kong or Macao travel permit code from the number', () => {
    expect(hmTravelPermitCodeFor('H1234567890')).toBe('04');
    expect(hmTravelPermitCodeFor('m12345678')).toBe('05');
    expect(byAlias(IDENTITY_DOCUMENT_TYPES, 'hm_travel_permit')?.code).toBe('04');
    expect(byAlias(IDENTITY_DOCUMENT_TYPES, 'mo_travel_permit')?.code).toBe('05');
  });
});

describe('INDUSTRY (GB/T 4754-2017)', () => {
  const sections = entriesOf(INDUSTRY).filter((e) => /^[A-Z]$/.test(e.code));
  const divisions = entriesOf(INDUSTRY).filter((e) => /^\d{2}$/.test(e.code));

  it('has 20 sections A..T and 97 divisions 01..97', () => {
    expect(sections.map((e) => e.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(divisions.map((e) => e.code)).toEqual(Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(INDUSTRY.entries).toHaveLength(117);
    for (const s of sections) expect(s.parent).toBeUndefined();
  });

  it("gives every division an existing section as parent", () => {
    const letters = new Set(sections.map((e) => e.code));
    for (const d of divisions) expect(letters.has(d.parent ?? '')).toBe(true);
  });

  it('matches the standard at spot checks', () => {
    expect(codeName(INDUSTRY, 'C')).toBe('制造业');
    expect(codeName(INDUSTRY, '13')).toBe('农副食品加工业');
    expect(parentOf(INDUSTRY, '13')).toBe('C');
    expect(parentOf(INDUSTRY, '43')).toBe('C');
    expect(parentOf(INDUSTRY, '44')).toBe('D');
    expect(codeName(INDUSTRY, '65')).toBe('软件和信息技术服务业');
    expect(parentOf(INDUSTRY, '65')).toBe('I');
    expect(codeName(INDUSTRY, '97')).toBe('国际组织');
    expect(parentOf(INDUSTRY, '97')).toBe('T');
    expect(parentOf(INDUSTRY, '70')).toBe('K');
    expect(parentOf(INDUSTRY, '83')).toBe('P');
    expect(codeName(INDUSTRY, '06')).toBe('煤炭开采和洗选业');
  });
});

describe('OCCUPATIONS (职业分类大典 2022)', () => {
  const majors = entriesOf(OCCUPATIONS).filter((e) => /^[1-8]$/.test(e.code));
  const middles = entriesOf(OCCUPATIONS).filter((e) => /^[1-8]-\d{2}$/.test(e.code));

  it('has 8 major and 79 middle groups', () => {
    expect(majors.map((e) => e.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(middles).toHaveLength(79);
    expect(OCCUPATIONS.entries).toHaveLength(87);
    for (const m of middles) expect(m.parent).toBe(m.code[0]);
  });

  it('has the expected number of middle groups per major', () => {
    const count = (major: string) => middles.filter((m) => m.parent === major).length;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((m) => count(String(m)))).toEqual([6, 11, 4, 15, 6, 32, 4, 1]);
  });

  it('matches the 2022 edition at spot checks', () => {
    expect(codeName(OCCUPATIONS, '2')).toBe('专业技术人员');
    expect(codeName(OCCUPATIONS, '2-02')).toBe('工程技术人员');
    expect(codeName(OCCUPATIONS, '4-04')).toBe('信息传输、软件和信息技术服务人员');
    expect(codeName(OCCUPATIONS, '6-29')).toBe('建筑施工人员');
    expect(codeName(OCCUPATIONS, '7')).toBe('军队人员');
    expect(codeName(OCCUPATIONS, '8-00')).toBe('不便分类的其他从业人员');
  });
});

describe('TECHNICAL_GRADES', () => {
  it('groups the grades under three group entries, plus 无', () => {
    const tops = entriesOf(TECHNICAL_GRADES).filter((e) => e.parent === undefined).map((e) => e.code);
    expect(tops).toEqual(['1', '2', '3', '9']);
    expect(codeName(TECHNICAL_GRADES, '9')).toBe('无');
    expect(entriesOf(TECHNICAL_GRADES).filter((e) => e.parent === '1').map((e) => e.name)).toEqual([
      '正高级',
      '副高级',
      '中级',
      '助理级',
      '员级',
    ]);
    for (const name of ['一级/高级技师', '二级/技师', '三级/高级工', '四级/中级工', '五级/初级工']) {
      expect(entriesOf(TECHNICAL_GRADES).find((e) => e.name === name)?.parent).toBe('2');
    }
    expect(entriesOf(TECHNICAL_GRADES).filter((e) => e.parent === '3').length).toBeGreaterThan(0);
  });
});

describe('NATIONALITIES (GB/T 2659.1 / ISO 3166-1)', () => {
  it('has numeric-3 codes and alpha-3 aliases', () => {
    for (const e of NATIONALITIES.entries) {
      expect(e.code).toMatch(/^\d{3}$/);
      expect(e.alias).toMatch(/^[A-Z]{3}$/);
    }
    expect(NATIONALITIES.entries).toHaveLength(249);
  });

  it('matches ISO 3166-1 at spot checks', () => {
    expect(NATIONALITIES.entries.find((e) => e.code === '156')).toEqual({ code: '156', name: '中国', alias: 'CHN' });
    expect(NATIONALITIES.entries.find((e) => e.code === '840')).toEqual({ code: '840', name: '美国', alias: 'USA' });
    expect(NATIONALITIES.entries.find((e) => e.code === '410')).toEqual({ code: '410', name: '韩国', alias: 'KOR' });
    expect(byAlias(NATIONALITIES, 'JPN')?.code).toBe('392');
    expect(byAlias(NATIONALITIES, 'RUS')?.code).toBe('643');
    expect(byAlias(NATIONALITIES, 'MNG')?.code).toBe('496');
    expect(byAlias(NATIONALITIES, 'GBR')?.code).toBe('826');
    expect(byAlias(NATIONALITIES, 'DEU')?.code).toBe('276');
    expect(byAlias(NATIONALITIES, 'SSD')?.code).toBe('728');
    expect(byAlias(NATIONALITIES, 'SDN')?.code).toBe('729');
    expect(byAlias(NATIONALITIES, 'HKG')?.code).toBe('344');
    expect(byAlias(NATIONALITIES, 'MAC')?.code).toBe('446');
    expect(byAlias(NATIONALITIES, 'TWN')?.code).toBe('158');
    expect(byAlias(NATIONALITIES, 'AFG')?.code).toBe('004');
  });
});
