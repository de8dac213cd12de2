/**
 * The receivables mapping (SPEC F1.2): which content types hold invoices, customers
 * and contacts, and which of their fields the plugin reads. The defaults match the
 * reference types of `src/api`. A field mapped to `null` is one the team's model does
 * not have (only optional fields may be null).
 */

/** What a mapped field must be, as Strapi attribute types. */
export type FieldKind = 'text' | 'number' | 'date' | 'boolean' | 'media' | 'relation' | 'choice';

export type FieldRule = {
  kind: FieldKind;
  required: boolean;
  /** For relations: the mapping entry (or fixed UID) the relation must point at. */
  target?: 'invoice' | 'customer' | 'contact' | 'scenario' | 'adminUser';
};

export const INVOICE_FIELDS = {
  number: { kind: 'text', required: true },
  customer: { kind: 'relation', required: true, target: 'customer' },
  contact: { kind: 'relation', required: false, target: 'contact' },
  issueDate: { kind: 'date', required: false },
  dueDate: { kind: 'date', required: true },
  total: { kind: 'number', required: false },
  amountDue: { kind: 'number', required: true },
  currency: { kind: 'choice', required: true },
  status: { kind: 'choice', required: true },
  paidAt: { kind: 'date', required: false },
  pdf: { kind: 'media', required: false },
  disputed: { kind: 'boolean', required: false },
  promisedPaymentDate: { kind: 'date', required: false },
  reminderEmails: { kind: 'text', required: false },
  automaticReminders: { kind: 'boolean', required: false },
  creator: { kind: 'relation', required: false, target: 'adminUser' },
  paymentUrl: { kind: 'text', required: false },
} as const satisfies Record<string, FieldRule>;

export const CUSTOMER_FIELDS = {
  name: { kind: 'text', required: true },
  reference: { kind: 'text', required: false },
  segment: { kind: 'choice', required: false },
  locale: { kind: 'choice', required: false },
  timezone: { kind: 'choice', required: false },
  address: { kind: 'text', required: false },
  phone: { kind: 'text', required: false },
  stopDunning: { kind: 'boolean', required: false },
  stopDunningReason: { kind: 'text', required: false },
  disputed: { kind: 'boolean', required: false },
  scenario: { kind: 'relation', required: false, target: 'scenario' },
  favouriteContact: { kind: 'relation', required: false, target: 'contact' },
} as const satisfies Record<string, FieldRule>;

export const CONTACT_FIELDS = {
  name: { kind: 'text', required: true },
  emails: { kind: 'text', required: false },
  reminderEmails: { kind: 'text', required: false },
  phone: { kind: 'text', required: false },
  customer: { kind: 'relation', required: false, target: 'customer' },
} as const satisfies Record<string, FieldRule>;

export const FIELD_RULES = {
  invoice: INVOICE_FIELDS,
  customer: CUSTOMER_FIELDS,
  contact: CONTACT_FIELDS,
} as const;

export type ModelName = keyof typeof FIELD_RULES;
export type FieldMap<M extends ModelName> = { [F in keyof (typeof FIELD_RULES)[M]]: string | null };

/** The invoice statuses the plugin understands, each mapped to the values of the team's model. */
export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'cancelled';

export type ReceivablesMapping = {
  invoice: { uid: string; fields: FieldMap<'invoice'>; statuses: Record<InvoiceStatus, string[]> };
  customer: { uid: string; fields: FieldMap<'customer'> };
  contact: { uid: string; fields: FieldMap<'contact'> };
};

const sameNames = <M extends ModelName>(model: M): FieldMap<M> =>
  Object.fromEntries(Object.keys(FIELD_RULES[model]).map((name) => [name, name])) as FieldMap<M>;

export const DEFAULT_RECEIVABLES: ReceivablesMapping = {
  invoice: {
    uid: 'api::invoice.invoice',
    fields: { ...sameNames('invoice'), creator: 'createdBy' },
    statuses: { draft: ['draft'], open: ['open'], paid: ['paid'], cancelled: ['cancelled'] },
  },
  customer: { uid: 'api::customer.customer', fields: sameNames('customer') },
  contact: { uid: 'api::contact.contact', fields: sameNames('contact') },
};
