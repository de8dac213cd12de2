import { isValidAddress } from '../../../shared/addresses';

export { isValidAddress } from '../../../shared/addresses';
export type { Mailbox } from '../../../shared/vocabulary';

export type AddressList = { valid: string[]; invalid: string[] };

/**
 * Reads a stored address list ("a@x.test, b@y.test"; commas or semicolons). Blanks are
 * dropped, duplicates (compared case-insensitively) kept once, in the order written.
 */
export const parseAddressList = (raw: string | null | undefined): AddressList => {
  const result: AddressList = { valid: [], invalid: [] };
  if (!raw) return result;
  const seen = new Set<string>();
  for (const part of raw.split(/[,;\n]/)) {
    const address = part.trim();
    if (!address) continue;
    const key = address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    (isValidAddress(address) ? result.valid : result.invalid).push(address);
  }
  return result;
};

/** Writes a list back in the stored form. */
export const formatAddressList = (addresses: string[]): string => addresses.join(', ');

/** A display name is passed to nodemailer as data, but still never carries a line break. */
export const cleanDisplayName = (name: string | null | undefined): string | undefined => {
  const cleaned = (name ?? '').replace(/[\r\n\0]+/g, ' ').trim();
  return cleaned || undefined;
};
