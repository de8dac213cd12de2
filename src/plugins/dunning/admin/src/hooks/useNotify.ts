import { useNotification } from '@strapi/strapi/admin';
import { useMemo } from 'react';

import { errorMessage } from '../api/client';
import { useFormat } from './useFormat';

/**
 * The admin's notifications: `success` and `info` show a message, `failure` the server's
 * message of a failed call (the generic one when it has none), the same way on every page.
 */
export const useNotify = () => {
  const { t } = useFormat();
  const { toggleNotification } = useNotification();
  const generic = t('error.generic');
  return useMemo(
    () => ({
      success: (message: string) => toggleNotification({ type: 'success', message }),
      info: (message: string) => toggleNotification({ type: 'info', message }),
      failure: (error: unknown) =>
        toggleNotification({ type: 'danger', message: errorMessage(error, generic) }),
    }),
    [toggleNotification, generic]
  );
};
