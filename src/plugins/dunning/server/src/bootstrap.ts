import type { Core } from '@strapi/strapi';

import { nodemailerWarning } from './domain/nodemailer-advisories';
import { registerPermissionActions } from './permissions';
import { REMINDER_EVENTS } from './services/reminders';
import { providerNodemailerVersion } from './utils/email-provider';
import { getPluginService } from './utils/plugin';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissionActions(strapi);
  const warning = nodemailerWarning(providerNodemailerVersion(strapi.dirs.app.root));
  if (warning) strapi.log.warn(warning);
  // F7.3: webhooks may subscribe to the reminder events.
  for (const [name, event] of Object.entries(REMINDER_EVENTS)) {
    strapi.get('webhookStore').addAllowedEvent(`DUNNING_REMINDER_${name.toUpperCase()}`, event);
  }
  await getPluginService(strapi, 'history').ensureSchema();
  await getPluginService(strapi, 'templates').ensurePredefined();
  await getPluginService(strapi, 'scenarios').ensureDefault();
  getPluginService(strapi, 'engine').start();
};

export default bootstrap;
