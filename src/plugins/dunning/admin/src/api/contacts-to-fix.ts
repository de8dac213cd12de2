import type { ContactToFix, ReleaseResult } from '../../../shared/contracts/contacts-to-fix';
import { DUNNING_STATE, useAdminQuery, useMutations } from './client';

export const useContactsToFix = () =>
  useAdminQuery<ContactToFix[]>('contacts-to-fix', '/dunning/contacts-to-fix');

export const useContactsToFixCount = () =>
  useAdminQuery<{ customers: number }>('contacts-to-fix', '/dunning/contacts-to-fix/count');

/** POST …/release: the corrected addresses (written to the contact) or none, and the held reminders go back to the queue. */
export const useReleaseContact = () => {
  const { post } = useMutations(DUNNING_STATE);
  return (customerDocumentId: string, addresses?: string[]) =>
    post<ReleaseResult>(
      `/dunning/contacts-to-fix/${customerDocumentId}/release`,
      addresses ? { addresses } : {}
    );
};
