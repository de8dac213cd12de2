import type { Sender } from '../../../shared/contracts/reminders';
import { useAdminQuery } from './client';

/** GET /dunning/senders: the admins reminders may go out in the name of (null: not asked). */
export const useSenders = (enabled = true) =>
  useAdminQuery<Sender[]>('senders', enabled ? '/dunning/senders' : null);
