import type { Mailbox } from './addresses';

/**
 * Bounced addresses (F7.5): an address a reminder bounced from is on the
 * suppression list, and nothing more goes to it until a person fixes the customer's
 * address or releases it. Pure.
 */

/** The reason a reminder is held back when every address it would go to bounced before. */
export const ADDRESS_BOUNCED = 'address_bounced';

/** The reasons a reminder waits for a person to fix its customer's address ("Contacts to fix"). */
export const ADDRESS_REASONS: readonly string[] = ['no_address', ADDRESS_BOUNCED];

/** How the list keeps an address: trimmed, lower-case (mail providers report it in any case). */
export const normaliseAddress = (address: string): string => address.trim().toLowerCase();

/** The recipients the list lets through, and those it holds back, in their order. */
export const withoutSuppressed = (
  recipients: Mailbox[],
  suppressed: ReadonlySet<string>
): { kept: Mailbox[]; bounced: Mailbox[] } => {
  const kept: Mailbox[] = [];
  const bounced: Mailbox[] = [];
  for (const mailbox of recipients)
    (suppressed.has(normaliseAddress(mailbox.address)) ? bounced : kept).push(mailbox);
  return { kept, bounced };
};

/** The share of `sent` that bounced, to four decimals (0 when nothing was sent). */
export const bounceRate = (sent: number, bounced: number): number =>
  sent > 0 ? Math.round((bounced / sent) * 10000) / 10000 : 0;
