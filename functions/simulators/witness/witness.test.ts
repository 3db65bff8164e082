/**
 * The witness simulator over HTTP, answer by answer as C2SP tlog-witness
 * specifies them, and its failure switches.
 */
import { toBase64 } from '../../ledger/hash';
import { consistencyProof, rootHash } from '../../ledger/merkle';
import { formatCheckpointBody, parseNote, parseVkey, signNote, verifyCosignature } from '../../ledger/note';
import { TEST_ORIGIN, TEST_WITNESS_SEED, testLogSigner } from '../../ledger/testing';
import { addCheckpointBody } from '../../ledger/witness';
import { serveSimulators, type TLoopback } from '../loopback';
import { createWitnessSimulator } from './witness';

const log = testLogSigner();
const sim = createWitnessSimulator({ seed: TEST_WITNESS_SEED, logs: [{ origin: TEST_ORIGIN, vkey: log.vkey }], now: () => 1_700_000_000_000 });
let server: TLoopback;
beforeAll(async () => {
  server = await serveSimulators(sim);
});
afterAll(() => server.close());
afterEach(() => sim.reset());

const leaves = Array.from({ length: 20 }, (_, i) => new TextEncoder().encode(`entry ${i}`));
const checkpoint = (size: number, seq = size, signer = log, origin = TEST_ORIGIN) => signNote(formatCheckpointBody({ origin, size, rootHash: rootHash(leaves.slice(0, size)), seq }), signer);
const proof = (from: number, to: number) => consistencyProof(leaves.slice(0, to), from).map(toBase64);

async function add(oldSize: number, p: string[], cp: string, raw?: string) {
  const res = await fetch(`${server.baseUrlOf(sim)}/add-checkpoint`, { method: 'POST', body: raw ?? addCheckpointBody(oldSize, p, cp) });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('witness simulator (C2SP tlog-witness)', () => {
  it('cosigns a first checkpoint from 0, then one proven consistent from its size', async () => {
    const first = await add(0, [], checkpoint(5));
    expect(first.status).toBe(200);
    const note = parseNote(`${checkpoint(5)}${first.text}`)!;
    expect(verifyCosignature(note.text, note.signatures, parseVkey(sim.vkey)!)).toBe(1_700_000_000);
    expect((await add(5, proof(5, 12), checkpoint(12))).status).toBe(200);
    expect(sim.latest(TEST_ORIGIN)).toMatchObject({ size: 12, rootHash: toBase64(rootHash(leaves.slice(0, 12))) });
    // the same checkpoint again is fine (same size, same root, empty proof)
    expect((await add(12, [], checkpoint(12))).status).toBe(200);
  });

  it('answers 409 with its size when the old size is not the one it holds', async () => {
    await add(0, [], checkpoint(5));
    expect(await add(0, [], checkpoint(8))).toEqual({ status: 409, type: 'text/x.tlog.size', text: '5\n' });
    expect((await add(3, proof(3, 8), checkpoint(8))).status).toBe(409);
    // the same size with another root is a conflict too
    const other = signNote(formatCheckpointBody({ origin: TEST_ORIGIN, size: 5, rootHash: new Uint8Array(32), seq: 9 }), log);
    expect((await add(5, [], other)).status).toBe(409);
  });

  it('refuses a lower size, a bad proof, an unknown origin, an untrusted key and malformed bodies', async () => {
    await add(0, [], checkpoint(8));
    expect((await add(8, [], checkpoint(5))).status).toBe(400); // old size above the checkpoint's: a lower size
    expect((await add(8, proof(7, 12), checkpoint(12))).status).toBe(422);
    expect((await add(8, [], checkpoint(12))).status).toBe(422);
    const stranger = testLogSigner('other.example/log');
    expect((await add(0, [], checkpoint(3, 1, stranger, 'other.example/log'))).status).toBe(404);
    expect((await add(0, [], checkpoint(3, 1, testLogSigner('x.example/log'), TEST_ORIGIN))).status).toBe(403);
    expect((await add(0, [], '', 'hello')).status).toBe(400);
    expect((await add(0, [], '', `old x\n\n${checkpoint(3)}`)).status).toBe(400);
    expect((await add(0, [], '', `old 8\nnot-base64\n\n${checkpoint(12)}`)).status).toBe(400);
    expect(sim.latest(TEST_ORIGIN)?.size).toBe(8);
    expect(sim.stats()).toMatchObject({ cosigned: 1, refused: 8 });
  });

  it('obeys the switches (down, failures) and shows its state on /_dev', async () => {
    sim.switches.down = true;
    expect((await add(0, [], checkpoint(2))).status).toBe(503);
    sim.switches.down = false;
    sim.switches.failureRate = 1;
    expect((await add(0, [], checkpoint(2))).status).toBe(500);
    sim.switches.failureRate = 0;
    expect((await add(0, [], checkpoint(2))).status).toBe(200);
    const dev = (await (await fetch(`${server.baseUrlOf(sim)}/_dev/checkpoints`)).json()) as { vkey: string; checkpoints: { size: number }[] };
    expect(dev).toMatchObject({ vkey: sim.vkey, cosigned: 1, checkpoints: [{ origin: TEST_ORIGIN, size: 2 }] });
    expect((await fetch(`${server.baseUrlOf(sim)}/add-checkpoint`)).status).toBe(405);
  });
});
