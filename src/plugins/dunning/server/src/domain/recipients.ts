import { cleanDisplayName, type Mailbox, parseAddressList } from './addresses';
import type { InvoiceRecord } from './records';

/**
 * Where a reminder's recipients come from (SPEC F1.3), in the order tried:
 * the invoice's reminder e-mails, then its contact's reminder e-mails and e-mails, then
 * the customer's favourite contact's two fields. The first field holding at least one
 * valid address wins.
 */
export type RecipientSource =
  | 'invoice.reminderEmails'
  | 'contact.reminderEmails'
  | 'contact.emails'
  | 'favouriteContact.reminderEmails'
  | 'favouriteContact.emails';

export type ContactAddresses = {
  name?: string | null;
  emails?: string | null;
  reminderEmails?: string | null;
};

export type RecipientInput = {
  invoice: { reminderEmails?: string | null };
  contact?: ContactAddresses | null;
  favouriteContact?: ContactAddresses | null;
};

export type InvalidAddress = { source: RecipientSource; address: string };

export type RecipientResolution = {
  recipients: Mailbox[];
  /** null when no field gave an address: the reminder is created but not sent. */
  source: RecipientSource | null;
  /** Entries that are not addresses, in the fields read, so the user can fix them. */
  invalid: InvalidAddress[];
};

export const resolveRecipients = ({
  invoice,
  contact,
  favouriteContact,
}: RecipientInput): RecipientResolution => {
  const candidates: Array<{ source: RecipientSource; raw?: string | null; name?: string | null }> =
    [
      { source: 'invoice.reminderEmails', raw: invoice.reminderEmails },
      { source: 'contact.reminderEmails', raw: contact?.reminderEmails, name: contact?.name },
      { source: 'contact.emails', raw: contact?.emails, name: contact?.name },
      {
        source: 'favouriteContact.reminderEmails',
        raw: favouriteContact?.reminderEmails,
        name: favouriteContact?.name,
      },
      {
        source: 'favouriteContact.emails',
        raw: favouriteContact?.emails,
        name: favouriteContact?.name,
      },
    ];

  const invalid: InvalidAddress[] = [];
  for (const { source, raw, name } of candidates) {
    const { valid, invalid: rejected } = parseAddressList(raw);
    invalid.push(...rejected.map((address) => ({ source, address })));
    if (valid.length > 0) {
      const displayName = cleanDisplayName(name);
      return {
        recipients: valid.map((address) =>
          displayName ? { name: displayName, address } : { address }
        ),
        source,
        invalid,
      };
    }
  }
  return { recipients: [], source: null, invalid };
};

/** The recipients of a reminder about one invoice: its own fields, its contact's, then its customer's favourite contact's. */
export const recipientsOfInvoice = (invoice: InvoiceRecord): RecipientResolution =>
  resolveRecipients({
    invoice,
    contact: invoice.contact,
    favouriteContact: invoice.customer?.favouriteContact ?? null,
  });

/**
 * The recipients of a reminder covering several invoices: each invoice's resolution,
 * every address once (compared case-insensitively), in invoice order.
 */
export const mergeRecipients = (resolutions: RecipientResolution[]): RecipientResolution => {
  const seen = new Set<string>();
  const merged: RecipientResolution = { recipients: [], source: null, invalid: [] };
  for (const resolution of resolutions) {
    merged.source ??= resolution.source;
    merged.invalid.push(...resolution.invalid);
    for (const mailbox of resolution.recipients) {
      const key = mailbox.address.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      merged.recipients.push(mailbox);
    }
  }
  return merged;
};
