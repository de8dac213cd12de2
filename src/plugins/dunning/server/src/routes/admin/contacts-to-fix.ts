import { ACTIONS, requireAdmin } from '../../permissions';

/** "Contacts to fix" (issue #22, point 3): reading needs read; fixing an address and releasing needs send. */
export default [
  { method: 'GET', path: '/contacts-to-fix', handler: 'contactsToFix.find', config: { policies: requireAdmin(ACTIONS.read) } },
  { method: 'GET', path: '/contacts-to-fix/count', handler: 'contactsToFix.count', config: { policies: requireAdmin(ACTIONS.read) } },
  { method: 'POST', path: '/contacts-to-fix/:customerDocumentId/release', handler: 'contactsToFix.release', config: { policies: requireAdmin(ACTIONS.send) } },
];
