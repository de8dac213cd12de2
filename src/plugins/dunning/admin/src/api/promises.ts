import { useMemo } from 'react';

import type { PaymentPromise, PromiseInput } from '../../../shared/contracts/promises';
import { DUNNING_STATE, useMutations } from './client';

/** POST /dunning/promises: a promise to pay, per invoice. */
export const usePromiseActions = () => {
  const { post } = useMutations(DUNNING_STATE);
  return useMemo(
    () => ({ record: (input: PromiseInput) => post<PaymentPromise[]>('/dunning/promises', input) }),
    [post]
  );
};
