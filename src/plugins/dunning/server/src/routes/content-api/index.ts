/** Content API (API tokens, users-permissions), mounted under /api/dunning. */
export default () => ({
  type: 'content-api',
  routes: [],
});
