import type { Core } from '@strapi/strapi';

import { ACTIONS, requireAdmin, signedLinksByPermission } from '../../permissions';

const guarded = (action: string) => ({
  policies: requireAdmin(action),
  middlewares: [signedLinksByPermission],
});
const read = guarded(ACTIONS.read);
const send = guarded(ACTIONS.send);
const configure = guarded(ACTIONS.configure);

/**
 * Admin API, mounted under /dunning. Every route checks admin auth and an RBAC action,
 * and hides signed links from an admin who may not send (permissions.ts).
 */
export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/overview', handler: 'overview.show', config: read },
    { method: 'GET', path: '/mapping', handler: 'mapping.show', config: read },
    { method: 'GET', path: '/reports', handler: 'reports.show', config: read },

    { method: 'GET', path: '/templates', handler: 'templates.find', config: read },
    {
      method: 'GET',
      path: '/templates/placeholders',
      handler: 'templates.placeholders',
      config: read,
    },
    { method: 'POST', path: '/templates/preview', handler: 'templates.preview', config: read },
    { method: 'POST', path: '/templates/restore', handler: 'templates.restore', config: configure },
    { method: 'GET', path: '/templates/:documentId', handler: 'templates.findOne', config: read },
    { method: 'POST', path: '/templates', handler: 'templates.create', config: configure },
    {
      method: 'PUT',
      path: '/templates/:documentId',
      handler: 'templates.update',
      config: configure,
    },
    {
      method: 'DELETE',
      path: '/templates/:documentId',
      handler: 'templates.delete',
      config: configure,
    },

    { method: 'POST', path: '/cases/resync', handler: 'cases.resync', config: configure },
    { method: 'POST', path: '/engine/run', handler: 'engine.run', config: send },
    { method: 'GET', path: '/engine/forecast', handler: 'engine.forecast', config: read },

    { method: 'GET', path: '/scenarios', handler: 'scenarios.find', config: read },
    { method: 'POST', path: '/scenarios/reset', handler: 'scenarios.reset', config: configure },
    { method: 'GET', path: '/scenarios/:documentId', handler: 'scenarios.findOne', config: read },
    { method: 'POST', path: '/scenarios', handler: 'scenarios.create', config: configure },
    {
      method: 'PUT',
      path: '/scenarios/:documentId',
      handler: 'scenarios.update',
      config: configure,
    },
    {
      method: 'DELETE',
      path: '/scenarios/:documentId',
      handler: 'scenarios.delete',
      config: configure,
    },
    {
      method: 'POST',
      path: '/scenarios/:documentId/customers',
      handler: 'scenarios.assign',
      config: configure,
    },
    {
      method: 'POST',
      path: '/scenarios/:documentId/default',
      handler: 'scenarios.makeDefault',
      config: configure,
    },
    {
      method: 'POST',
      path: '/scenarios/:documentId/forecast-change',
      handler: 'scenarios.forecastChange',
      config: configure,
    },
    {
      method: 'PUT',
      path: '/customers/:customerDocumentId/scenario',
      handler: 'scenarios.assignOne',
      config: configure,
    },

    { method: 'GET', path: '/batches', handler: 'batches.summary', config: read },
    { method: 'GET', path: '/batches/items', handler: 'batches.items', config: read },
    { method: 'POST', path: '/batches/send', handler: 'batches.send', config: send },
    { method: 'POST', path: '/batches/letters', handler: 'batches.letters', config: send },
    {
      method: 'POST',
      path: '/batches/calls/:documentId',
      handler: 'batches.logCall',
      config: send,
    },
    {
      method: 'POST',
      path: '/bulk-reminders/prepare',
      handler: 'batches.prepareBulk',
      config: send,
    },
    { method: 'POST', path: '/bulk-reminders', handler: 'batches.sendBulk', config: send },

    { method: 'GET', path: '/statement', handler: 'statement.find', config: read },
    { method: 'POST', path: '/statement/send', handler: 'statement.send', config: send },
    {
      method: 'GET',
      path: '/statement/:customerDocumentId',
      handler: 'statement.findOne',
      config: read,
    },
    {
      method: 'GET',
      path: '/statement/:customerDocumentId/pdf',
      handler: 'statement.pdf',
      config: read,
    },
    {
      method: 'GET',
      path: '/invoices/:documentId/context',
      handler: 'statement.invoiceContext',
      config: read,
    },
    {
      method: 'GET',
      path: '/invoices/:documentId/reminders',
      handler: 'reminders.ofInvoice',
      config: read,
    },
    {
      method: 'GET',
      path: '/customers/:documentId/reminders',
      handler: 'reminders.ofCustomer',
      config: read,
    },
    {
      method: 'GET',
      path: '/customers/:customerDocumentId/portal-actions',
      handler: 'customers.portalActions',
      config: read,
    },
    {
      method: 'PUT',
      path: '/customers/:customerDocumentId/pause',
      handler: 'customers.pause',
      config: send,
    },
    {
      method: 'DELETE',
      path: '/customers/:customerDocumentId/pause',
      handler: 'customers.resume',
      config: send,
    },
    {
      method: 'PUT',
      path: '/customers/:customerDocumentId/owner',
      handler: 'customers.setOwner',
      config: configure,
    },

    { method: 'GET', path: '/senders', handler: 'senders.find', config: send },
    { method: 'POST', path: '/promises', handler: 'promises.create', config: send },
    { method: 'POST', path: '/reminders/prepare', handler: 'reminders.prepare', config: send },
    { method: 'POST', path: '/reminders', handler: 'reminders.create', config: send },
    { method: 'GET', path: '/reminders', handler: 'reminders.find', config: read },
    {
      method: 'GET',
      path: '/reminders/:documentId/detail',
      handler: 'reminders.detail',
      config: read,
    },
    {
      method: 'GET',
      path: '/reminders/:documentId/document',
      handler: 'reminders.document',
      config: read,
    },
    {
      method: 'POST',
      path: '/reminders/:documentId/resend',
      handler: 'reminders.resend',
      config: send,
    },
    {
      method: 'POST',
      path: '/reminders/:documentId/cancel',
      handler: 'reminders.cancel',
      config: send,
    },

    { method: 'GET', path: '/settings', handler: 'settings.find', config: read },
    { method: 'PUT', path: '/settings', handler: 'settings.update', config: configure },

    // Contacts to fix: reading needs read; correcting an address and releasing, send.
    { method: 'GET', path: '/contacts-to-fix', handler: 'contactsToFix.find', config: read },
    { method: 'GET', path: '/contacts-to-fix/count', handler: 'contactsToFix.count', config: read },
    {
      method: 'POST',
      path: '/contacts-to-fix/:customerDocumentId/release',
      handler: 'contactsToFix.release',
      config: send,
    },
  ],
} satisfies Core.RouterInput;
