import type { Core } from '@strapi/strapi';

/**
 * Content API, mounted under /api/dunning. The history answers to API tokens and
 * users-permissions roles (`find` and `findOne`, so read-only tokens may read it); the
 * portal, the pixel and the provider events are public: their signatures are the key.
 */
const open = { auth: false as const };

export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/reminders', handler: 'history.find' },
    { method: 'GET', path: '/reminders/:documentId', handler: 'history.findOne' },

    { method: 'GET', path: '/portal/:token', handler: 'portal.show', config: open },
    {
      method: 'GET',
      path: '/portal/:token/invoices/:invoiceDocumentId/pdf',
      handler: 'portal.pdf',
      config: open,
    },
    {
      method: 'GET',
      path: '/portal/:token/statement.pdf',
      handler: 'portal.statement',
      config: open,
    },
    {
      method: 'POST',
      path: '/portal/:token/invoices/:invoiceDocumentId/promise',
      handler: 'portal.promise',
      config: open,
    },
    {
      method: 'POST',
      path: '/portal/:token/invoices/:invoiceDocumentId/dispute',
      handler: 'portal.dispute',
      config: open,
    },
    // A link, not a form: the host's `form-action 'self'` blocks a form redirected to another site (docs/portal.md).
    {
      method: 'GET',
      path: '/portal/:token/invoices/:invoiceDocumentId/pay',
      handler: 'portal.pay',
      config: open,
    },

    { method: 'GET', path: '/t/:token.gif', handler: 'tracking.pixel', config: open },
    { method: 'POST', path: '/delivery-events', handler: 'tracking.deliveryEvents', config: open },
    { method: 'POST', path: '/inbound', handler: 'inbound.receive', config: open },
  ],
} satisfies Core.RouterInput;
