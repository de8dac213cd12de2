import { z } from 'zod';

import { isValidAddress } from '../addresses';
import { FIRST_DAY, LAST_DAY } from '../calendar';
import {
  CALL_OUTCOMES,
  type CallOutcome,
  CHANNELS,
  type Mailbox,
  MESSAGE_FORMATS,
  REMINDER_STATUSES,
  REMINDER_TYPES,
  type ReminderChannel,
  type ReminderStatus,
  type ReminderTrigger,
  type ReminderType,
  type TimelineEntry,
  TRIGGERS,
} from '../vocabulary';
import {
  calendarDay,
  isoInstant,
  mineFlag,
  pageNumber,
  type Pagination,
  withinMaxOffset,
} from './common';

/** The reminders routes: /dunning/reminders (the pop-up's prepare and send, the activities list). */

/** A call's outcome (the pop-up's call note, a call of the batch call list). */
export const callSchema = z
  .object({
    outcome: z.enum(CALL_OUTCOMES),
    note: z.string().max(5000).optional(),
    promisedDate: calendarDay.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.outcome === 'promised' && !value.promisedDate) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['promisedDate'],
        message: 'is required when a payment is promised',
      });
    }
  });

export type CallInput = z.infer<typeof callSchema>;

/** One plain e-mail address, as every address field takes it. */
export const address = z.string().refine(isValidAddress, {
  message:
    'is not a valid e-mail address (one plain address, no line breaks, commas or semicolons)',
});

/** POST /dunning/reminders/prepare */
export const prepareSchema = z
  .object({
    customerDocumentId: z.string().min(1),
    invoiceDocumentIds: z.array(z.string().min(1)).min(1, 'select at least one invoice').max(200),
  })
  .strict();

/** POST /dunning/reminders (the `payload` field of the multipart request) */
export const manualReminderSchema = z
  .object({
    requestId: z
      .string()
      .regex(/^[A-Za-z0-9-]{8,64}$/, 'must be an id of 8 to 64 letters, digits or dashes'),
    customerDocumentId: z.string().min(1),
    invoiceDocumentIds: z.array(z.string().min(1)).min(1, 'select at least one invoice').max(200),
    channel: z.enum(CHANNELS),
    type: z.enum(REMINDER_TYPES),
    templateDocumentId: z.string().min(1).optional(),
    senderId: z.number().int().positive().optional(),
    recipients: z.array(address).max(20).default([]),
    cc: z.array(address).max(20).default([]),
    format: z.enum(MESSAGE_FORMATS).default('template'),
    subject: z
      .string()
      .max(255)
      .refine((value) => !/[\r\n\u0000]/.test(value), { message: 'must be a single line' })
      .default(''),
    body: z.string().max(50000).default(''),
    attachInvoicePdfs: z.boolean().default(false),
    attachStatement: z.boolean().default(false),
    saveAddresses: z.boolean().default(false),
    countsInScenario: z.boolean().default(true),
    overrideNextStep: z.number().int().min(1).max(5).nullable().optional(),
    call: callSchema.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (value.channel === 'email') {
      if (value.recipients.length === 0) issue('recipients', 'at least one recipient is required');
      if (!value.subject.trim()) issue('subject', 'is required');
    }
    if (value.channel === 'email' || value.channel === 'letter') {
      if (!value.templateDocumentId)
        issue('templateDocumentId', 'is required for e-mails and letters');
      if (!value.body.trim()) issue('body', 'is required');
    }
    if (value.channel === 'phone' || value.channel === 'other') {
      if (!value.call) issue('call', 'the call outcome is required');
    }
  });

export type ManualReminderInput = z.infer<typeof manualReminderSchema>;
/** What the pop-up sends (defaults filled in by the server). */
export type ManualReminderRequest = z.input<typeof manualReminderSchema>;

