/** The plugin's RBAC actions, as the server registers them. */
export const PERMISSIONS = {
  read: [{ action: 'plugin::dunning.read', subject: null }],
  send: [{ action: 'plugin::dunning.send', subject: null }],
  configure: [{ action: 'plugin::dunning.configure', subject: null }],
};
