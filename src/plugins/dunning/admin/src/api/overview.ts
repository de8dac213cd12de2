import type { Overview } from '../../../shared/contracts/overview';
import { useAdminQuery } from './client';

/** GET /dunning/overview: the home page's figures. */
export const useOverview = () => useAdminQuery<Overview>('overview', '/dunning/overview');
