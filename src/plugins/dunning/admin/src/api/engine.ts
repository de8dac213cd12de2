import { useMemo } from 'react';

import type { EngineRun, ForecastDay } from '../../../shared/contracts/engine';
import { useMutations } from './client';
import { useAdminApi } from './useAdminApi';

/** The engine's routes. */

export const useForecast = (days: number) =>
  useAdminApi<ForecastDay[]>(`/dunning/engine/forecast?days=${days}`);

export const useEngineActions = () => {
  const { post } = useMutations();
  return useMemo(() => ({ run: () => post<EngineRun>('/dunning/engine/run', {}) }), [post]);
};
