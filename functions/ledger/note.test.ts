/**
 * Signed notes, checkpoints and cosignatures against published vectors:
 * golang.org/x/mod/sumdb/note's PeterNeumann example (Ed25519 is
 * deterministic, so our signature must be byte-for-byte the published one),
 * transparency-dev/formats' vkeys and cosignature/v1 timestamp, and the
 * C2SP checkpoint example's shape.
 */
import { fromBase64 } from './hash';
import {
  cosign,
  cosignatureTimestamp,
  ed25519Signer,
  formatCheckpointBody,
  openNote,
  parseCheckpointBody,
  parseNote,
  parseSignatureLine,
  parseVkey,
  SIG_COSIGNATURE_V1,
  signNote,
  verifyCosignature,
} from './note';

// golang.org/x/mod/sumdb/note: PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz
const PETER_SEED = new Uint8Array(Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1));
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_NOTE = `${PETER_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('signed notes (c2sp.org/signed-note)', () => {
  it('signs exactly as the Go reference implementation, with its key ID and vkey', () => {
    const signer = ed25519Signer('PeterNeumann', PETER_SEED);
    expect(signer.vkey).toBe(PETER_VKEY);
    expect(Buffer.from(signer.keyId).toString('hex')).toBe('c74f20a3');
    expect(signNote(PETER_TEXT, signer)).toBe(PETER_NOTE);
  });

  it('opens a note only with the trusted key, and rejects any change', () => {
    const v = parseVkey(PETER_VKEY)!;
    expect(openNote(PETER_NOTE, v)?.text).toBe(PETER_TEXT);
    expect(openNote(PETER_NOTE.replace('cryptography', 'cryptographY'), v)).toBeUndefined();
    expect(openNote(PETER_NOTE.replace('x08go', 'x08gp'), v)).toBeUndefined();
    // another key with the same name: its line is ignored, so no trusted signature remains
    const other = ed25519Signer('PeterNeumann', new Uint8Array(32).fill(7));
    expect(openNote(signNote(PETER_TEXT, other), v)).toBeUndefined();
    // an unknown signature line beside a good one is ignored
    const extra = `${PETER_NOTE}${signNote(PETER_TEXT, other).split('\n\n')[1]}`;
    expect(parseNote(extra)?.signatures).toHaveLength(2);
    expect(openNote(extra, v)?.text).toBe(PETER_TEXT);
    // malformed notes
    for (const bad of [PETER_TEXT, PETER_NOTE.replace('— ', '-- '), PETER_NOTE.slice(0, -1), `${PETER_NOTE}\u0001`, PETER_NOTE.replace('\n\n', '\n')]) expect(openNote(bad, v)).toBeUndefined();
  });

  it('parses vkeys whose base64 contains a + (transparency-dev/formats), and refuses wrong ones', () => {
    expect(parseVkey('TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6')?.name).toBe('TEST');
    expect(parseVkey('remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2')?.type).toBe(SIG_COSIGNATURE_V1);
    for (const bad of ['PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'PeterNeumann+c74f20a3', 'bananas+12345678+THIS_IS_NOT_BASE64!', 'x+12345678+AwEB', 'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW']) {
      expect(parseVkey(bad)).toBeUndefined();
    }
  });

  it('reads a cosignature/v1 timestamp (transparency-dev/formats vector)', () => {
    const sig = Buffer.from('ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==', 'base64');
    expect(cosignatureTimestamp(new Uint8Array(sig.subarray(4)))).toBe(1727964367);
    expect(cosignatureTimestamp(new Uint8Array(64))).toBeUndefined();
  });
});

describe('checkpoints (c2sp.org/tlog-checkpoint)', () => {
  const root = fromBase64('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=')!;

  it('formats origin, size, base64 root and our seq line, and parses it back', () => {
    const text = formatCheckpointBody({ origin: 'example.com/behind-the-sofa', size: 20852163, rootHash: root, seq: 3 });
    expect(text).toBe('example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\nseq 3\n');
    expect(parseCheckpointBody(text)).toEqual({ origin: 'example.com/behind-the-sofa', size: 20852163, rootHash: root, seq: 3 });
    for (const bad of [text.replace('20852163', '020852163'), text.replace('seq 3', 'seq 0'), text.replace('CsUY', 'CsU'), text.replace('\nseq 3\n', '\n'), text + 'x\n', text.replace('20852163', '-1')]) {
      expect(parseCheckpointBody(bad)).toBeUndefined();
    }
    expect(() => formatCheckpointBody({ origin: 'a b', size: 0, rootHash: root, seq: 1 })).toThrow(RangeError);
  });

  it('is cosigned by a witness key (cosignature/v1) over the whole text, timestamp included', () => {
    const log = ed25519Signer('example.com/behind-the-sofa', new Uint8Array(32).fill(1));
    const witness = ed25519Signer('witness.example/w1', new Uint8Array(32).fill(2), SIG_COSIGNATURE_V1);
    const text = formatCheckpointBody({ origin: log.name, size: 5, rootHash: root, seq: 1 });
    const line = cosign(text, witness, 1679315147);
    const verifier = parseVkey(witness.vkey)!;
    const sig = parseSignatureLine(line)!;
    expect(sig.signature).toHaveLength(72);
    expect(verifyCosignature(text, [sig], verifier)).toBe(1679315147);
    expect(verifyCosignature(text.replace('seq 1', 'seq 2'), [sig], verifier)).toBeUndefined();
    // the log's own key is not a cosignature key, and a cosignature does not open as a note signature
    expect(verifyCosignature(text, [sig], parseVkey(log.vkey)!)).toBeUndefined();
    const note = signNote(text, log);
    expect(openNote(`${note}${line}\n`, parseVkey(log.vkey)!)?.text).toBe(text);
    expect(() => cosign(text, log, 1)).toThrow(RangeError);
    expect(() => signNote(text, witness)).toThrow(RangeError);
  });
});
