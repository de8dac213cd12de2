/**
 * The plugin's domain vocabulary, shared by the server and the admin: the values of the
 * reminder content type's enumerations (server/src/content-types/reminder/schema.json;
 * test/unit/reminder-lifecycle.test.ts checks they match) and the shapes both sides name.
 */

/** Every status a reminder can have (the lifecycle is server/src/domain/reminder-lifecycle.ts). */
export const REMINDER_STATUSES = [
  'planned',
  'queued',
  'sending',
  'sent',
  'delivered',
  'opened',
  'failed',
  'bounced',
  'not_sent',
  'skipped',
  'uncertain',
  'cancelled',
] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/** What a person may do with a reminder from the activities page (the server checks again). */
export const CANCELLABLE: readonly ReminderStatus[] = ['planned', 'queued'];
export const RESENDABLE: readonly ReminderStatus[] = ['failed', 'uncertain', 'not_sent'];

/** The outcomes that count as "reminded": the action took place. */
export const DONE = ['sent', 'delivered', 'opened'] as const satisfies readonly ReminderStatus[];

/** The channels a reminder goes by, in the order a clerk reads them. */
export const CHANNELS = ['email', 'letter', 'phone', 'other'] as const;
export type ReminderChannel = (typeof CHANNELS)[number];

/** The channels a template (and a scenario step) is written for. */
export const TEMPLATE_CHANNELS = [
  'email',
  'letter',
  'phone',
] as const satisfies readonly ReminderChannel[];
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

/** How the pop-up's subject and body are written: a template's source, or the text the customer reads (blocks as their helpers). */
export const MESSAGE_FORMATS = ['template', 'text'] as const;
export type MessageFormat = (typeof MESSAGE_FORMATS)[number];

/** What a reminder is: before the due date, after it, thanks for a payment, or a statement of account. */
export const REMINDER_TYPES = ['pre_due', 'reminder', 'thank_you', 'statement'] as const;
export type ReminderType = (typeof REMINDER_TYPES)[number];

/** Who started a reminder. */
export const TRIGGERS = ['manual', 'batch', 'automatic'] as const;
export type ReminderTrigger = (typeof TRIGGERS)[number];

/** How a call ended. */
export const CALL_OUTCOMES = ['reached', 'promised', 'disputed', 'no_answer'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** One mailbox, as nodemailer takes it: never a raw string that could carry several. */
export type Mailbox = { name?: string; address: string };

/** A timeline entry as a reminder keeps it. */
export type TimelineEntry = { status: ReminderStatus; at: string; note?: string };

/** The plugin's RBAC actions; admin routes and pages require them by their full UID. */
export const PERMISSION_ACTIONS = {
  read: 'plugin::dunning.read',
  send: 'plugin::dunning.send',
  configure: 'plugin::dunning.configure',
} as const;
