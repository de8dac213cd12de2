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

/**
 * The raw request body, which Strapi's body parser leaves unread for a type it does not
 * parse (`message/rfc822`): null past `limit` bytes. The rest is read and dropped, even
 * when `Content-Length` says it is too large: a client whose body is refused unread gets
 * its connection reset while it writes, not the answer.
 */
export const readRawBody = async (ctx: Context, limit: number): Promise<Buffer | null> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks);
};
