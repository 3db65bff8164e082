/**
 * Signed notes and checkpoints, as C2SP specifies them:
 *
 * - signed note (c2sp.org/signed-note): the text (ending in a newline), a
 *   blank line, then signature lines `— <key name> <base64(key ID ‖ signature)>`
 *   (U+2014 em dash). Ed25519 key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4].
 * - checkpoint (c2sp.org/tlog-checkpoint): the note text is the origin line,
 *   the tree size in decimal, the base64 root hash, then optional extension
 *   lines. Ours carries one, `seq <n>`: the checkpoint's number (1, 2, …), so
 *   a checkpoint dropped from storage leaves a gap that the key holder's
 *   signatures make impossible to close. The key name is the origin.
 * - cosignature (c2sp.org/tlog-cosignature, Ed25519 `cosignature/v1`): a
 *   witness signs `cosignature/v1\ntime <t>\n` + the checkpoint text; the
 *   signature is key ID ‖ timestamp (u64 big-endian) ‖ Ed25519 signature,
 *   key ID = SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4].
 * - verifier keys (vkeys): `<name>+<key ID in hex>+<base64(type ‖ public key)>`.
 *
 * Ed25519 is node:crypto's (RFC 8032, deterministic).
 */
import { createPrivateKey, createPublicKey, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { fromBase64, sha256, toBase64 } from './hash';

export const SIG_ED25519 = 0x01;
export const SIG_COSIGNATURE_V1 = 0x04;

const EM_DASH = '\u2014';
const enc = new TextEncoder();

/** A key name: non-empty, no Unicode space, no plus. */
export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u.test(name);
}

export function keyId(name: string, type: number, publicKey: Uint8Array): Uint8Array {
  return sha256(enc.encode(name), Uint8Array.of(0x0a, type), publicKey).slice(0, 4);
}

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new RangeError('an Ed25519 private key is a 32-byte seed');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
}

/** The 32-byte Ed25519 public key of a seed. */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  const jwk = createPublicKey(privateKeyFromSeed(seed)).export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x!, 'base64url'));
}

export interface TNoteSigner {
  name: string;
  type: typeof SIG_ED25519 | typeof SIG_COSIGNATURE_V1;
  keyId: Uint8Array;
  publicKey: Uint8Array;
  /** The verifier key to publish: `<name>+<key ID hex>+<base64(type ‖ public key)>`. */
  vkey: string;
  sign(message: Uint8Array): Uint8Array;
}

export function ed25519Signer(name: string, seed: Uint8Array, type: TNoteSigner['type'] = SIG_ED25519): TNoteSigner {
  if (!isKeyName(name)) throw new RangeError(`key name ${JSON.stringify(name)} is empty or has a space or +`);
  const key = privateKeyFromSeed(seed);
  const publicKey = ed25519PublicKey(seed);
  const id = keyId(name, type, publicKey);
  return {
    name,
    type,
    keyId: id,
    publicKey,
    vkey: formatVkey(name, type, publicKey),
    sign: (message) => new Uint8Array(edSign(null, message, key)),
  };
}

export function formatVkey(name: string, type: number, publicKey: Uint8Array): string {
  return `${name}+${Buffer.from(keyId(name, type, publicKey)).toString('hex')}+${toBase64(Uint8Array.of(type, ...publicKey))}`;
}

export interface TNoteVerifier {
  name: string;
  type: number;
  keyId: Uint8Array;
  publicKey: Uint8Array;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** Parses a vkey of an Ed25519 (0x01) or cosignature/v1 (0x04) key; undefined when malformed or its key ID does not match. */
export function parseVkey(vkey: string): TNoteVerifier | undefined {
  // <name>+<id>+<key>: the name has no '+', the base64 key may
  const m = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/s.exec(vkey);
  if (!m) return undefined;
  const [, name, idHex, keyB64] = m as unknown as [string, string, string, string];
  if (!isKeyName(name)) return undefined;
  const raw = fromBase64(keyB64, 33);
  if (!raw || (raw[0] !== SIG_ED25519 && raw[0] !== SIG_COSIGNATURE_V1)) return undefined;
  const type = raw[0]!;
  const publicKey = raw.slice(1);
  const id = keyId(name, type, publicKey);
  if (Buffer.from(id).toString('hex') !== idHex) return undefined;
  let key: KeyObject;
  try {
    key = publicKeyFromRaw(publicKey);
  } catch {
    return undefined;
  }
  return {
    name,
    type,
    keyId: id,
    publicKey,
    verify: (message, signature) => {
      try {
        return signature.length === 64 && edVerify(null, message, key, signature);
      } catch {
        return false;
      }
    },
  };
}

export interface TNoteSignature {
  name: string;
  keyId: Uint8Array;
  /** The bytes after the key ID. */
  signature: Uint8Array;
  /** The whole line, without its newline. */
  line: string;
}

export interface TNote {
  /** The signed text, with its final newline. */
  text: string;
  signatures: TNoteSignature[];
}

const MAX_NOTE_BYTES = 1_000_000;
const MAX_SIGNATURES = 100;

/** Splits a signed note into its text and signature lines; undefined when it is not one. */
export function parseNote(note: string): TNote | undefined {
  if (enc.encode(note).length > MAX_NOTE_BYTES || /[\u0000-\u0009\u000b-\u001f]/.test(note) || !note.endsWith('\n')) return undefined;
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return undefined;
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) return undefined;
  const signatures: TNoteSignature[] = [];
  for (const line of lines) {
    const sig = parseSignatureLine(line);
    if (!sig) return undefined;
    signatures.push(sig);
  }
  return { text, signatures };
}

