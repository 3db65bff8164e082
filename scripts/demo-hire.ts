/**
 * `npm run demo:hire`: files one hire over HTTP against a running `npm start`
 * (BASE_URL, default http://127.0.0.1:3000) the way the mini-program does —
 * log in, bind the demo enterprise through the (simulated) 电子营业执照,
 * auto-fill, submit with an Idempotency-Key — and prints each item's result
 * as it completes.
 */
import { randomUUID } from 'node:crypto';
import { localToday } from '../domain';
import { ApiClient, DEMO_PERSON, DEMO_USCC, demoApplication } from '../tests/integration/client';

const STATE_NAMES: Record<string, string> = { submitted: '已提交', processing: '办理中', done: '已办结', needs_correction: '需补正', rejected: '不予受理' };

async function main(): Promise<void> {
  const base = process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const api = new ApiClient(base);
  const health = await api.get('/api/health').catch(() => undefined);
  if (!health || health.status !== 200) throw new Error(`${base} 未运行：请先执行 npm start`);
  await api.login(`demo-hr-${Date.now()}`);
  const bound = await api.bindEnterprise(DEMO_USCC);
  if (bound.status !== 200) throw new Error(`绑定企业失败：${JSON.stringify(bound.body)}`);
  console.log(`已绑定企业 ${bound.body.enterpriseName}`);
  const ent = await api.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
  const person = await api.get(`/api/autofill/person?idType=citizen_id&idNumber=${DEMO_PERSON.documentNumber}&name=${encodeURIComponent(DEMO_PERSON.name)}`);
  console.log(`自动填充：单位 ${Object.keys(ent.body.values).length} 项（市监），人员 ${Object.keys(person.body.values).length} 项（公安/人社部）`);
  const today = localToday();
  const application = demoApplication({ employer: ent.body.values, person: person.body.values }, today);
  const started = Date.now();
  const filed = await api.post('/api/applications', application, { 'idempotency-key': randomUUID() });
  if (filed.status !== 201) throw new Error(`提交失败（HTTP ${filed.status}）：${JSON.stringify(filed.body, null, 2)}`);
  const id = filed.body.application.id as string;
  console.log(`已提交 ${id}，${Date.now() - started} ms 后返回：`);
  let items = filed.body.application.items as { name: string; state: string; stage: string | null; results: Record<string, string> }[];
  print(items);
  const deadline = Date.now() + 60_000;
  while (items.some((i) => i.state === 'processing' || i.state === 'submitted') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2000));
    const next = (await api.get(`/api/applications/${id}`)).body.items as typeof items;
    if (JSON.stringify(next) !== JSON.stringify(items)) {
      items = next;
      console.log(`— ${((Date.now() - started) / 1000).toFixed(1)} s`);
      print(items);
    }
  }
  console.log(items.every((i) => i.state === 'done') ? '七个事项全部办结。' : '仍有事项未办结，可稍后查询。');
}

function print(items: { name: string; state: string; stage: string | null; results: Record<string, string> }[]): void {
  for (const i of items) {
    const results = Object.entries(i.results).map(([k, v]) => `${k}=${v}`).join(' ');
    console.log(`  ${i.name.padEnd(16, '　')} ${(STATE_NAMES[i.state] ?? i.state).padEnd(4, '　')} ${i.stage ?? ''} ${results}`);
  }
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
