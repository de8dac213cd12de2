import { useMemo } from 'react';

import type {
  ManualReminderRequest,
  Prepared,
  ReminderDetail,
  ReminderPage,
  ReminderSummary,
} from '../../../shared/contracts/reminders';
import { DUNNING_STATE, useAdminPostQuery, useAdminQuery, useMutations } from './client';

/** The reminders routes: the activities list, a reminder's detail, the pop-up's prepare and send, the history of a record. */

export const useReminderPage = (query: URLSearchParams) =>
  useAdminQuery<ReminderPage>('reminders', `/dunning/reminders?${query}`, { raw: true });
export const useReminderDetail = (documentId: string) =>
  useAdminQuery<ReminderDetail>('reminders', `/dunning/reminders/${documentId}/detail`);

/** The reminders of one invoice or customer, latest first. */
export const useRecordHistory = (record: { invoice: string } | { customer: string }) =>
  useAdminQuery<ReminderSummary[]>(
    'reminders',
    'invoice' in record
      ? `/dunning/invoices/${record.invoice}/reminders`
      : `/dunning/customers/${record.customer}/reminders`
  );

/** The pop-up's draft for one opening: the amount, the recipients, the addresses left out. */
export const usePreparedReminder = (customerDocumentId: string, invoiceDocumentIds: string[]) =>
  useAdminPostQuery<Prepared>(
    'reminders',
    '/dunning/reminders/prepare',
    { customerDocumentId, invoiceDocumentIds },
    { perOpening: true }
  );

export const useReminderActions = () => {
  const { post } = useMutations(DUNNING_STATE);
  return useMemo(
    () => ({
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
