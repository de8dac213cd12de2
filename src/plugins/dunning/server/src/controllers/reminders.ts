import type { Core } from '@strapi/strapi';
import { invalidInput, notFound, parseOrThrow } from '../utils/errors';
import { sendAttachment } from '../utils/http';
import { getPluginService } from '../utils/plugin';
import { manualReminderSchema, prepareSchema, type ManualReminderInput } from '../validation/manual-reminder';
import type { UploadedFile } from '../services/files';

/** The multipart request carries a JSON `payload` field and `attachments` files. */
const readPayload = (ctx): unknown => {
  const raw = ctx.request.body?.payload;
  if (typeof raw !== 'string') return ctx.request.body;
  try {
    return JSON.parse(raw);
  } catch {
    throw invalidInput([{ path: 'payload', message: 'must be a JSON object' }]);
  }
};

const readFiles = (ctx): UploadedFile[] => {
  const files = ctx.request.files?.attachments;
  if (!files) return [];
  return Array.isArray(files) ? files : [files];
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async prepare(ctx) {
    const { customerDocumentId, invoiceDocumentIds } = parseOrThrow<{ customerDocumentId: string; invoiceDocumentIds: string[] }>(
      prepareSchema,
      ctx.request.body
    );
    ctx.body = { data: await getPluginService(strapi, 'manual-reminders').prepare(customerDocumentId, invoiceDocumentIds) };
  },

  async create(ctx) {
    const input = parseOrThrow<ManualReminderInput>(manualReminderSchema, readPayload(ctx));
    const reminder = await getPluginService(strapi, 'manual-reminders').send(input, readFiles(ctx), ctx.state.user);
    ctx.status = 201;
    ctx.body = { data: { reminder } };
  },

  /** The letter PDF kept on a reminder. */
  async document(ctx) {
    const reminder = await getPluginService(strapi, 'reminders').findOne(ctx.params.documentId);
    if (!reminder?.document) throw notFound('Document');
    const { file, content } = await getPluginService(strapi, 'files').readStored(reminder.document.id);
    sendAttachment(ctx, { filename: file.name, content, contentType: file.mime });
  },
});
