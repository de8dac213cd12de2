import type { Core } from '@strapi/strapi';

import { parseAddressList } from '../../domain/addresses';
import type { ContactAddress } from '../../domain/inbound-matching';
import type { ReceivablesMapping } from '../../domain/receivables-mapping';
import type { MappedEntity } from '../../domain/records';
import { documentsOf } from '../sql/typed-strapi';

/**
 * The mapped contacts that hold an address (SPEC F1.3: their e-mails and reminder
 * e-mails), with the customer each belongs to: its own customer relation, and the
 * customers that have it as their favourite contact.
 */
export const contactReads = (strapi: Core.Strapi, mapping: () => ReceivablesMapping) => ({
  /** The customers' contacts with one of `addresses`, compared lower-case, each pair once. */
  async contactsWithAddresses(addresses: readonly string[]): Promise<ContactAddress[]> {
    const wanted = [...new Set(addresses.map((address) => address.toLowerCase()))];
    const { contact, customer } = mapping();
    const emailFields = [contact.fields.emails, contact.fields.reminderEmails].filter(
      (field): field is string => Boolean(field)
    );
    if (wanted.length === 0 || emailFields.length === 0) return [];
    const customerField = contact.fields.customer;
    // A substring search narrows the rows; the parsed address lists decide.
    const contacts = await documentsOf<MappedEntity>(strapi, contact.uid).findMany({
      filters: {
        $or: emailFields.flatMap((field) =>
          wanted.map((address) => ({ [field]: { $containsi: address } }))
        ),
      },
      fields: ['documentId', ...emailFields],
      ...(customerField ? { populate: { [customerField]: { fields: ['documentId'] } } } : {}),
      status: 'published',
    });
    const held = new Map<string, string[]>();
    for (const entity of contacts) {
      const found = emailFields
        .flatMap((field) => parseAddressList(entity[field] as string | null).valid)
        .map((address) => address.toLowerCase())
        .filter((address) => wanted.includes(address));
      if (found.length > 0) held.set(entity.documentId, found);
    }
    if (held.size === 0) return [];
    const pairs: ContactAddress[] = [];
    if (customerField)
      for (const entity of contacts) {
        const owner = entity[customerField] as MappedEntity | null | undefined;
        for (const address of held.get(entity.documentId) ?? [])
          if (owner) pairs.push({ customerId: owner.documentId, address });
      }
    const favourite = customer.fields.favouriteContact;
    if (favourite) {
      const favouring = await documentsOf<MappedEntity>(strapi, customer.uid).findMany({
        filters: { [favourite]: { documentId: { $in: [...held.keys()] } } },
        fields: ['documentId'],
        populate: { [favourite]: { fields: ['documentId'] } },
        status: 'published',
      });
      for (const entity of favouring) {
        const chosen = entity[favourite] as MappedEntity | null;
        for (const address of held.get(chosen?.documentId ?? '') ?? [])
          pairs.push({ customerId: entity.documentId, address });
      }
    }
    return [...new Map(pairs.map((pair) => [`${pair.customerId} ${pair.address}`, pair])).values()];
  },
});
