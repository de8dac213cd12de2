import { useMemo } from 'react';
import type { z } from 'zod';

import type {
  forecastChangeSchema,
  Scenario,
  ScenarioChange,
  scenarioSchema,
} from '../../../shared/contracts/scenarios';
import { useMutations } from './client';
import { useAdminApi } from './useAdminApi';

/** The scenarios routes, and a customer's scenario. */

export const useScenarios = () => useAdminApi<Scenario[]>('/dunning/scenarios');

export const useScenarioActions = () => {
  const { post, put, del } = useMutations();
  return useMemo(
    () => ({
      create: (input: z.input<typeof scenarioSchema>) =>
        post<Scenario>('/dunning/scenarios', input),
      update: (documentId: string, input: z.input<typeof scenarioSchema>) =>
        put<Scenario>(`/dunning/scenarios/${documentId}`, input),
      remove: (documentId: string) => del(`/dunning/scenarios/${documentId}`),
      /** The predefined scenarios back as shipped. */
      reset: () => post('/dunning/scenarios/reset', {}),
      makeDefault: (documentId: string) => post(`/dunning/scenarios/${documentId}/default`, {}),
      forecastChange: (documentId: string, input: z.input<typeof forecastChangeSchema>) =>
        post<ScenarioChange>(`/dunning/scenarios/${documentId}/forecast-change`, input),
      /** One customer's scenario (null: back to the default). */
      assignCustomer: (customerDocumentId: string, scenarioDocumentId: string | null) =>
        put(`/dunning/customers/${customerDocumentId}/scenario`, { scenarioDocumentId }),
    }),
    [post, put, del]
  );
};
