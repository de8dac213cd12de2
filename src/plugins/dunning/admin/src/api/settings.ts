import { useMemo } from 'react';

import type { Resynced, Settings, SettingsAnswer } from '../../../shared/contracts/settings';
import { useMutations } from './client';
import { useAdminApi } from './useAdminApi';

/** The settings routes, and the cases' resync the settings page offers. */

export const useSettings = () => useAdminApi<SettingsAnswer>('/dunning/settings', { raw: true });

export const useSettingsActions = () => {
  const { post, put } = useMutations();
  return useMemo(
    () => ({
      save: (settings: Partial<Settings>) => put<Settings>('/dunning/settings', settings),
      resyncCases: () => post<Resynced>('/dunning/cases/resync', {}),
    }),
    [post, put]
  );
};
