import type { Core } from '@strapi/strapi';

import {
  manualReminderSchema,
  prepareSchema,
  reminderListSchema,
} from '../../../shared/contracts/reminders';
import { maySend } from '../permissions';
import type { UploadedFile } from '../services/files';
import { invalidInput, parseOrThrow } from '../utils/errors';
import { type Context, sendAttachment } from '../utils/http';
import { getPluginService } from '../utils/plugin';
import { attachmentsSchema } from '../validation/attachments';

/** The multipart request carries a JSON `payload` field and `attachments` files. */
const readPayload = (ctx: Context): unknown => {
  const raw = ctx.request.body?.payload;
  if (typeof raw !== 'string') return ctx.request.body;
  try {
    return JSON.parse(raw);
  } catch {
    throw invalidInput([{ path: 'payload', message: 'must be a JSON object' }]);
  }
};

const readFiles = (ctx: Context): UploadedFile[] => {
  const files = ctx.request.files?.attachments;
  if (!files) return [];
  return Array.isArray(files) ? files : [files];
};

export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async prepare(ctx) {
      const { customerDocumentId, invoiceDocumentIds } = parseOrThrow(
        prepareSchema,
        ctx.request.body
      );
      ctx.body = {
        data: await getPluginService(strapi, 'manual-reminders').prepare(
          customerDocumentId,
          invoiceDocumentIds
        ),
      };
    },

    async create(ctx) {
      const input = parseOrThrow(manualReminderSchema, readPayload(ctx));
      const files = readFiles(ctx);
      parseOrThrow(attachmentsSchema, { attachments: files });
      const access = getPluginService(strapi, 'access');
      if (input.saveAddresses) access.assertMayUpdateAddresses(ctx.state.userAbility);
      if (files.length) access.assertMayUpload(ctx.state.userAbility);
      const reminder = await getPluginService(strapi, 'manual-reminders').send(
        input,
        files,
        ctx.state.user
      );
      ctx.status = 201;
      ctx.body = { data: { reminder } };
    },

    /** The activities list (SPEC F6.1). */
    async find(ctx) {
      const query = parseOrThrow(reminderListSchema, ctx.query);
      const { data, total, capped } = await getPluginService(strapi, 'reminders').list(
        query,
        ctx.state.user.id
      );
      ctx.body = {
        data,
        meta: {
          pagination: {
            page: query.page,
            pageSize: query.pageSize,
            pageCount: Math.ceil(total / query.pageSize),
            total,
            capped,
          },
        },
      };
    },

    async detail(ctx) {
      ctx.body = {
        data: await getPluginService(strapi, 'reminders').detail(ctx.params.documentId),
      };
    },

    async cancel(ctx) {
      ctx.body = {
        data: await getPluginService(strapi, 'reminders').cancel(
          ctx.params.documentId,
          ctx.state.user
        ),
      };
    },

    /** Back to the queue, and sent at once. */
    async resend(ctx) {
      ctx.body = {
        data: await getPluginService(strapi, 'delivery').resend(
          ctx.params.documentId,
          ctx.state.user
        ),
      };
    },

    /** History on an invoice (SPEC F6.2), latest first. */
    async ofInvoice(ctx) {
      ctx.body = {
        data: await getPluginService(strapi, 'reminders').historyOfInvoice(ctx.params.documentId),
      };
    },

    async ofCustomer(ctx) {
      ctx.body = {
        data: await getPluginService(strapi, 'reminders').historyOfCustomer(ctx.params.documentId),
      };
    },

    /** The letter PDF kept on a reminder, its link hidden from an admin who may not send. */
    async document(ctx) {
      sendAttachment(
        ctx,
        await getPluginService(strapi, 'reminders').letterDocument(
          ctx.params.documentId,
          maySend(ctx)
        )
      );
    },
  }) satisfies Core.Controller;
