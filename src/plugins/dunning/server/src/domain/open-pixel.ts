import { escapeHtml } from '../helpers';

/**
 * The open-tracking pixel (SPEC F7.5): a 1×1 image at the end of an HTML body, before
 * `</body>` when the body has one.
 */

const pixelTag = (url: string) =>
  `<img src="${escapeHtml(url)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />`;

export const appendOpenPixel = (html: string, url: string): string => {
  const closing = html.search(/<\/body\s*>(?![\s\S]*<\/body\s*>)/i);
  if (closing === -1) return `${html}${pixelTag(url)}`;
  return `${html.slice(0, closing)}${pixelTag(url)}${html.slice(closing)}`;
};

/** The smallest transparent GIF: what the pixel URL answers. */
export const TRANSPARENT_GIF = Buffer.from(
  'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  'base64'
);
