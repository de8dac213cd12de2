import { useMemo } from 'react';

import type {
  ManualReminderRequest,
  Prepared,
  ReminderDetail,
  ReminderPage,
  ReminderSummary,
} from '../../../shared/contracts/reminders';
import { useMutations } from './client';
import { useAdminApi } from './useAdminApi';

/** The reminders routes: the activities list, a reminder's detail, the pop-up's prepare and send, the history of a record. */

export const useReminderPage = (query: URLSearchParams) =>
  useAdminApi<ReminderPage>(`/dunning/reminders?${query}`, { raw: true });
export const useReminderDetail = (documentId: string) =>
  useAdminApi<ReminderDetail>(`/dunning/reminders/${documentId}/detail`);

/** The reminders of one invoice or customer, latest first. */
export const useRecordHistory = (record: { invoice: string } | { customer: string }) =>
  useAdminApi<ReminderSummary[]>(
    'invoice' in record
      ? `/dunning/invoices/${record.invoice}/reminders`
      : `/dunning/customers/${record.customer}/reminders`
  );

export const useReminderActions = () => {
  const { post } = useMutations();
  return useMemo(
    () => ({
      prepare: (customerDocumentId: string, invoiceDocumentIds: string[]) =>
        post<Prepared>('/dunning/reminders/prepare', { customerDocumentId, invoiceDocumentIds }),
      /** One reminder from the pop-up: a multipart request, its JSON `payload` and the `attachments` files. */
      send: (payload: ManualReminderRequest, attachments: File[]) => {
        const form = new FormData();
        form.append('payload', JSON.stringify(payload));
        attachments.forEach((file) => form.append('attachments', file, file.name));
        return post<{ reminder: ReminderSummary }>('/dunning/reminders', form);
      },
      cancel: (documentId: string) => post(`/dunning/reminders/${documentId}/cancel`),
      resend: (documentId: string) => post(`/dunning/reminders/${documentId}/resend`),
    }),
    [post]
  );
};