/** The columns the activities list sorts by. */
export const REMINDER_SORT_KEYS = [
  'createdAt',
  'sentAt',
  'amount',
  'customerName',
  'status',
] as const;
export type ReminderSortKey = (typeof REMINDER_SORT_KEYS)[number];

/** A day (`YYYY-MM-DD`) or an ISO 8601 instant. */
const dayOrInstant = z
  .string()
  .refine(
    (value) =>
      (/^\d{4}-\d{2}-\d{2}$/.test(value) ? calendarDay : isoInstant).safeParse(value).success,
    `must be a date (YYYY-MM-DD, a real day from ${FIRST_DAY} to ${LAST_DAY}) or an ISO 8601 instant`
  );

/** `a,b` or repeated `status=a&status=b`. */
const statusList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()).filter(Boolean)
  )
  .pipe(z.array(z.enum(REMINDER_STATUSES)).max(REMINDER_STATUSES.length));

/** GET /dunning/reminders (the activities page). */
export const reminderListSchema = z
  .object({
    status: statusList.optional(),
    channel: z.enum(CHANNELS).optional(),
    type: z.enum(REMINDER_TYPES).optional(),
    trigger: z.enum(TRIGGERS).optional(),
    customer: z.string().trim().min(1).max(64).optional(),
    sender: z.coerce.number().int().positive().optional(),
    mine: mineFlag.optional(),
    from: dayOrInstant.optional(),
    to: dayOrInstant.optional(),
    search: z.string().max(100).optional(),
    sort: z.enum(REMINDER_SORT_KEYS).default('createdAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
    page: pageNumber.default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict()
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ['to'],
    message: 'must not be before from',
  })
  .superRefine((query, ctx) => withinMaxOffset(query, ctx));

export type ReminderListQuery = z.infer<typeof reminderListSchema>;

/** A reminder as lists show it (history, activities, the batch view). */
export type ReminderSummary = {
  documentId: string;
  createdAt: string;
  sentAt: string | null;
  channel: ReminderChannel;
  type: ReminderType;
  trigger: ReminderTrigger;
  status: ReminderStatus;
  statusReason: string | null;
  customerDocumentId: string;
  customerName: string | null;
  level: string | null;
  subject: string | null;
  amount: number;
  currency: string;
  invoiceNumbers: string[];
  recipients: string[];
  senderName: string | null;
  callOutcome: CallOutcome | null;
  documentUrl: string | null;
  messageId: string | null;
  serverResponse: string | null;
  error: string | null;
};

/** An invoice a reminder covers; `excluded` is why it is left out, if it is (SPEC F4.3, F5.2). */
export type ReminderInvoice = {
  documentId: string;
  number: string;
  dueDate: string;
  amountDue: number;
  currency: string;
  excluded?: string;
  disputed?: boolean;
};

/** GET /dunning/reminders/:documentId/detail */
export type ReminderDetail = ReminderSummary & {
  invoices: ReminderInvoice[];
  senderEmail: string | null;
  cc: Mailbox[];
  bcc: Mailbox[];
  body: string | null;
  attachments: Array<{ filename: string; size: number; contentType: string }>;
  templateName: string | null;
  scenarioName: string | null;
  stepIndex: number | null;
  note: string | null;
  attempts: number;
  plannedFor: string | null;
  queuedAt: string | null;
  deliveredAt: string | null;
  openedAt: string | null;
  failedAt: string | null;
  timeline: TimelineEntry[];
};

/** GET /dunning/reminders */
export type ReminderPage = {
  data: ReminderSummary[];
  meta: { pagination: Pagination & { capped: boolean } };
};

/** POST /dunning/reminders/prepare: the pop-up's recipients and amount. */
export type Prepared = {
  recipients: string[];
  recipientSource: string | null;
  invalidAddresses: Array<{ source: string; address: string }>;
  bccCopy: string | null;
  amount: number;
  currency: string;
};

/** An admin reminders may go out in the name of (GET /dunning/senders). */
export type Sender = { id: number; name: string; email: string };
