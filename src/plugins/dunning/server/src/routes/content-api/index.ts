/**
 * Content API, mounted under /api/dunning. The history answers to API tokens and
 * users-permissions roles (`find` and `findOne`, so read-only tokens may read it).
 */
export default () => ({
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/reminders', handler: 'history.find' },
    { method: 'GET', path: '/reminders/:documentId', handler: 'history.findOne' },
  ],
});
