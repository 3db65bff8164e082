import { ZSubscribeReportSchema, type TSubscriptionsView } from '@/domain/notifications/subscriptions';
import { askSubscriptions, templatesToAsk } from '../subscribe';

const view: TSubscriptionsView = {
  templates: [
    { key: 'progress', title: '办理进度通知', templateId: 'tplProgress001', remaining: 2 },
    { key: 'done', title: '办结通知', templateId: 'tplDone00001', remaining: 0 },
    { key: 'correction', title: '补正通知', templateId: 'tplCorrect01', remaining: 1 },
  ],
};
const now = () => new Date('2026-11-26T02:00:00Z');

describe('asking for subscribe messages on the submit tap', () => {
  it('asks for at most three templates, the empty quotas first', () => {
    expect(templatesToAsk(view)).toEqual(['tplDone00001', 'tplCorrect01', 'tplProgress001']);
    expect(templatesToAsk({ templates: [...view.templates, { key: 'cardProgress', title: 'x', templateId: 'tplCard00001', remaining: 0 }] })).toHaveLength(3);
    expect(templatesToAsk(undefined)).toEqual([]);
  });

  it("reports WeChat's answers once, in the server's schema", async () => {
    const report = jest.fn(async () => ({}));
    const request = jest.fn(async () => ({ errMsg: 'requestSubscribeMessage:ok', tplProgress001: 'accept', tplDone00001: 'reject', tplCorrect01: 'accept' }));
    const r = await askSubscriptions({ view, request, report, trigger: 'submit', requestId: 'sub-test-0001', now });
    expect(request).toHaveBeenCalledWith({ tmplIds: ['tplDone00001', 'tplCorrect01', 'tplProgress001'] });
    expect(r).toEqual({ requestId: 'sub-test-0001', trigger: 'submit', askedAt: '2026-11-26T02:00:00.000Z', answers: { tplProgress001: 'accept', tplDone00001: 'reject', tplCorrect01: 'accept' } });
    expect(ZSubscribeReportSchema.safeParse(r).success).toBe(true);
    expect(report).toHaveBeenCalledTimes(1);
  });

  it('reports a refused request (e.g. 20004, subscriptions switched off) as nothing accepted, and never throws', async () => {
    const report = jest.fn(async () => Promise.reject(new Error('offline')));
    const request = jest.fn(async () => Promise.reject({ errCode: 20004, errMsg: 'requestSubscribeMessage:fail' }));
    const r = await askSubscriptions({ view, request, report, trigger: 'submit', requestId: 'sub-test-0002', now });
    expect(r?.errCode).toBe(20004);
    expect(Object.values(r!.answers)).toEqual(['reject', 'reject', 'reject']);
    expect(report).toHaveBeenCalledTimes(2); // one retry of the report, then the filing goes on
  });

  it('does nothing where there is no WeChat (H5) or nothing to ask', async () => {
    const report = jest.fn();
    expect(await askSubscriptions({ view, request: undefined, report, trigger: 'submit', requestId: 'sub-test-0003' })).toBeUndefined();
    expect(await askSubscriptions({ view: { templates: [] }, request: jest.fn(), report, trigger: 'submit', requestId: 'sub-test-0004' })).toBeUndefined();
    expect(report).not.toHaveBeenCalled();
  });
});
