import type { Sender } from '../../../shared/contracts/reminders';
import { useAdminApi } from './useAdminApi';

/** GET /dunning/senders: the admins reminders may go out in the name of (null: not asked). */
export const useSenders = (enabled = true) =>
  useAdminApi<Sender[]>(enabled ? '/dunning/senders' : null);
