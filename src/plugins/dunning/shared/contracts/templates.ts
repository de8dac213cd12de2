import { z } from 'zod';

import {
  MESSAGE_FORMATS,
  REMINDER_TYPES,
  type ReminderType,
  TEMPLATE_CHANNELS,
  type TemplateChannel,
} from '../vocabulary';

/** The templates routes: /dunning/templates. */

const singleLine = (field: string) =>
  z
    .string()
    .refine((value) => !/[\r\n]/.test(value), { message: `${field} must be a single line` });

/** POST/PUT /dunning/templates */
export const templateSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(120),
    type: z.enum(REMINDER_TYPES),
    channel: z.enum(TEMPLATE_CHANNELS),
    locale: z
      .string()
      .trim()
      .min(2)
      .max(16)
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as fr or en-GB'),
    subject: singleLine('subject').pipe(z.string().max(255)).nullable().optional(),
    body: z.string().min(1, 'is required').max(50000),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.channel !== 'phone' && !value.subject?.trim()) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['subject'],
        message: 'is required for e-mail and letter templates',
      });
    }
  });

export type TemplateInput = z.infer<typeof templateSchema>;

/** GET /dunning/templates */
export const templateFiltersSchema = z
  .object({
    type: z.enum(REMINDER_TYPES).optional(),
    channel: z.enum(TEMPLATE_CHANNELS).optional(),
    locale: z.string().max(16).optional(),
  })
  .strict();

/** POST /dunning/templates/preview */
export const previewSchema = z
  .object({
    channel: z.enum(TEMPLATE_CHANNELS),
    format: z.enum(MESSAGE_FORMATS).default('template'),
    subject: z.string().max(255).nullable().optional(),
    body: z.string().min(1, 'is required').max(50000),
    locale: z.string().max(16).optional(),
    customerDocumentId: z.string().min(1).optional(),
    invoiceDocumentIds: z.array(z.string().min(1)).max(200).optional(),
  })
  .strict();

/** What a caller sends: `format` may be left out (a template's source). */
export type PreviewInput = z.input<typeof previewSchema>;

/** POST /dunning/templates/restore */
export const restoreSchema = z.object({ predefinedKey: z.string().min(1).optional() }).strict();

/** A template, as the templates routes answer it. */
export type Template = {
  documentId: string;
  name: string;
  type: ReminderType;
  channel: TemplateChannel;
  locale: string;
  subject: string | null;
  body: string;
  predefinedKey: string | null;
  isPredefined: boolean;
  updatedAt: string;
};

/** GET /dunning/templates/placeholders */
export type Placeholder = { name: string; description: string; example: string };
export type Placeholders = { placeholders: Placeholder[]; invoicePlaceholders: Placeholder[] };

/** POST /dunning/templates/preview */
/** A preview; `editable`: the template's message as the pop-up edits it, blocks as their helpers (format `template` only). */
export type Rendered = {
  subject: string;
  html: string;
  text: string;
  editable?: { subject: string; body: string };
};
