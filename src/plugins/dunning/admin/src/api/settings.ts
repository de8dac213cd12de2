import { useMemo } from 'react';

import type { Resynced, Settings, SettingsAnswer } from '../../../shared/contracts/settings';
import { DUNNING_STATE, type RouteGroup, useAdminQuery, useMutations } from './client';

/** The settings routes, and the cases' resync the settings page offers. */

export const useSettings = () =>
  useAdminQuery<SettingsAnswer>('settings', '/dunning/settings', { raw: true });

/** The settings change who may send, the "my accounts" filters and what the engine plans. */
const SETTINGS_CHANGE: readonly RouteGroup[] = ['settings', 'senders', ...DUNNING_STATE];

export const useSettingsActions = () => {
  const { post, put } = useMutations(SETTINGS_CHANGE);
  return useMemo(
    () => ({
      save: (settings: Partial<Settings>) => put<Settings>('/dunning/settings', settings),
      resyncCases: () => post<Resynced>('/dunning/cases/resync', {}),
    }),
    [post, put]
  );
};
