import { useMemo } from 'react';
import type { z } from 'zod';

import type {
  Placeholders,
  PreviewInput,
  Rendered,
  restoreSchema,
  Template,
  templateSchema,
} from '../../../shared/contracts/templates';
import { useMutations } from './client';
import { useAdminApi } from './useAdminApi';

/** The templates routes. */

type TemplateBody = z.input<typeof templateSchema>;

export const useTemplates = (query: URLSearchParams | string = '') =>
  useAdminApi<Template[]>(`/dunning/templates${String(query) ? `?${query}` : ''}`);
export const useTemplate = (documentId: string | null) =>
  useAdminApi<Template>(documentId ? `/dunning/templates/${documentId}` : null);
export const usePlaceholders = () => useAdminApi<Placeholders>('/dunning/templates/placeholders');

export const useTemplateActions = () => {
  const { post, put, del } = useMutations();
  return useMemo(
    () => ({
      preview: (input: PreviewInput) => post<Rendered>('/dunning/templates/preview', input),
      create: (input: TemplateBody) => post<Template>('/dunning/templates', input),
      update: (documentId: string, input: TemplateBody) =>
        put<Template>(`/dunning/templates/${documentId}`, input),
      remove: (documentId: string) => del(`/dunning/templates/${documentId}`),
      /** Every predefined template back as shipped, or only the one of `predefinedKey`. */
      restore: (input: z.input<typeof restoreSchema>) => post('/dunning/templates/restore', input),
    }),
    [post, put, del]
  );
};
