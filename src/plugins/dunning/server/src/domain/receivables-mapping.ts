/**
 * The receivables mapping (SPEC F1.2): which content types hold invoices, customers
 * and contacts, and which of their fields the plugin reads. The reference types of
 * `src/api` are mapped by default, field by field; a model of the team's own maps what
 * the team names (resolveReceivables). A field mapped to `null` is one the plugin does
 * not read (only optional fields may be null).
 */

/** What a mapped field must be, as Strapi attribute types. */
export type FieldKind = 'text' | 'number' | 'date' | 'boolean' | 'media' | 'relation' | 'choice';

export type FieldRule = {
  kind: FieldKind;
  /** For relations: the mapping entry (or fixed UID) the relation must point at. */
  target?: 'invoice' | 'customer' | 'contact' | 'scenario' | 'adminUser';
} & (
  | {
      required: true;
      /** What the plugin reads in it, for the startup error that asks a team to name it. */
      purpose: string;
    }
  | { required: false }
);

export const INVOICE_FIELDS = {
  number: { kind: 'text', required: true, purpose: 'the invoice number, quoted in every message' },
  customer: {
    kind: 'relation',
    required: true,
    target: 'customer',
    purpose: 'the customer billed, a relation to the customer type',
  },
  contact: { kind: 'relation', required: false, target: 'contact' },
  issueDate: { kind: 'date', required: false },
  dueDate: {
    kind: 'date',
    required: true,
    purpose: 'the due date, from which reminders are scheduled',
  },
  total: { kind: 'number', required: false },
  amountDue: { kind: 'number', required: true, purpose: 'the amount still due, the amount chased' },
  currency: { kind: 'choice', required: true, purpose: 'the currency code of the amounts' },
  status: {
    kind: 'choice',
    required: true,
    purpose:
      'the status whose values (under statuses) tell open invoices from paid, cancelled and draft ones',
  },
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
  name: { kind: 'text', required: true, purpose: "the customer's name" },
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
  name: { kind: 'text', required: true, purpose: "the contact's name" },
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
export type FieldName<M extends ModelName> = keyof (typeof FIELD_RULES)[M] & string;
export type FieldMap<M extends ModelName> = { [F in FieldName<M>]: string | null };

/** The invoice statuses the plugin understands, each mapped to the values of the team's model. */
export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'cancelled';

export type ReceivablesMapping = {
  invoice: { uid: string; fields: FieldMap<'invoice'>; statuses: Record<InvoiceStatus, string[]> };
  customer: { uid: string; fields: FieldMap<'customer'> };
  contact: { uid: string; fields: FieldMap<'contact'> };
};

const MODELS = Object.keys(FIELD_RULES) as ModelName[];

const fieldNames = <M extends ModelName>(model: M) =>
  Object.keys(FIELD_RULES[model]) as FieldName<M>[];

const allFields = <M extends ModelName>(
  model: M,
  nameOf: (field: FieldName<M>) => string | null
): FieldMap<M> =>
  Object.fromEntries(fieldNames(model).map((field) => [field, nameOf(field)])) as FieldMap<M>;

/**
 * Attributes Strapi gives every content type, with the same meaning whatever the
 * model: they stay mapped on a team's own model too.
 */
const STRAPI_ATTRIBUTES: { [M in ModelName]: Partial<FieldMap<M>> } = {
  invoice: { creator: 'createdBy' },
  customer: {},
  contact: {},
};

export const DEFAULT_RECEIVABLES: ReceivablesMapping = {
  invoice: {
    uid: 'api::invoice.invoice',
    fields: { ...allFields('invoice', (field) => field), ...STRAPI_ATTRIBUTES.invoice },
    statuses: { draft: ['draft'], open: ['open'], paid: ['paid'], cancelled: ['cancelled'] },
  },
  customer: { uid: 'api::customer.customer', fields: allFields('customer', (field) => field) },
  contact: { uid: 'api::contact.contact', fields: allFields('contact', (field) => field) },
};

/** One model's mapping as a team writes it in `config/plugins.ts`: any part may be left out. */
export type ModelInput<M extends ModelName> = { uid?: string; fields?: Partial<FieldMap<M>> };

export type ReceivablesInput = {
  invoice?: ModelInput<'invoice'> & { statuses?: Partial<Record<InvoiceStatus, string[]>> };
  customer?: ModelInput<'customer'>;
  contact?: ModelInput<'contact'>;
};

const uidOf = (input: ReceivablesInput, model: ModelName) =>
  input[model]?.uid ?? DEFAULT_RECEIVABLES[model].uid;

/** Whether the team maps a model of its own (not the reference type, whose field names are the defaults). */
const isOwnModel = (input: ReceivablesInput, model: ModelName) =>
  uidOf(input, model) !== DEFAULT_RECEIVABLES[model].uid;

/** The fields the team's mapping names (to an attribute, or to `null`). */
const namedFields = <M extends ModelName>(
  input: ReceivablesInput,
  model: M
): Partial<FieldMap<M>> =>
  Object.fromEntries(
    Object.entries(input[model]?.fields ?? {}).filter(([, name]) => name !== undefined)
  ) as Partial<FieldMap<M>>;

/**
 * The mapping the plugin works with. The reference types keep the plugin's field names
 * for every field the team does not name. A model of the team's own maps only what the
 * team names (and Strapi's own attributes): an unnamed required field is left `null`
 * for the startup check to name, an unnamed optional one is not mapped. Guessing by name
 * instead would let a later version's new optional field read, or write, an attribute
 * of the team's that merely shares its name.
 */
export const resolveReceivables = (input: ReceivablesInput = {}): ReceivablesMapping => {
  const resolve = <M extends ModelName>(model: M) => {
    const defaults = isOwnModel(input, model)
      ? { ...allFields(model, () => null), ...STRAPI_ATTRIBUTES[model] }
      : DEFAULT_RECEIVABLES[model].fields;
    return {
      uid: uidOf(input, model),
      fields: { ...defaults, ...namedFields(input, model) } as FieldMap<M>,
    };
  };
  return {
    invoice: {
      ...resolve('invoice'),
      statuses: { ...DEFAULT_RECEIVABLES.invoice.statuses, ...(input.invoice?.statuses ?? {}) },
    },
    customer: resolve('customer'),
    contact: resolve('contact'),
  };
};

/** Per model of the team's own, the optional fields its mapping leaves unnamed, hence not mapped (in FIELD_RULES' order). */
export const unnamedOptionalFields = (
  input: ReceivablesInput = {}
): Array<{ model: ModelName; uid: string; fields: string[] }> =>
  MODELS.filter((model) => isOwnModel(input, model))
    .map((model) => {
      const named = namedFields(input, model);
      const rules = FIELD_RULES[model] as Record<string, FieldRule>;
      const fields = fieldNames(model).filter(
        (field) =>
          !rules[field].required && !(field in named) && !(field in STRAPI_ATTRIBUTES[model])
      );
      return { model, uid: uidOf(input, model), fields };
    })
    .filter(({ fields }) => fields.length > 0);
