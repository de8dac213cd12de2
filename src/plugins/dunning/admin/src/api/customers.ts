import { useMemo } from 'react';

import type { OwnerInput, PauseInput } from '../../../shared/contracts/customers';
import { useMutations } from './client';

/** A customer's dunning from the statement: pause, resume, account owner. */
export const useCustomerActions = () => {
  const { put, del } = useMutations();
  return useMemo(
    () => ({
      pause: (customerDocumentId: string, input: PauseInput) => put(`/dunning/customers/${customerDocumentId}/pause`, input),
      resume: (customerDocumentId: string) => del(`/dunning/customers/${customerDocumentId}/pause`),
      setOwner: (customerDocumentId: string, ownerId: OwnerInput['ownerId']) => put(`/dunning/customers/${customerDocumentId}/owner`, { ownerId }),
    }),
    [put, del]
  );
};
