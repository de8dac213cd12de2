import { z } from 'zod';

import type { PaymentLinkPolicy } from '../domain/portal-actions';
import {
  FIELD_RULES,
  type ModelName,
  type ReceivablesMapping,
  resolveReceivables,
} from '../domain/receivables-mapping';

const fieldMapSchema = (model: ModelName) =>
  z
    .object(
      Object.fromEntries(
        Object.keys(FIELD_RULES[model]).map((field) => [
          field,
          z.string().min(1).nullable().optional(),
        ])
      )
    )
    .strict();

const modelSchema = (model: ModelName) =>
  z
    .object({ uid: z.string().min(1).optional(), fields: fieldMapSchema(model).optional() })
    .strict();

/** A payment host of `portal.paymentLinks.allowedHosts`: a name without scheme, port or path, `*.` in front for the hosts under it. */
const HOST_PATTERN = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/i;

const configSchema = z
  .object({
    receivables: z
      .object({
        invoice: modelSchema('invoice')
          .extend({
            statuses: z
              .object({
                draft: z.array(z.string()).optional(),
                open: z.array(z.string()).min(1).optional(),
                paid: z.array(z.string()).optional(),
                cancelled: z.array(z.string()).optional(),
              })
              .strict()
              .optional(),
          })
          .optional(),
        customer: modelSchema('customer').optional(),
        contact: modelSchema('contact').optional(),
      })
      .strict()
      .optional(),
    cron: z
      .object({
        enabled: z.boolean(),
        expression: z.string().min(1),
        timezone: z.string().min(1),
      })
      .partial()
      .strict()
      .optional(),
    engine: z
      .object({
        /** How long a planner or a sender holds its claim before others may take over. */
        leaseSeconds: z.number().int().min(5).max(3600),
        /** Attempts for an e-mail the server answers 4xx, before it is marked failed. */
        maxAttempts: z.number().int().min(1).max(20),
        /** Wait before the first retry; doubles with each attempt (at most an hour). */
        retryBaseSeconds: z.number().int().min(1).max(3600),
        /** E-mails handed to the SMTP server at once by one instance. */
        sendConcurrency: z.number().int().min(1).max(50),
        /** Customers planned per database round. */
        pageSize: z.number().int().min(1).max(5000),
        /** On shutdown, how long the mails on the wire have to be answered before Strapi stops anyway. */
        stopTimeoutSeconds: z.number().int().min(0).max(600),
        /** How long `POST /dunning/engine/run` waits for its tick before answering 202 (the tick goes on). */
        runWaitSeconds: z.number().int().min(1).max(120),
      })
      .partial()
      .strict()
      .optional(),
    /** Signs the customer portal's links (and the open-tracking pixels); links last `linkDays`. */
    portal: z
      .object({
        secret: z
          .string({ required_error: 'is required: set DUNNING_PORTAL_SECRET' })
          .min(16, 'must be at least 16 characters (DUNNING_PORTAL_SECRET)'),
        linkDays: z.number().int().min(1).max(366).optional(),
        /** Where Pay now may send a customer (domain/portal-actions.ts, PaymentLinkPolicy). */
        paymentLinks: z
          .object({
            allowHttp: z.boolean().optional(),
            allowedHosts: z
              .array(
                z
                  .string()
                  .regex(
                    HOST_PATTERN,
                    'must be a host name such as pay.example.com, or *.example.com for the hosts under it'
                  )
              )
              .optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    /** Authenticates the mail provider's delivery events (HMAC of the raw body). */
    deliveryEvents: z
      .object({
        secret: z
          .string({ required_error: 'is required: set DUNNING_WEBHOOK_SECRET' })
          .min(16, 'must be at least 16 characters (DUNNING_WEBHOOK_SECRET)'),
      })
      .strict(),
  })
  .strict();

export type PluginConfigInput = z.infer<typeof configSchema>;

export type PluginConfig = {
  receivables: ReceivablesMapping;
  cron: { enabled: boolean; expression: string; timezone: string };
  engine: {
    leaseSeconds: number;
    maxAttempts: number;
    retryBaseSeconds: number;
    sendConcurrency: number;
    pageSize: number;
    stopTimeoutSeconds: number;
    runWaitSeconds: number;
  };
  portal: { secret: string; linkDays: number; paymentLinks: PaymentLinkPolicy };
  deliveryEvents: { secret: string };
};

export const DEFAULT_CRON: PluginConfig['cron'] = {
  enabled: true,
  expression: '*/5 * * * *',
  timezone: 'Europe/Paris',
};

export const DEFAULT_ENGINE: PluginConfig['engine'] = {
  leaseSeconds: 900,
  maxAttempts: 5,
  retryBaseSeconds: 60,
  sendConcurrency: 10,
  pageSize: 2500,
  stopTimeoutSeconds: 30,
  runWaitSeconds: 20,
};

const DEFAULT_PORTAL_LINK_DAYS = 30;

/** Merges the user's config over the defaults, field by field (the validator has required the secrets); the receivables as resolveReceivables says. */
export const resolvePluginConfig = (input: Partial<PluginConfigInput> = {}): PluginConfig => {
  return {
    receivables: resolveReceivables(input.receivables),
    cron: { ...DEFAULT_CRON, ...(input.cron ?? {}) },
    engine: { ...DEFAULT_ENGINE, ...(input.engine ?? {}) },
    portal: {
      secret: input.portal?.secret ?? '',
      linkDays: input.portal?.linkDays ?? DEFAULT_PORTAL_LINK_DAYS,
      paymentLinks: {
        allowHttp: input.portal?.paymentLinks?.allowHttp ?? false,
        allowedHosts: (input.portal?.paymentLinks?.allowedHosts ?? []).map((host) =>
          host.toLowerCase()
        ),
      },
    },
    deliveryEvents: { secret: input.deliveryEvents?.secret ?? '' },
  };
};

export default {
  default: {},
  validator(config: unknown) {
    const result = configSchema.safeParse(config);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(
        `Invalid dunning plugin config at "${issue.path.join('.')}": ${issue.message}`
      );
    }
  },
};
