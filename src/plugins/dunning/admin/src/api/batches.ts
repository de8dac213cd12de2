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
import { DUNNING_STATE, useAdminPostQuery, useAdminQuery, useMutations } from './client';

/** The batch view's routes, and the bulk reminders of the Content Manager's list view. */

export const useBatchSummary = (mine: boolean) =>
  useAdminQuery<BatchSummary>('batches', `/dunning/batches${mine ? '?mine=true' : ''}`);
export const useBatchItems = (query: URLSearchParams) =>
  useAdminQuery<BatchItemPage>('batches', `/dunning/batches/items?${query}`, { raw: true });

/** The bulk reminder's draft for one opening of its dialog: who gets what, who is left out. */
export const useBulkPrepared = (invoiceDocumentIds: string[]) =>
  useAdminPostQuery<BulkPrepared>(
    'batches',
    '/dunning/bulk-reminders/prepare',
    { invoiceDocumentIds },
    { perOpening: true }
  );

export const useBatchActions = () => {
  const { post } = useMutations(DUNNING_STATE);
  return useMemo(
    () => ({
      sendEmails: (input: DispatchRequest) => post<SentRound>('/dunning/batches/send', input),
      logCall: (reminderDocumentId: string, call: CallInput) =>
        post(`/dunning/batches/calls/${reminderDocumentId}`, call),
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
  const { post } = useMutations(DUNNING_STATE);
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
