import { useMemo } from 'react';

import type {
  BatchItemPage,
  BatchSummary,
  BulkPrepared,
  BulkSendInput,
  BulkSent,
  DispatchRequest,
  DispatchResult,
  ProducedLetters,
  SentRound,
} from '../../../shared/contracts/batches';
import type { CallInput } from '../../../shared/contracts/reminders';
import { saveFile } from '../hooks/useDownload';
import { useMutations } from './client';
import { useAdminApi } from './useAdminApi';

/** The batch view's routes, and the bulk reminders of the Content Manager's list view. */

export const useBatchSummary = (mine: boolean) =>
  useAdminApi<BatchSummary>(`/dunning/batches${mine ? '?mine=true' : ''}`);
export const useBatchItems = (query: URLSearchParams) =>
  useAdminApi<BatchItemPage>(`/dunning/batches/items?${query}`, { raw: true });

export const useBatchActions = () => {
  const { post } = useMutations();
  return useMemo(
    () => ({
      sendEmails: (input: DispatchRequest) => post<SentRound>('/dunning/batches/send', input),
      logCall: (reminderDocumentId: string, call: CallInput) =>
        post(`/dunning/batches/calls/${reminderDocumentId}`, call),
      prepareBulk: (invoiceDocumentIds: string[]) =>
        post<BulkPrepared>('/dunning/bulk-reminders/prepare', { invoiceDocumentIds }),
      sendBulk: (input: BulkSendInput) => post<BulkSent>('/dunning/bulk-reminders', input),
    }),
    [post]
  );
};

/**
 * POST /dunning/batches/letters: saves the letters as one PDF and tells what became of each
 * reminder; both come in the JSON answer (the PDF in base64).
 */
export const useProduceLetters = () => {
  const { post } = useMutations();
  return async (input: DispatchRequest): Promise<DispatchResult[]> => {
    const { results, file } = await post<ProducedLetters>('/dunning/batches/letters', input);
    if (file)
      saveFile(
        new Blob([Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0))], {
          type: file.contentType,
        }),
        file.filename
      );
    return results;
  };
};
