/** The outcome of checking one identity number. */
export interface TIdentityFinding {
  /** Stable machine code, e.g. `checksum`. */
  code: string;
  /** Chinese message for the person filling the form. */
  message: string;
}

export interface TIdentityCheck {
  valid: boolean;
  errors: TIdentityFinding[];
  /** Not a reason to refuse, but worth showing (e.g. an abolished county code). */
  warnings: TIdentityFinding[];
  /** Derived where the format carries them. */
  birthDate?: string;
  sex?: 'male' | 'female';
  /** GB/T 2260 code of the address or issuing place, where carried. */
  regionCode?: string;
  regionName?: string;
  /** ISO 3166 numeric nationality, where carried. */
  nationality?: string;
}

export function finish(partial: Omit<TIdentityCheck, 'valid'>): TIdentityCheck {
  return { valid: partial.errors.length === 0, ...partial };
}
