import type { Core } from '@strapi/strapi';

import type { PortalPage } from '../services/portal';
import type { PortalAnswer } from '../services/portal-actions';
import { notFound } from '../utils/errors';
import { type Context, keepPrivate, sendAttachment } from '../utils/http';
import { getPluginService } from '../utils/plugin';

const sendPage = (ctx: Context, { status, html, retryAfterSeconds }: PortalPage) => {
  ctx.status = status;
  if (retryAfterSeconds) ctx.set('Retry-After', String(retryAfterSeconds));
  ctx.set('Content-Type', 'text/html; charset=utf-8');
  ctx.body = html;
};

/** After a form, 303 so that the browser gets the page and a reload does not post again; after Pay now's link, 303 to the payment site. */
const answer = (ctx: Context, result: PortalAnswer) => {
  keepPrivate(ctx);
  if ('redirect' in result) {
    ctx.redirect(result.redirect);
    ctx.status = 303;
  } else sendPage(ctx, result);
};

const actions = (strapi: Core.Strapi) => getPluginService(strapi, 'portal-actions');

/** The customer portal's public pages and forms (SPEC F7.4): no login, the signed link is the key. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async show(ctx) {
      keepPrivate(ctx);
      sendPage(
        ctx,
        await getPluginService(strapi, 'portal').page(
          ctx.params.token,
          ctx.get('accept-language'),
          ctx.query
        )
      );
    },

    async pdf(ctx) {
      const { token, invoiceDocumentId } = ctx.params;
      const answer = await getPluginService(strapi, 'portal').invoicePdf(
        token,
        invoiceDocumentId,
        ctx.get('accept-language')
      );
      if (!answer) throw notFound('Invoice');
      keepPrivate(ctx);
      if ('html' in answer) sendPage(ctx, answer);
      else sendAttachment(ctx, answer);
    },

    async statement(ctx) {
      const file = await actions(strapi).statementPdf(ctx.params.token, ctx.get('accept-language'));
      keepPrivate(ctx);
      if ('html' in file) sendPage(ctx, file);
      else sendAttachment(ctx, { ...file, contentType: 'application/pdf' });
    },

    async promise(ctx) {
      const { token, invoiceDocumentId } = ctx.params;
      answer(
        ctx,
        await actions(strapi).promise(
          token,
          invoiceDocumentId,
          ctx.request.body,
          ctx.get('accept-language')
        )
      );
    },

    async dispute(ctx) {
      const { token, invoiceDocumentId } = ctx.params;
      answer(
        ctx,
        await actions(strapi).dispute(
          token,
          invoiceDocumentId,
          ctx.request.body,
          ctx.get('accept-language')
        )
      );
    },

    async pay(ctx) {
      const { token, invoiceDocumentId } = ctx.params;
      answer(ctx, await actions(strapi).pay(token, invoiceDocumentId, ctx.get('accept-language')));
    },
  }) satisfies Core.Controller;
