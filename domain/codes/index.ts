/** 代码表：各表见同目录文件头注释（标准、版本、来源与未能核实之处）。 */
import type { TCodeTable } from './code-table';
import { ETHNIC_GROUPS } from './ethnic-groups';
import { EDUCATION_LEVELS } from './education';
import { HUKOU_NATURES } from './hukou-nature';
import { EMPLOYMENT_FORMS } from './employment-forms';
import { CONTRACT_TERM_TYPES } from './contract-term-types';
import { WORKING_TIME_SYSTEMS } from './working-time-systems';
import { INSURANCE_TYPES } from './insurance-types';
import { INDUSTRY } from './industry';
import { OCCUPATIONS } from './occupation';
import { TECHNICAL_GRADES } from './technical-grades';
import { IDENTITY_DOCUMENT_TYPES } from './document-types';
import { NATIONALITIES } from './nationalities';
import { SEXES } from './sex';
import { INDUSTRIAL_SECTORS } from './industrial-sectors';

export * from './code-table';
export { hmTravelPermitCodeFor } from './document-types';
export {
  ETHNIC_GROUPS,
  EDUCATION_LEVELS,
  HUKOU_NATURES,
  EMPLOYMENT_FORMS,
  CONTRACT_TERM_TYPES,
  WORKING_TIME_SYSTEMS,
  INSURANCE_TYPES,
  INDUSTRY,
  OCCUPATIONS,
  TECHNICAL_GRADES,
  IDENTITY_DOCUMENT_TYPES,
  NATIONALITIES,
  SEXES,
  INDUSTRIAL_SECTORS,
};

export const ALL_CODE_TABLES: readonly TCodeTable[] = [
  ETHNIC_GROUPS,
  EDUCATION_LEVELS,
  HUKOU_NATURES,
  EMPLOYMENT_FORMS,
  CONTRACT_TERM_TYPES,
  WORKING_TIME_SYSTEMS,
  INSURANCE_TYPES,
  INDUSTRY,
  OCCUPATIONS,
  TECHNICAL_GRADES,
  IDENTITY_DOCUMENT_TYPES,
  NATIONALITIES,
  SEXES,
  INDUSTRIAL_SECTORS,
];
