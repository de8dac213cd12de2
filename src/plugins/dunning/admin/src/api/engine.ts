import { useMemo } from 'react';

import type { EngineRun, ForecastDay } from '../../../shared/contracts/engine';
import { DUNNING_STATE, useAdminQuery, useMutations } from './client';

/** The engine's routes. */

export const useForecast = (days: number) =>
  useAdminQuery<ForecastDay[]>('engine', `/dunning/engine/forecast?days=${days}`);

export const useEngineActions = () => {
  const { post } = useMutations(DUNNING_STATE);
  return useMemo(() => ({ run: () => post<EngineRun>('/dunning/engine/run', {}) }), [post]);
};
