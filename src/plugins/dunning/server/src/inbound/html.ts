import sanitizeHtml from 'sanitize-html';

/**
 * The HTML of an inbound message as it may be shown to a person: an allowlist of
 * formatting tags kept (sanitize-html's defaults, with images), everything that runs or
 * loads left out (scripts, styles, frames, forms, event handlers, `javascript:` links).
 * An image's address is kept as `data-src`, never `src`: a remote image is how a sender
 * learns that and when its message was read.
 */

const IMAGE_ATTRIBUTES = ['alt', 'width', 'height'];

export const sanitiseInboundHtml = (html: string): string =>
  sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img'],
    allowedAttributes: {
      a: ['href', 'title'],
      img: [...IMAGE_ATTRIBUTES, 'data-src'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    transformTags: {
      img: (tagName, attribs) => ({
        tagName,
        attribs: {
          ...Object.fromEntries(
            Object.entries(attribs).filter(([name]) => IMAGE_ATTRIBUTES.includes(name))
          ),
          ...(attribs.src ? { 'data-src': attribs.src } : {}),
        },
      }),
    },
  });
