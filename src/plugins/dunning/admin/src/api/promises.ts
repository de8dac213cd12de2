import { useMemo } from 'react';

import type { PaymentPromise, PromiseInput } from '../../../shared/contracts/promises';
import { useMutations } from './client';

/** POST /dunning/promises: a promise to pay, per invoice. */
export const usePromiseActions = () => {
  const { post } = useMutations();
  return useMemo(
    () => ({ record: (input: PromiseInput) => post<PaymentPromise[]>('/dunning/promises', input) }),
    [post]
  );
};
