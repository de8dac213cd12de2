import { z } from 'zod';

import { isValidAddress } from '../addresses';
import { calendarDay } from './common';

const address = z.string().refine(isValidAddress, { message: 'is not a valid e-mail address' });
const amount = z.number().min(0, 'must be 0 or more').max(1e9);

export const NOTICE_MODES = ['each', 'digest', 'none'] as const;
const noticeMode = z.enum(NOTICE_MODES);
export type NoticeMode = (typeof NOTICE_MODES)[number];

/** Countries whose public holidays are known (domain/holidays.ts). */
export const HOLIDAY_COUNTRIES = ['FR', 'GB'] as const;

/** One line of printable text: it goes into mail headers (From) and letters. */
const singleLine = z.string().refine((value) => !/[\u0000-\u001f\u007f]/.test(value), {
  message: 'must be a single line without control characters',
});

const isTimezone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** The plugin's settings, kept in the plugin store (SPEC F4.2, F6.4). */
export const settingsSchema = z
  .object({
    automatic: z
      .object({
        /** The engine sends scenario steps by itself. */
        enabled: z.boolean(),
        /** Invoices created after activation get automatic reminders. */
        applyByDefault: z.boolean(),
        /** Whose name reminders go out in: one admin, or the invoice's creator. */
        sender: z.discriminatedUnion('mode', [
          z.object({ mode: z.literal('user'), userId: z.number().int().positive() }).strict(),
          z
            .object({
              mode: z.literal('creator'),
              fallbackUserId: z.number().int().positive().nullable(),
            })
            .strict(),
        ]),
        minInvoiceAmount: amount,
        minCustomerAmount: amount,
        skipFuturePromises: z.boolean(),
        /** F4.5: thank the customer when an invoice that was reminded is paid. */
        thankYou: z.boolean(),
        /** F4.6: days after a promised date before an unpaid promise counts as broken. */
        promiseGraceDays: z.number().int().min(0).max(60),
        /** F4.8: at least this many days between two reminders to the same customer (0: no limit). */
        minDaysBetweenReminders: z.number().int().min(0).max(90),
        /** F4.8: a step missed by more than this many days is skipped, not sent late (null: always sent). */
        maxLateDays: z.number().int().min(0).max(365).nullable(),
        sendWindow: z
          .object({
            startHour: z.number().int().min(0).max(23),
            endHour: z.number().int().min(1).max(24),
            days: z.array(z.number().int().min(1).max(7)).min(1, 'pick at least one day').max(7),
            timezone: z
              .string()
              .refine(isTimezone, { message: 'is not a time zone such as Europe/Paris' }),
            /** F4.8: no reminder on the public holidays of this country, nor on the extra closed days. */
            holidays: z
              .object({
                country: z.enum(HOLIDAY_COUNTRIES).nullable(),
                extraClosedDates: z.array(calendarDay).max(366),
              })
              .strict(),
          })
          .strict()
          .refine((window) => window.endHour > window.startHour, {
            message: 'endHour must be after startHour',
            path: ['endHour'],
          }),
      })
      .strict(),
    /** F4.9: French/EU B2B late-payment charges, shown on statements and available to templates. */
    lateFees: z
      .object({
        enabled: z.boolean(),
        /** The fixed recovery indemnity per invoice (40 EUR by law in France). */
        indemnity: amount,
        /** Late interest, % a year (in France: the ECB rate + 10 points, set each half-year). */
        annualRatePercent: z.number().min(0).max(100),
      })
      .strict(),
    /** F4.4: how each admin hears of the automatic reminders sent in their name. */
    senderNotices: z
      .object({
        defaultMode: noticeMode,
        /** Admin user id → their own choice. */
        byUser: z.record(z.string().regex(/^\d+$/, 'must be an admin user id'), noticeMode),
        /** The hour (engine timezone) the daily digest leaves. */
        digestHour: z.number().int().min(0).max(23),
      })
      .strict(),
    /** F6.4: a copy of every reminder e-mail goes to this address. */
    bccCopy: address.nullable(),
    /** F7.5: a 1×1 image in each reminder e-mail tells when it is opened. */
    tracking: z.object({ openPixel: z.boolean() }).strict(),
    company: z
      .object({
        name: z.string().trim().max(200).pipe(singleLine),
        address: z.string().trim().max(500),
        email: z.union([address, z.literal('')]),
        phone: z.string().trim().max(50).pipe(singleLine),
      })
      .strict(),
    /** What the customer portal offers (SPEC F7.4). */
    portal: z
      .object({
        /** The reasons a customer picks from to dispute an invoice, in both portal languages. */
        disputeReasons: z
          .array(
            z
              .object({
                fr: z.string().trim().min(1).max(120).pipe(singleLine),
                en: z.string().trim().min(1).max(120).pipe(singleLine),
              })
              .strict()
          )
          .min(1, 'keep at least one reason')
          .max(20),
        /** F7.4: a promise from the portal names a day at most this many days after the customer's today. */
        promiseHorizonDays: z.number().int().min(1).max(366),
        /** F7.4: promises and disputes taken from one customer's links (all its invoices) within a sliding hour. */
        actionsPerHour: z.number().int().min(1).max(1000),
      })
      .strict(),
  })
  .strict();

/** The plugin's settings, as GET /dunning/settings answers them and PUT /dunning/settings takes them whole. */
export type Settings = z.infer<typeof settingsSchema>;

export type DisputeReason = Settings['portal']['disputeReasons'][number];
export type HolidayCountry = (typeof HOLIDAY_COUNTRIES)[number];

export const DEFAULT_SETTINGS: Settings = {
  automatic: {
    enabled: false,
    applyByDefault: true,
    sender: { mode: 'creator', fallbackUserId: null },
    minInvoiceAmount: 0,
    minCustomerAmount: 0,
    skipFuturePromises: true,
    thankYou: false,
    promiseGraceDays: 3,
    minDaysBetweenReminders: 0,
    maxLateDays: null,
    sendWindow: {
      startHour: 9,
      endHour: 18,
      days: [1, 2, 3, 4, 5],
      timezone: 'Europe/Paris',
      holidays: { country: 'FR', extraClosedDates: [] },
    },
  },
  lateFees: { enabled: true, indemnity: 40, annualRatePercent: 12.15 },
  senderNotices: { defaultMode: 'digest', byUser: {}, digestHour: 8 },
  bccCopy: null,
  tracking: { openPixel: true },
  company: { name: 'Your Company', address: '', email: '', phone: '' },
  portal: {
    disputeReasons: [
      { fr: 'Facture déjà payée', en: 'Already paid' },
      { fr: 'Montant incorrect', en: 'Wrong amount' },
      { fr: 'Marchandise ou prestation non reçue', en: 'Goods or services not received' },
      { fr: 'Produit ou prestation non conforme', en: 'Goods or services not as ordered' },
      { fr: 'Autre motif', en: 'Other reason' },
    ],
    promiseHorizonDays: 60,
    actionsPerHour: 10,
  },
};

/** The engine's schedule, GET /dunning/settings's `meta.cron`. */
export type Cron = { enabled: boolean; expression: string; timezone: string };

/** GET /dunning/settings */
export type SettingsAnswer = { data: Settings; meta: { cron: Cron } };

/** POST /dunning/cases/resync */
export type Resynced = { synced: number };
