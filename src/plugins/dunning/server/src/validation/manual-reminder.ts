import { z } from 'zod';
import { isValidAddress } from '../domain/addresses';
import { callSchema } from './call';
import { MESSAGE_FORMATS } from '../domain/message-layout';
import { TEMPLATE_TYPES } from './template';

export const address = z.string().refine(isValidAddress, {
  message: 'is not a valid e-mail address (one plain address, no line breaks, commas or semicolons)',
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
    requestId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be an id of 8 to 64 letters, digits or dashes'),
    customerDocumentId: z.string().min(1),
    invoiceDocumentIds: z.array(z.string().min(1)).min(1, 'select at least one invoice').max(200),
    channel: z.enum(['email', 'letter', 'phone', 'other']),
    type: z.enum(TEMPLATE_TYPES),
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
    saveAddresses: z.boolean().default(false),
    countsInScenario: z.boolean().default(true),
    overrideNextStep: z.number().int().min(1).max(5).nullable().optional(),
    call: callSchema.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (value.channel === 'email') {
      if (value.recipients.length === 0) issue('recipients', 'at least one recipient is required');
      if (!value.subject.trim()) issue('subject', 'is required');
    }
    if (value.channel === 'email' || value.channel === 'letter') {
      if (!value.templateDocumentId) issue('templateDocumentId', 'is required for e-mails and letters');
      if (!value.body.trim()) issue('body', 'is required');
    }
    if (value.channel === 'phone' || value.channel === 'other') {
      if (!value.call) issue('call', 'the call outcome is required');
    }
  });

export type ManualReminderInput = z.infer<typeof manualReminderSchema>;
