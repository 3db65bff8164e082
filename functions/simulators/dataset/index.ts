/**
 * The synthetic dataset behind the shared-data simulators (市监, 公安, 人社部):
 * enterprises and people, generated at import from fixed seeds, so every run
 * and every import yields the same records. All names, numbers and phones
 * are synthetic; every USCC and identity number carries a correct check
 * character. Named records for demos and tests: `DEMO_ENTERPRISES`,
 * `DEMO_PEOPLE`.
 */
export type { TEnterpriseStatus, TSimEducationRecord, TSimEnterprise, TSimPerson } from './types';
export { DEMO_ENTERPRISES, ENTERPRISES, ENTERPRISES_BY_USCC, ENTERPRISE_SEED, WUHAI_DISTRICTS, type TDemoEnterpriseKey } from './enterprises';
export { DATASET_REFERENCE_DATE, DEMO_PEOPLE, PEOPLE, PEOPLE_BY_DOCUMENT_NUMBER, PEOPLE_SEED, findPerson, type TDemoPersonKey } from './people';
export { compactDate, makeGb11643, makePermanentResidenceNo, makeUscc, sectorOfIndustry } from './ids';
