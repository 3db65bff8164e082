/**
 * What people type into an identity field: full-width digits and letters from
 * a Chinese IME, spaces, a lower-case x. Validators themselves are strict;
 * the form normalizes first.
 */
export function toHalfWidth(value: string): string {
  return value.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Half-width, upper-case, without spaces or hyphens. */
export function normalizeDocumentNumber(value: string): string {
  return toHalfWidth(value).replace(/[\s\-]/g, '').toUpperCase();
}
