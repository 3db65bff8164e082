export * from './client';
export { faceCertHash } from './cert-hash';
