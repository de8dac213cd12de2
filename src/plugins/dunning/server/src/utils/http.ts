import type { Core } from '@strapi/strapi';

import type { MailAttachment } from '../services/mailer';

/** A request's Koa context, as Strapi hands it to a middleware or controller. */
export type Context = Parameters<Core.MiddlewareHandler>[0];

/** Answers a file as a download under a name safe for the header. */
export const sendAttachment = (
  ctx: Context,
  { filename, content, contentType }: MailAttachment
) => {
  ctx.set('Content-Type', contentType ?? 'application/octet-stream');
  ctx.set('Content-Disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`);
  ctx.body = content;
};

/** What a public link answers is for its visitor only: not cached, indexed, nor sent on as a referrer. */
export const keepPrivate = (ctx: Context) => {
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('X-Robots-Tag', 'noindex, nofollow');
};
