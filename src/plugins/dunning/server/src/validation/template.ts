import { z } from 'zod';
import { MESSAGE_FORMATS } from '../domain/message-layout';

export const TEMPLATE_TYPES = ['pre_due', 'reminder', 'thank_you'] as const;
export const TEMPLATE_CHANNELS = ['email', 'letter', 'phone'] as const;

const singleLine = (field: string) =>
  z.string().refine((value) => !/[\r\n]/.test(value), { message: `${field} must be a single line` });

/** POST/PUT /dunning/templates */
export const templateSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(120),
    type: z.enum(TEMPLATE_TYPES),
    channel: z.enum(TEMPLATE_CHANNELS),
    locale: z.string().trim().min(2).max(16).regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as fr or en-GB'),
    subject: singleLine('subject').pipe(z.string().max(255)).nullable().optional(),
    body: z.string().min(1, 'is required').max(50000),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.channel !== 'phone' && !value.subject?.trim()) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['subject'], message: 'is required for e-mail and letter templates' });
    }
  });

export type TemplateInput = {
  name: string;
  type: (typeof TEMPLATE_TYPES)[number];
  channel: (typeof TEMPLATE_CHANNELS)[number];
  locale: string;
  subject?: string | null;
  body: string;
};

/** GET /dunning/templates */
export const templateFiltersSchema = z
  .object({
    type: z.enum(TEMPLATE_TYPES).optional(),
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

/** POST /dunning/templates/restore */
export const restoreSchema = z.object({ predefinedKey: z.string().min(1).optional() }).strict();
