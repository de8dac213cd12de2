/**
 * A deterministic demo ledger: customers, contacts and invoices as plain data, spread
 * around `today`. The demo, the tests and the benchmarks all use it, at their own scale.
 */

export type LedgerOptions = {
  customers: number;
  contactsPerCustomer: number;
  invoices: number;
  /** `YYYY-MM-DD`: due dates fall from 120 days before to 30 days after it. */
  today: string;
  seed?: number;
};

export type LedgerContact = {
  key: string;
  name: string;
  emails: string | null;
  reminderEmails: string | null;
  phone: string | null;
};

export type LedgerCustomer = {
  key: string;
  name: string;
  reference: string;
  segment: string;
  locale: string;
  timezone: string;
  address: string;
  phone: string;
  stopDunning: boolean;
  stopDunningReason: string | null;
  disputed: boolean;
  contacts: LedgerContact[];
};

export type LedgerInvoice = {
  number: string;
  customerKey: string;
  contactKey: string;
  issueDate: string;
  dueDate: string;
  total: number;
  amountDue: number;
  currency: string;
  status: 'open' | 'paid';
  paidAt: string | null;
  disputed: boolean;
  promisedPaymentDate: string | null;
  reminderEmails: string | null;
  /** The invoice's online payment page, shown as "Pay now" on the portal (F7.4). */
  paymentUrl: string | null;
};

export type Ledger = { customers: LedgerCustomer[]; invoices: LedgerInvoice[] };

/** mulberry32: small, fast, and the same sequence on every machine. */
export const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const COMPANY_WORDS = [
  'Atelier',
  'Boulangerie',
  'Garage',
  'Studio',
  'Cabinet',
  'Maison',
  'Transports',
  'Imprimerie',
];
const PLACES = [
  'Lyon',
  'Nantes',
  'Lille',
  'Bordeaux',
  'Rennes',
  'Dijon',
  'Annecy',
  'Brest',
  'Leeds',
  'Bristol',
];
const FIRST_NAMES = [
  'Camille',
  'Louis',
  'Chloé',
  'Hugo',
  'Léa',
  'Arthur',
  'Emma',
  'Jules',
  'Olivia',
  'Noah',
];
const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Lefèvre',
  'Smith',
  'Taylor',
];
const SEGMENTS = ['SME', 'Key account', 'Public sector', 'Retail'];

const pick = <T>(next: () => number, list: T[]): T => list[Math.floor(next() * list.length)];
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export const generateLedger = ({
  customers,
  contactsPerCustomer,
  invoices,
  today,
  seed = 42,
}: LedgerOptions): Ledger => {
  const next = random(seed);
  const width = Math.max(4, String(customers).length);

  const customerList: LedgerCustomer[] = Array.from({ length: customers }, (_, index) => {
    const english = index % 10 === 9;
    const place = english ? pick(next, ['Leeds', 'Bristol']) : pick(next, PLACES.slice(0, 8));
    const name = `${pick(next, COMPANY_WORDS)} ${pick(next, LAST_NAMES)} ${place}`;
    const domain = `${slug(name)}-${index + 1}.example.test`;
    const stopDunning = index % 20 === 7;
    const contacts = Array.from({ length: contactsPerCustomer }, (_, c) => {
      const person = `${pick(next, FIRST_NAMES)} ${pick(next, LAST_NAMES)}`;
      // One contact in ten has no e-mail at all: its invoices fall back or have no address.
      const withoutEmail = (index * contactsPerCustomer + c) % 10 === 3;
      return {
        key: `C${pad(index + 1, width)}-${c + 1}`,
        name: person,
        emails: withoutEmail ? null : `${slug(person)}@${domain}`,
        reminderEmails: c === 0 && index % 4 === 0 ? `accounts@${domain}` : null,
        phone: `+33 4 ${pad(Math.floor(next() * 100), 2)} ${pad(Math.floor(next() * 100), 2)} ${pad(Math.floor(next() * 100), 2)} ${pad(Math.floor(next() * 100), 2)}`,
      };
    });
    return {
      key: `C${pad(index + 1, width)}`,
      name,
      reference: `DEMO-${pad(index + 1, width)}`,
      segment: pick(next, SEGMENTS),
      locale: english ? 'en-GB' : 'fr-FR',
      timezone: english ? 'Europe/London' : 'Europe/Paris',
      address: `${1 + Math.floor(next() * 120)} rue de la République\n${pad(10000 + Math.floor(next() * 85000), 5)} ${place}`,
      phone: contacts[0]?.phone ?? '',
      stopDunning,
      stopDunningReason: stopDunning ? 'Collection handed to our lawyer' : null,
      disputed: index % 25 === 11,
      contacts,
    };
  });

  const invoiceList: LedgerInvoice[] = Array.from({ length: invoices }, (_, index) => {
    const customer = customerList[index % customers];
    const contact = customer.contacts[Math.floor(next() * customer.contacts.length)];
    const dueOffset = Math.floor(next() * 151) - 120;
    const dueDate = addDays(today, dueOffset);
    const issueDate = addDays(dueDate, -30);
    const total = Math.round((150 + next() * 9850) * 100) / 100;
    const paid = dueOffset < -20 && next() < 0.2;
    const partial = !paid && next() < 0.15;
    const amountDue = paid ? 0 : partial ? Math.round(total * 0.4 * 100) / 100 : total;
    const promised = !paid && dueOffset < 0 && next() < 0.06;
    const number = `INV-${today.slice(0, 4)}-${pad(index + 1, Math.max(5, String(invoices).length))}`;
    return {
      number,
      customerKey: customer.key,
      contactKey: contact.key,
      issueDate,
      dueDate,
      total,
      amountDue,
      currency: customer.locale === 'en-GB' ? 'GBP' : 'EUR',
      status: paid ? 'paid' : 'open',
      paidAt: paid ? `${addDays(dueDate, Math.floor(next() * 15))}T10:00:00.000Z` : null,
      disputed: !paid && next() < 0.04,
      promisedPaymentDate: promised ? addDays(today, 1 + Math.floor(next() * 20)) : null,
      reminderEmails:
        index % 37 === 5 ? `payables@${customer.key.toLowerCase()}.example.test` : null,
      paymentUrl: !paid && index % 3 === 0 ? `https://pay.example.test/${number}` : null,
    };
  });

  return { customers: customerList, invoices: invoiceList };
};
