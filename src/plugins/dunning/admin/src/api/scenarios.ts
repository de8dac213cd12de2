import { useMemo } from 'react';
import type { z } from 'zod';

import type {
  forecastChangeSchema,
  Scenario,
  ScenarioChange,
  scenarioSchema,
} from '../../../shared/contracts/scenarios';
import {
  DUNNING_STATE,
  type RouteGroup,
  useAdminPostQuery,
  useAdminQuery,
  useMutations,
} from './client';

/** The scenarios routes, and a customer's scenario. */

/** A scenario decides what the engine plans for its customers, so every view of them changes. */
const SCENARIO_CHANGE: readonly RouteGroup[] = ['scenarios', ...DUNNING_STATE];

export const useScenarios = () => useAdminQuery<Scenario[]>('scenarios', '/dunning/scenarios');

export const useScenarioActions = () => {
  const { post, put, del } = useMutations(SCENARIO_CHANGE);
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
      /** One customer's scenario (null: back to the default). */
      assignCustomer: (customerDocumentId: string, scenarioDocumentId: string | null) =>
        put(`/dunning/customers/${customerDocumentId}/scenario`, { scenarioDocumentId }),
    }),
    [post, put, del]
  );
};

/** What saving the steps of `input` would change over the coming days (null: not asked yet); the last answer stays while another loads. */
export const useForecastChange = (
  documentId: string,
  input: z.input<typeof forecastChangeSchema> | null
) =>
  useAdminPostQuery<ScenarioChange>(
    'scenarios',
    `/dunning/scenarios/${documentId}/forecast-change`,
    input ?? {},
    { enabled: input !== null, keepLast: true }
  );
