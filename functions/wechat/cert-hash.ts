import { createHash } from 'node:crypto';

/**
 * `cert_hash` of 人脸核身 queryVerifyInfo: the SHA-256 (lower-case hex) of
 * `cert_type=<b64>&cert_name=<b64>&cert_no=<b64>`, each value base64 of its
 * UTF-8 bytes. The official page says only “根据证件信息生成”; this is how two
 * independent public SDKs compute it (not confirmed against WeChat itself).
 */
export function faceCertHash(certName: string, certNo: string, certType = 'IDENTITY_CARD'): string {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return createHash('sha256')
    .update(`cert_type=${b64(certType)}&cert_name=${b64(certName)}&cert_no=${b64(certNo)}`, 'utf8')
    .digest('hex');
}
