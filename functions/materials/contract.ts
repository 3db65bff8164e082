/**
 * The labor contract generated from the form, following the seed's
 * 劳动合同（通用） (乌人社办发〔2022〕86号 附件2): parties, the chosen term type with
 * its dates and probation, post and place of work, the working-time system,
 * pay (basic + performance, paid monthly), probation pay, and the template's
 * standard clauses. Rendered as .docx with the `docx` package.
 */
import { createHash } from 'node:crypto';
import { codeName, CONTRACT_TERM_TYPES, formatYuan, IDENTITY_DOCUMENT_TYPES, WORKING_TIME_SYSTEMS, aliasOf, type TApplication } from '../../domain';

const cn = (iso: string | undefined) => {
  if (!iso) return '____年__月__日';
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

type TDocx = typeof import('docx');

function p(docx: TDocx, text: string, options: { bold?: boolean; center?: boolean; heading?: boolean } = {}): import('docx').Paragraph {
  const { AlignmentType, HeadingLevel, Paragraph, TextRun } = docx;
  return new Paragraph({
    ...(options.heading ? { heading: HeadingLevel.HEADING_2 } : {}),
    ...(options.center ? { alignment: AlignmentType.CENTER } : {}),
    spacing: { after: 120 },
    children: [new TextRun({ text, bold: options.bold ?? false, font: 'SimSun', size: 24 })],
  });
}

/** The contract's paragraphs as plain text (also what the tests read). */
export function contractText(app: TApplication, signDate: string): string[] {
  const { employer: e, employee: w, laborFiling: l } = app;
  const term = aliasOf(CONTRACT_TERM_TYPES, l.contractTermType);
  const system = aliasOf(WORKING_TIME_SYSTEMS, l.workingTimeSystem);
  const doc = aliasOf(IDENTITY_DOCUMENT_TYPES, w.documentType);
  const monthlyBasic = Math.round(l.annualBasicPayFen / 12);
  const monthlyPerformance = Math.round(l.annualPerformancePayFen / 12);
  const monthlyAllowances = Math.round(l.annualAllowancesFen / 12);
  const lines: string[] = [
    '劳动合同（通用）',
    `甲方（用人单位）：${e.name}`,
    `乙方（劳动者）：${w.name}`,
    `签订日期：${cn(signDate)}`,
    `甲方（用人单位）：${e.name}`,
    `统一社会信用代码：${e.uscc}`,
    `法定代表人（主要负责人）或委托代理人：${e.legalRepresentative}`,
    `注册地：${e.address}`,
    `经营地：${e.address}`,
    `联系电话：${e.contactPhone}`,
    `乙方（劳动者）：${w.name}`,
    doc === 'citizen_id' ? `居民身份证号码：${w.documentNumber}` : `（或其他有效证件名称：${codeName(IDENTITY_DOCUMENT_TYPES, w.documentType)}　证件号：${w.documentNumber}）`,
    `户籍地址：${w.hukouAddress ?? '—'}`,
    `经常居住地（通讯地址）：${w.residentialAddress}`,
    `联系电话：${w.phone}`,
    '根据《中华人民共和国劳动法》《中华人民共和国劳动合同法》等法律法规政策规定，甲乙双方遵循合法、公平、平等自愿、协商一致、诚实信用的原则订立本合同。',
    '一、劳动合同期限',
    `第一条　甲乙双方自用工之日起建立劳动关系，双方约定按下列第${term === 'fixed' ? '1' : term === 'open' ? '2' : '3'}种方式确定劳动合同期限：`,
    term === 'fixed'
      ? `1．固定期限：自${cn(l.contractStartDate)}起至${cn(l.contractEndDate)}止，${l.probationEndDate ? `其中，试用期从用工之日起至${cn(l.probationEndDate)}止。` : '不约定试用期。'}`
      : term === 'open'
        ? `2．无固定期限：自${cn(l.contractStartDate)}起至依法解除、终止劳动合同时止，${l.probationEndDate ? `其中，试用期从用工之日起至${cn(l.probationEndDate)}止。` : '不约定试用期。'}`
        : `3．以完成一定工作任务为期限：自${cn(l.contractStartDate)}起至工作任务完成时止。甲方应当以书面形式通知乙方工作任务完成。`,
    '二、工作内容和工作地点',
    `第二条　乙方工作岗位是${l.post}，岗位职责为________________（由双方约定填写），乙方的工作地点为${e.address}。`,
    '乙方应爱岗敬业、诚实守信，保守甲方商业秘密，遵守甲方依法制定的劳动规章制度，认真履行岗位职责，按时保质完成工作任务。',
    '三、工作时间和休息休假',
    `第三条　根据乙方工作岗位的特点，甲方安排乙方执行以下第${system === 'standard' ? '1' : system === 'comprehensive' ? '2' : '3'}种工时制度：`,
    system === 'standard'
      ? `1．标准工时工作制。每日工作时间不超过8小时，每周工作时间不超过40小时（本合同约定每周${l.weeklyHours}小时），每周至少休息1天。`
      : system === 'comprehensive'
        ? '2．依法实行综合计算工时工作制。综合计算周期内的总实际工作时间不应超过总法定标准工作时间，超过部分应视为延长工作时间。'
        : '3．依法实行不定时工作制。甲方应采取适当方式保障乙方的休息休假权利。',
    '第四条　甲方安排乙方加班的，应依法安排补休或支付加班工资。',
    '第五条　乙方依法享有法定节假日、带薪年休假、婚丧假、产假等假期。',
    '四、劳动报酬',
    `第六条　甲方采用以下第3种方式向乙方以货币形式支付工资，于每月____日前足额支付（由双方约定填写）：基本工资和绩效工资相结合的工资分配办法，乙方月基本工资${formatYuan(monthlyBasic)}，月绩效工资约${formatYuan(monthlyPerformance)}，津补贴${formatYuan(monthlyAllowances)}/月，按甲方依法制定的绩效考核办法计发。`,
    `第七条　乙方在试用期期间的工资计发标准为${l.probationMonthlyWageFen !== undefined ? `${formatYuan(l.probationMonthlyWageFen)}/月` : '（未约定试用期）'}。`,
    '第八条　甲方应合理调整乙方的工资待遇。乙方从甲方获得的工资依法承担的个人所得税由甲方从其工资中代扣代缴。',
    '五、社会保险和福利待遇',
    '第九条　甲乙双方依法参加社会保险，甲方为乙方办理有关社会保险手续，并承担相应社会保险义务，乙方应当缴纳的社会保险费由甲方从乙方的工资中代扣代缴。',
    '第十条　甲方依法执行国家有关福利待遇的规定。',
    '第十一条　乙方因工负伤或患职业病的待遇按国家有关规定执行。乙方患病或非因工负伤的，有关待遇按国家有关规定和甲方依法制定的有关规章制度执行。',
    '六、职业培训和劳动保护',
    '第十二条　甲方应对乙方进行工作岗位所必需的培训。乙方应主动学习，积极参加甲方组织的培训，提高职业技能。',
    '第十三条　甲方应当严格执行劳动安全卫生相关法律法规规定，落实国家关于女职工、未成年工的特殊保护规定，建立健全劳动安全卫生制度，为乙方提供必要的安全防护设施和劳动保护用品。',
    '第十四条　乙方应当严格遵守安全操作规程，不违章作业。乙方对甲方管理人员违章指挥、强令冒险作业，有权拒绝执行。',
    '七、劳动合同的变更、解除、终止',
    '第十五条　甲乙双方应当依法变更劳动合同，并采取书面形式。',
    '第十六条　甲乙双方解除或终止本合同，应当按照法律法规规定执行。',
    '第十七条　甲乙双方解除终止本合同的，乙方应当配合甲方办理工作交接手续。甲方依法应向乙方支付经济补偿的，在办结工作交接时支付。',
    '第十八条　甲方应当在解除或终止本合同时，为乙方出具解除或者终止劳动合同的证明，并在十五日内为乙方办理档案和社会保险关系转移手续。',
    '八、双方约定事项',
    '第十九条　乙方工作涉及甲方商业秘密和与知识产权相关的保密事项的，甲方可以与乙方依法协商约定保守商业秘密或竞业限制的事项，并签订保守商业秘密协议或竞业限制协议。',
    '第二十条　甲方出资对乙方进行专业技术培训，要求与乙方约定服务期的，应当征得乙方同意，并签订协议，明确双方权利义务。',
    '第二十一条　双方约定的其它事项：无。',
    '九、劳动争议处理',
    '第二十二条　甲乙双方因本合同发生劳动争议时，可以按照法律法规的规定，进行协商、申请调解或仲裁。对仲裁裁决不服的，可以依法向有管辖权的人民法院提起诉讼。',
    '十、其他',
    '第二十三条　本合同中记载的乙方联系电话、通讯地址为劳动合同期内通知相关事项和送达书面文书的联系方式、送达地址。如发生变化，乙方应当及时告知甲方。',
    '第二十四条　双方确认：均已详细阅读并理解本合同内容，清楚各自的权利、义务。本合同未尽事宜，按照有关法律法规和政策规定执行。',
    '第二十五条　本合同双方各执一份，自双方签字（盖章）之日起生效，双方应严格遵照执行。',
    '甲方（盖章）　　　　　　　　　　乙方（签字）',
    '法定代表人（主要负责人）或委托代理人（签字或盖章）',
    `${cn(signDate)}　　　　　　　　　　${cn(signDate)}`,
  ];
  return lines;
}

const HEADINGS = /^[一二三四五六七八九十]+、/;

export const CONTRACT_TEMPLATE = '劳动合同（通用），乌人社办发〔2022〕86号附件2';

/** What a filing keeps of its contract: the SHA-256 of the contract's content (the docx is regenerated from it). */
export function contractRecord(app: TApplication, signDate: string): { template: string; signDate: string; contentSha256: string } {
  return { template: CONTRACT_TEMPLATE, signDate, contentSha256: contractContentSha256(app, signDate) };
}

export function contractContentSha256(app: TApplication, signDate: string): string {
  return createHash('sha256').update(contractText(app, signDate).join('\n')).digest('hex');
}

export async function generateLaborContract(app: TApplication, signDate: string): Promise<{ docx: Buffer; sha256: string }> {
  const lines = contractText(app, signDate);
  // loaded here, not at import: the filing and correction handlers import this file for `contractRecord` only,
  // and docx costs ~45 ms of a function's cold start (bench:imports)
  const docx = await import('docx');
  const { Document, Packer } = docx;
  const doc = new Document({
    creator: '入职一件事',
    title: `劳动合同（通用）— ${app.employer.name}`,
    sections: [{ children: lines.map((text, i) => (i === 0 ? p(docx, text, { bold: true, center: true }) : HEADINGS.test(text) ? p(docx, text, { bold: true }) : p(docx, text))) }],
  });
  const bytes = await Packer.toBuffer(doc);
  return { docx: bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
