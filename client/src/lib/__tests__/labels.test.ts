import { historyStage, resultLines } from '../labels';

describe('result and history labels', () => {
  it('names every result key the departments return in Chinese, and shows fen as 元', () => {
    const keys = ['personalSocialSecurityNo', 'medicalPersonalNo', 'registrationNo', 'electronicCertificateNo', 'physicalTicket', 'pickupLocation', 'physicalCertificateNo', 'filingNo', 'electronicCardNo', 'cardApplicationNo', 'cardNo', 'collectionBranch', 'accountNo', 'firstDepositMonth'];
    for (const line of resultLines(Object.fromEntries(keys.map((k) => [k, 'x'])))) expect(line.label).toMatch(/[\u4e00-\u9fa5]/);
    expect(resultLines({ contributionBaseFen: '600000' })).toEqual([{ label: '缴费基数', value: '6000元' }]);
  });

  it('drops a stage that only repeats the state', () => {
    expect(historyStage('已提交', '已提交')).toBeUndefined();
    expect(historyStage('已办结', '办结')).toBeUndefined();
    expect(historyStage('办理中', '制卡中')).toBe('制卡中');
    expect(historyStage('办理中', undefined)).toBeUndefined();
  });
});
