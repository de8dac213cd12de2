import { useNotification } from '@strapi/strapi/admin';

import { errorMessage } from '../api/client';
import { useFormat } from './useFormat';

/**
 * Runs an admin API call, tells the user how it went (the server's message on failure),
 * and refreshes what the page shows.
 */
export const useNotifiedAction = (refresh: () => void) => {
  const { t } = useFormat();
  const { toggleNotification } = useNotification();
  return async (action: () => Promise<unknown>, success: string) => {
    try {
      await action();
      toggleNotification({ type: 'success', message: success });
      refresh();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: errorMessage(failure, t('error.generic')) });
    }
  };
};
