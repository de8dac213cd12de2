import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import { getPluginService } from '../utils/plugin';

/**
 * What a request may do beyond the plugin's own actions: writes to the mapped content
 * types need the admin's Content Manager permission, files the media library's.
 */

// A PolicyError: Strapi's authorize middleware turns any other ForbiddenError into a bare "Forbidden".
type Ability = { can: (action: string, subject?: unknown, field?: string) => boolean };

export const UPLOAD_ACTION = 'plugin::upload.assets.create';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * "Use these addresses from now on" writes the reminder e-mails of the invoices and of
   * their contact: the admin must hold the Content Manager's update permission on both
   * types and fields. A permission with conditions (such as "is creator") needs the
   * record and is refused rather than guessed. `input` names the field that asked for it.
   */
  assertMayUpdateAddresses(userAbility: Ability, input = 'saveAddresses') {
    const { invoice, contact } = getPluginService(strapi, 'receivables').mapping();
    for (const { uid, field } of [
      { uid: invoice.uid, field: invoice.fields.reminderEmails },
      { uid: contact.uid, field: contact.fields.reminderEmails },
    ]) {
      if (!field) continue;
      const checker = strapi
        .plugin('content-manager')
        .service('permission-checker')
        .create({ userAbility, model: uid });
      if (!checker.can.update(undefined, field) || checker.requiresEntity.update()) {
        throw new errors.PolicyError(
          `${input}: needs the Content Manager's update permission on ${uid} (field ${field}) without conditions`
        );
      }
    }
  },

  /** Attachments are kept in the media library: the admin must be allowed to upload there. */
  assertMayUpload(userAbility: Ability) {
    if (!userAbility.can(UPLOAD_ACTION)) {
      throw new errors.PolicyError(
        `attachments: needs the media library's upload permission (${UPLOAD_ACTION})`
      );
    }
  },
});
