import type { Overview } from '../../../shared/contracts/overview';
import { useAdminApi } from './useAdminApi';

/** GET /dunning/overview: the home page's figures. */
export const useOverview = () => useAdminApi<Overview>('/dunning/overview');
