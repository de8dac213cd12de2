import type { Core } from '@strapi/strapi';

import { redactSignedLinks } from '../domain/signed-links';

/**
 * Strapi's request logger (`strapi::logger`) writes every URL at level `http`, the
 * default, and an error may quote one: the portal's and the pixel's tokens (SPEC F7.4,
 * F7.5) are written `[redacted]` in every line of `strapi.log`, whoever writes it, ahead
 * of the app's own format and transports; the app's middleware list and logger config
 * stay as they are.
 */
export const redactSignedLinksInLogs = (strapi: Core.Strapi) => {
  const format = strapi.log.format;
  strapi.log.format = {
    options: format.options,
    transform(info, options) {
      if (typeof info.message === 'string') info.message = redactSignedLinks(info.message);
      if (typeof info.stack === 'string') info.stack = redactSignedLinks(info.stack);
      return format.transform(info, options);
    },
  };
};
