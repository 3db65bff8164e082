/**
 * Fault: the shared-data sources the form fills itself from (市监, 公安,
 * 人社部) are down, or too slow to wait for. Auto-fill still answers 200,
 * quickly, naming each source that failed and the fields to type by hand;
 * hires typed by hand then file and finish like any other.
 */
import { randomUUID } from 'node:crypto';
import { hmacId } from '../../functions/lib/crypto';
import { hrOf, startHarness, type THarness } from '../integration/harness';
import { countScenario, recordCounts, recordsDelta } from './expect';
import { FAULT_USCC, hirablePeople, spySimulators, untilAllDone } from './support';

jest.setTimeout(90_000);

const N = 10;
/** The upstream timeout here (UPSTREAM_TIMEOUT_MS); a slow source answers after 3× that. */
const TIMEOUT_MS = 400;

let h: THarness;
beforeAll(async () => {
  h = await startHarness({ overrides: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) } });
});
afterAll(() => h.close());

it('auto-fill falls back to hand entry, and hand-typed hires file and finish', async () => {
  const hr = await hrOf(h, FAULT_USCC);
  const spy = spySimulators([h.stack.simulators.hrss, h.stack.simulators.medical, h.stack.simulators.housingFund]);
  const before = recordCounts(h.stack);
  const hires = hirablePeople(N, 80);
  const lookupMs: number[] = [];
  const lookup = async (path: string) => {
    const t = performance.now();
    const r = await hr.get(path);
    lookupMs.push(performance.now() - t);
    return r;
  };

  // the first half with the three sources too slow to wait for, the second half with them down (503)
  // (after 5 failures a source's circuit breaker opens: from then on the lookups fail at once)
  const phases = [
    { name: 'slow', switches: { latencyMs: TIMEOUT_MS * 3 }, people: hires.slice(0, N / 2) },
    { name: 'down', switches: { latencyMs: 0, down: true }, people: hires.slice(N / 2) },
  ];
  const filed: string[] = [];
  for (const phase of phases) {
    await Promise.all(['market', 'police', 'mohrss'].map((s) => h.sim(s as 'market', phase.switches)));
    const ent = await lookup(`/api/autofill/enterprise?uscc=${FAULT_USCC}`);
    expect(ent.status).toBe(200);
    // (市监's answer may be cached from the first phase; when it is not, the form says to type it)
    if (!ent.body.values?.name) {
      expect(ent.body.problems).toEqual([expect.objectContaining({ source: 'market_regulation', kind: 'unavailable', message: expect.stringContaining('手工填写') })]);
      expect(ent.body.manualFields).toEqual(expect.arrayContaining(['name', 'address', 'legalRepresentative']));
    }
    for (const { person, body } of phase.people) {
      const p = await lookup(`/api/autofill/person?idType=citizen_id&idNumber=${person.documentNumber}&name=${encodeURIComponent(person.name)}`);
      expect(p.status).toBe(200);
      expect(p.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'public_security', kind: 'unavailable', message: expect.stringContaining('手工填写') })]));
      expect(p.body.manualFields).toEqual(expect.arrayContaining(['name', 'ethnicGroup', 'hukouAddress']));
      expect(p.body.values.ethnicGroup).toBeUndefined(); // nothing made up
      expect(p.body.values.birthDate).toMatchObject({ value: person.birthDate, source: 'system' }); // from the number itself
      // typed by hand: the body carries what the person's documents say
      const res = await hr.post('/api/applications', body, { 'idempotency-key': `hand-${randomUUID()}` });
      expect(res.status).toBe(201);
      filed.push(res.body.application.id);
    }
  }
  await Promise.all(['market', 'police', 'mohrss'].map((s) => h.sim(s as 'market', { down: false, latencyMs: 0 })));

  const t = await untilAllDone(h.stack.deps, FAULT_USCC, N, 30_000, hires.map((x) => hmacId(x.person.documentNumber, h.stack.deps.keys)));
  expect(Math.max(...lookupMs)).toBeLessThan(TIMEOUT_MS * 3 + 1_000); // a slow source is not waited for
  lookupMs.sort((a, b) => a - b);
  countScenario('shared-data-down', {
    people: hires.map((x) => x.person),
    truth: t,
    calls: spy.calls,
    records: recordsDelta(before, recordCounts(h.stack)),
    keys: h.stack.deps.keys,
    extra: `${lookupMs.length} auto-fill lookups all 200 with hand-entry fields (p50 ${Math.round(lookupMs[Math.floor(lookupMs.length / 2)]!)} ms, max ${Math.round(lookupMs.at(-1)!)} ms; 5 hires with the sources 3× slower than the ${TIMEOUT_MS} ms timeout, 5 with them down)`,
  });
});
