import { PERMISSION_ACTIONS } from '../../shared/vocabulary';

/** The plugin's RBAC actions, as the server registers them. */
export const PERMISSIONS = {
  read: [{ action: PERMISSION_ACTIONS.read, subject: null }],
  send: [{ action: PERMISSION_ACTIONS.send, subject: null }],
  configure: [{ action: PERMISSION_ACTIONS.configure, subject: null }],
};
