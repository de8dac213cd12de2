import path from 'node:path';

import { addDays, generateLedger, type Ledger } from '../database/seed/ledger';
import { daysBetween, todayIn } from '../src/plugins/dunning/server/src/domain/dates';

/**
 * What one bench run measures, at which scale. `--quick` is the development mode (a
 * twentieth of the data, fewer repetitions, under 3 minutes); the default is the full
 * run whose figures go into bench/RESULTS.md.
 */

/** The app's root: the built app is booted from here. */
export const ROOT = path.resolve(__dirname, '..');

export type DatabaseKind = 'sqlite' | 'postgres';

export type Scale = {
  mode: 'quick' | 'full';
  customers: number;
  contactsPerCustomer: number;
  invoices: number;
  /** Reminders the engine's tick should find due (about). */
  dueReminders: number;
  /** Reminder history rows for the admin and content APIs (P3). */
  history: number;
  /** E-mails through the send path (P2). */
  mails: number;
  /** Repetitions of P1 and P2 (the median is reported). */
  runs: number;
  /**
   * Warm-up rounds of each side of P1 and P2 before the measured runs, left out of the
   * medians. Quick mode's rounds are small (200 mails, 300 due cases): after one warm-up
   * the plugin's runs were still getting faster (P2 on PostgreSQL: 813, 698, 638, 643,
   * 588 ms while raw nodemailer's stayed at 480–570 ms), so they take three, and medians
   * of five runs (of three, one slow run in 600 ms ones moved a ratio by 0.1).
   */
  warmUps: number;
  /** Requests per endpoint for P3's percentiles. */
  requests: number;
  /** Messages rendered per P4 repetition. */
  renders: number;
  /** Open invoices of the one customer whose portal is measured (the portal goal is set at 5,000). */
  portalInvoices: number;
};

export const SCALES: Record<Scale['mode'], Scale> = {
  full: {
    mode: 'full',
    customers: 20_000,
    contactsPerCustomer: 2,
    invoices: 100_000,
    dueReminders: 5_000,
    history: 1_000_000,
    mails: 2_000,
    runs: 7,
    warmUps: 1,
    requests: 100,
    renders: 20_000,
    portalInvoices: 5_000,
  },
  quick: {
    mode: 'quick',
    customers: 1_000,
    contactsPerCustomer: 2,
    invoices: 5_000,
    dueReminders: 250,
    history: 50_000,
    mails: 200,
    runs: 5,
    warmUps: 3,
    requests: 30,
    renders: 5_000,
    portalInvoices: 5_000,
  },
};

export type BenchOptions = {
  scale: Scale;
  databases: DatabaseKind[];
  /** Folder for the measure phase's CPU profiles (`node --cpu-prof`), when asked for. */
  profile: string | null;
  /** The measures to take (all by default). */
  measures: Measure[];
};

export const MEASURES = ['tick', 'send', 'apis', 'render', 'portal'] as const;
export type Measure = (typeof MEASURES)[number];

const USAGE = `usage: npm run bench [-- --quick] [--databases=sqlite,postgres] [--profile[=folder]] [--measures=tick,send,apis,render,portal] [--invoices=N --customers=N --history=N --mails=N --runs=N]`;

/** `npm run bench -- --quick --databases=sqlite` and the like. */
export const parseOptions = (argv: string[]): BenchOptions => {
  const flags = new Map(
    argv.map((arg) => {
      const [key, value] = arg.replace(/^--/, '').split('=');
      return [key, value ?? 'true'] as const;
    })
  );
  for (const key of flags.keys()) {
    if (
      ![
        'quick',
        'full',
        'databases',
        'invoices',
        'customers',
        'history',
        'mails',
        'runs',
        'profile',
        'measures',
        'help',
      ].includes(key)
    )
      throw new Error(`unknown option --${key}\n${USAGE}`);
  }
  if (flags.has('help')) throw new Error(USAGE);
  const scale = { ...SCALES[flags.has('quick') ? 'quick' : 'full'] };
  for (const key of ['invoices', 'customers', 'history', 'mails', 'runs'] as const) {
    if (flags.has(key)) scale[key] = Number(flags.get(key));
  }
  // The tick's load follows the ledger: 5,000 due reminders per 100,000 invoices.
  if (flags.has('invoices')) scale.dueReminders = Math.round(scale.invoices / 20);
  const databases = (flags.get('databases') ?? 'sqlite,postgres').split(',') as DatabaseKind[];
  if (databases.some((database) => database !== 'sqlite' && database !== 'postgres'))
    throw new Error(`--databases: sqlite and/or postgres\n${USAGE}`);
  const measures = (flags.get('measures') ?? MEASURES.join(',')).split(',') as Measure[];
  if (measures.some((measure) => !MEASURES.includes(measure)))
    throw new Error(`--measures: some of ${MEASURES.join(', ')}\n${USAGE}`);
  const profile = flags.get('profile');
  return {
    scale,
    databases,
    measures,
    profile:
      profile === undefined
        ? null
        : profile === 'true'
          ? path.join(ROOT, '.tmp', 'profiles')
          : path.resolve(profile),
  };
};

/** The business time zone of the bench app (config: DUNNING_CRON_TZ's default). */
export const ZONE = 'Europe/Paris';

/**
 * The demo ledger at this scale, dated so that about `dueReminders` reminders are due
 * today on the default scenario, whose first step comes 5 days before the due date:
 * the generator spreads due dates over 151 days, so the ledger's "today" is set ~4
 * months ahead, and only its earliest due dates have reached their pre-due notice.
 * Returns the ledger and the real today it was dated for.
 */
export const benchLedger = (
  scale: Scale,
  now = new Date()
): { ledger: Ledger; today: string; ledgerToday: string } => {
  const options = {
    customers: scale.customers,
    contactsPerCustomer: scale.contactsPerCustomer,
    invoices: scale.invoices,
  };
  const reference = '2000-01-01';
  // Due dates and flags are offsets from the ledger's today: the draw does not depend on it.
  const draft = generateLedger({ ...options, today: reference });
  const open = draft.invoices
    .filter((invoice) => invoice.status === 'open' && invoice.amountDue > 0)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const reached = new Set<string>();
  let day = addDays(open[0].dueDate, -5);
  for (const invoice of open) {
    const noticeDay = addDays(invoice.dueDate, -5);
    if (noticeDay > day && reached.size >= scale.dueReminders) break;
    day = noticeDay;
    reached.add(invoice.customerKey);
  }
  const today = todayIn(ZONE, now);
  const ledgerToday = addDays(today, daysBetween(day, reference));
  return { ledger: generateLedger({ ...options, today: ledgerToday }), today, ledgerToday };
};
