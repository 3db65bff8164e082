/** Chinese names for the result numbers departments return (keys as the API gives them). */
const RESULT_NAMES: Record<string, string> = {
  personalSocialSecurityNo: '个人社保编号',
  contributionBaseFen: '缴费基数',
  medicalPersonalNo: '医保个人编号',
  registrationNo: '就业登记号',
  electronicCertificateNo: '电子就业创业证号',
  certificateNo: '就业创业证号',
  physicalCertificateNo: '实体就业创业证号',
  physicalTicket: '实体证领取凭证',
  pickupLocation: '领取地点',
  filingNo: '用工备案号',
  electronicCardNo: '电子社保卡号',
  cardNo: '社会保障卡卡号',
  cardApplicationNo: '制卡申请号',
  collectionBranch: '领卡网点',
  personalAccountNo: '公积金个人账号',
  accountNo: '公积金个人账号',
  firstDepositMonth: '首次缴存月份',
};

/** A history line's stage, unless it only repeats the state (已提交 · 已提交, 已办结 · 办结). */
export function historyStage(stateText: string, stage: string | undefined): string | undefined {
  if (!stage || stateText.includes(stage)) return undefined;
  return stage;
}

export function resultLines(results: Record<string, string>): { label: string; value: string }[] {
  return Object.entries(results).map(([k, v]) => {
    const label = RESULT_NAMES[k] ?? k;
    if (/Fen$/.test(k) && /^\d+$/.test(v)) {
      const fen = Number(v);
      return { label, value: `${(fen / 100).toFixed(fen % 100 ? 2 : 0)}元` };
    }
    return { label, value: v };
  });
}
