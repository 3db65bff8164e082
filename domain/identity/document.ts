/**
 * One entry point: check a document number for its 证件类型, as the form and
 * the pre-check both need it.
 */
import { aliasOf } from '../codes/code-table';
import { IDENTITY_DOCUMENT_TYPES } from '../codes/document-types';
import { NATIONALITIES } from '../codes/nationalities';
import { checkCitizenId, checkHmtResidencePermit } from './citizen-id';
import {
  checkForeignPermanentResidence,
  checkHkMacaoTravelPermit,
  checkPassport,
  checkTaiwanTravelPermit,
  type TNationalityLookup,
} from './other-documents';
import { finish, type TIdentityCheck } from './result';

/** Document kinds a hire can be filed with (aliases in IDENTITY_DOCUMENT_TYPES). */
export const SUPPORTED_DOCUMENT_KINDS = [
  'citizen_id',
  'hmt_residence_permit',
  'hm_travel_permit',
  'mo_travel_permit',
  'tw_travel_permit',
  'foreign_permanent_residence',
  'passport',
  'cn_passport',
] as const;
export type TDocumentKind = (typeof SUPPORTED_DOCUMENT_KINDS)[number];

export function documentKindOf(documentTypeCode: string): TDocumentKind | undefined {
  const alias = aliasOf(IDENTITY_DOCUMENT_TYPES, documentTypeCode);
  return (SUPPORTED_DOCUMENT_KINDS as readonly string[]).includes(alias ?? '') ? (alias as TDocumentKind) : undefined;
}

/** Kinds whose holders are Chinese citizens (including HK, Macao and Taiwan residents). */
export function isChineseCitizenDocument(kind: TDocumentKind): boolean {
  return kind !== 'foreign_permanent_residence' && kind !== 'passport';
}

export const NATIONALITY_LOOKUP: TNationalityLookup = {
  byNumeric: (code) => NATIONALITIES.entries.find((e) => e.code === code)?.name,
  byAlpha3: (code) => NATIONALITIES.entries.find((e) => e.alias === code)?.name,
};

/** Checks a normalized document number for a document kind. */
export function checkDocument(kind: TDocumentKind, number: string, nationality?: string, today?: string): TIdentityCheck {
  switch (kind) {
    case 'citizen_id':
      return checkCitizenId(number, today);
    case 'hmt_residence_permit':
      return checkHmtResidencePermit(number, today);
    case 'hm_travel_permit':
    case 'mo_travel_permit': {
      const check = checkHkMacaoTravelPermit(number);
      const letter = kind === 'hm_travel_permit' ? 'H' : 'M';
      if (check.valid && number[0] !== letter) {
        return finish({
          errors: [{ code: 'region_letter', message: `${kind === 'hm_travel_permit' ? '香港' : '澳门'}居民的通行证号码以${letter}开头` }],
          warnings: [],
        });
      }
      return check;
    }
    case 'tw_travel_permit':
      return checkTaiwanTravelPermit(number);
    case 'foreign_permanent_residence':
      return checkForeignPermanentResidence(number, NATIONALITY_LOOKUP, today);
    case 'passport':
      return checkPassport(number, nationality, NATIONALITY_LOOKUP);
    case 'cn_passport':
      return checkPassport(number, nationality ?? '156', NATIONALITY_LOOKUP);
  }
}
