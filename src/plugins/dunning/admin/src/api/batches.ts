import { useFetchClient } from '@strapi/strapi/admin';

import { saveFile } from '../hooks/useDownload';
import type { BatchSelection, DispatchResult } from './types';

type LettersInput = { selections: BatchSelection[] } | { batch: { channel: 'letter' }; limit: number };

/**
 * POST /dunning/batches/letters: saves the letters as one PDF and tells what became of each
 * reminder; both come in the JSON answer (the PDF in base64).
 */
export const useProduceLetters = () => {
  const { post } = useFetchClient();
  return async (input: LettersInput): Promise<DispatchResult[]> => {
    const { data } = await post<{ data: { results: DispatchResult[]; file: { filename: string; contentType: string; base64: string } | null } }>('/dunning/batches/letters', input);
    const { results, file } = data.data;
    if (file) saveFile(new Blob([Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0))], { type: file.contentType }), file.filename);
    return results;
  };
};