export function parseSignatureLine(line: string): TNoteSignature | undefined {
  const m = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
  if (!m || !isKeyName(m[1]!)) return undefined;
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length < 5 || bytes.toString('base64') !== m[2]) return undefined;
  return { name: m[1]!, keyId: new Uint8Array(bytes.subarray(0, 4)), signature: new Uint8Array(bytes.subarray(4)), line };
}

/** `— <name> <base64(key ID ‖ signature)>`, without the newline. */
export function signatureLine(name: string, id: Uint8Array, signature: Uint8Array): string {
  return `${EM_DASH} ${name} ${Buffer.concat([id, signature]).toString('base64')}`;
}

/** Signs a note text (which must end in a newline) with an Ed25519 note key. */
export function signNote(text: string, signer: TNoteSigner): string {
  if (!text.endsWith('\n') || text.includes('\n\n') || text.startsWith('\n')) throw new RangeError('a note text is non-empty lines, each ending in a newline');
  if (signer.type !== SIG_ED25519) throw new RangeError('a note is signed with an Ed25519 (0x01) key');
  return `${text}\n${signatureLine(signer.name, signer.keyId, signer.sign(enc.encode(text)))}\n`;
}

const sameId = (a: Uint8Array, b: Uint8Array) => a.length === 4 && b.length === 4 && a.every((x, i) => x === b[i]);

/**
 * Verifies a note against a trusted Ed25519 note key: the note's text when a
 * signature line of that key (same name and key ID) verifies, undefined
 * otherwise (no such line, or one that fails: the whole note is rejected).
 * Lines of unknown keys are ignored.
 */
export function openNote(note: string, verifier: TNoteVerifier): TNote | undefined {
  const parsed = parseNote(note);
  if (!parsed || verifier.type !== SIG_ED25519) return undefined;
  const mine = parsed.signatures.filter((s) => s.name === verifier.name && sameId(s.keyId, verifier.keyId));
  if (mine.length === 0) return undefined;
  return mine.every((s) => verifier.verify(enc.encode(parsed.text), s.signature)) ? parsed : undefined;
}

// ── checkpoints ──────────────────────────────────────────────────────────────

export interface TCheckpointBody {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  /** Our extension line `seq <n>`: the checkpoint's number, from 1. */
  seq: number;
}

export function formatCheckpointBody(c: TCheckpointBody): string {
  if (!isKeyName(c.origin)) throw new RangeError('the origin is non-empty, without spaces or +');
  return `${c.origin}\n${c.size}\n${toBase64(c.rootHash)}\nseq ${c.seq}\n`;
}

/** Parses a checkpoint text (the note text, not the signatures); undefined when malformed. */
export function parseCheckpointBody(text: string): TCheckpointBody | undefined {
  const lines = text.split('\n');
  if (lines.length !== 5 || lines[4] !== '') return undefined;
  const [origin, sizeLine, rootLine, seqLine] = lines as [string, string, string, string];
  if (!origin || !/^(0|[1-9][0-9]{0,15})$/.test(sizeLine)) return undefined;
  const size = Number(sizeLine);
  const rootHash = fromBase64(rootLine);
  const seq = /^seq ([1-9][0-9]{0,15})$/.exec(seqLine);
  if (!Number.isSafeInteger(size) || !rootHash || !seq || !Number.isSafeInteger(Number(seq[1]))) return undefined;
  return { origin, size, rootHash, seq: Number(seq[1]) };
}

// ── witness cosignatures (cosignature/v1) ───────────────────────────────────

function cosignedMessage(checkpointText: string, timestamp: number): Uint8Array {
  return enc.encode(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`);
}

/** A witness's cosignature line on a checkpoint text, at `timestamp` (POSIX seconds). */
export function cosign(checkpointText: string, signer: TNoteSigner, timestamp: number): string {
  if (signer.type !== SIG_COSIGNATURE_V1) throw new RangeError('a cosignature is made with a cosignature/v1 (0x04) key');
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64BE(BigInt(timestamp));
  return signatureLine(signer.name, signer.keyId, Buffer.concat([ts, signer.sign(cosignedMessage(checkpointText, timestamp))]));
}

/** The timestamp a cosignature/v1 signature carries (its bytes after the key ID), without verifying it. */
export function cosignatureTimestamp(signature: Uint8Array): number | undefined {
  if (signature.length !== 72) return undefined;
  const t = Number(Buffer.from(signature.subarray(0, 8)).readBigUInt64BE());
  return Number.isSafeInteger(t) ? t : undefined;
}

/** The timestamp of a valid cosignature of `checkpointText` by this witness key, among these lines; undefined when none verifies. */
export function verifyCosignature(checkpointText: string, lines: readonly TNoteSignature[], witness: TNoteVerifier): number | undefined {
  if (witness.type !== SIG_COSIGNATURE_V1) return undefined;
  for (const s of lines) {
    if (s.name !== witness.name || !sameId(s.keyId, witness.keyId)) continue;
    const timestamp = cosignatureTimestamp(s.signature);
    if (timestamp === undefined) return undefined;
    return witness.verify(cosignedMessage(checkpointText, timestamp), s.signature.subarray(8)) ? timestamp : undefined;
  }
  return undefined;
}
