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
import { useAdminPostQuery, useAdminQuery, useMutations } from './client';

/** The templates routes. */

type TemplateBody = z.input<typeof templateSchema>;

const TEMPLATE_CHANGE = ['templates'] as const;

export const useTemplates = (query: URLSearchParams | string = '') =>
  useAdminQuery<Template[]>('templates', `/dunning/templates${String(query) ? `?${query}` : ''}`);
export const useTemplate = (documentId: string | null) =>
  useAdminQuery<Template>('templates', documentId ? `/dunning/templates/${documentId}` : null);
export const usePlaceholders = () =>
  useAdminQuery<Placeholders>('templates', '/dunning/templates/placeholders');

/**
 * A message rendered from its source (`input`), cached while the source stays the same; null
 * asks nothing; `keepLast` shows the last rendering while the next one loads.
 */
export const useRenderedTemplate = (input: PreviewInput | null, { keepLast = false } = {}) =>
  useAdminPostQuery<Rendered>('templates', '/dunning/templates/preview', input ?? {}, {
    enabled: input !== null,
    keepLast,
  });

export const useTemplateActions = () => {
  const { post, put, del } = useMutations(TEMPLATE_CHANGE);
  return useMemo(
    () => ({
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
