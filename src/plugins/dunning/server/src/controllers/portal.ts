import type { Core } from '@strapi/strapi';
import type { PortalPage } from '../services/portal';
import { notFound } from '../utils/errors';
import { keepPrivate, sendAttachment } from '../utils/http';
import { getPluginService } from '../utils/plugin';

const sendPage = (ctx, { status, html }: PortalPage) => {
  ctx.status = status;
  ctx.set('Content-Type', 'text/html; charset=utf-8');
  ctx.body = html;
};

/** The customer portal's public pages (SPEC F7.4): no login, the signed link is the key. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async show(ctx) {
    keepPrivate(ctx);
    sendPage(ctx, await getPluginService(strapi, 'portal').page(ctx.params.token, ctx.get('accept-language')));
  },

  async pdf(ctx) {
    const { token, invoiceDocumentId } = ctx.params;
    const answer = await getPluginService(strapi, 'portal').invoicePdf(token, invoiceDocumentId, ctx.get('accept-language'));
    if (!answer) throw notFound('Invoice');
    keepPrivate(ctx);
    if ('html' in answer) sendPage(ctx, answer);
    else sendAttachment(ctx, answer);
  },
});
