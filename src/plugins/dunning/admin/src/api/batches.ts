import { useAuth } from '@strapi/strapi/admin';

import { saveFile } from '../hooks/useDownload';
import type { BatchSelection, DispatchResult } from './types';

type LettersInput = { selections: BatchSelection[] } | { batch: { channel: 'letter' }; limit: number };

const backendURL = () => (window as unknown as { strapi: { backendURL: string } }).strapi.backendURL;

/**
 * POST /dunning/batches/letters: saves the letters as one PDF and tells what became of each
 * reminder (the X-Dunning-Results header, or the JSON answer when no letter was produced).
 * `useFetchClient`'s post reads every answer as JSON, so this request goes through fetch
 * with the signed-in admin's token.
 */
export const useProduceLetters = () => {
  const token = useAuth('useProduceLetters', (state) => state.token);
  return async (input: LettersInput): Promise<DispatchResult[]> => {
    const response = await fetch(`${backendURL()}/dunning/batches/letters`, {
      method: 'POST',
      credentials: 'include',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    if (response.ok && response.headers.get('Content-Type')?.startsWith('application/pdf')) {
      const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'letters.pdf';
      saveFile(await response.blob(), filename);
      return JSON.parse(decodeURIComponent(response.headers.get('X-Dunning-Results') ?? '[]'));
    }
    const body = await response.json();
    // Shaped as the fetch client's errors, for `errorMessage`.
    if (!response.ok) throw Object.assign(new Error(body?.error?.message ?? response.statusText), { response: { data: body } });
    return body.data.results;
  };
};
