import { useState } from 'react';

import { errorMessage } from '../api/client';
import { useFormat } from './useFormat';
import { useNotify } from './useNotify';

/**
 * A modal's save: runs the request, tells `success` and closes; on failure the modal stays
 * open with the server's message in `error`.
 */
export const useModalSave = (onClose: () => void) => {
  const { t } = useFormat();
  const notify = useNotify();
  const [error, setError] = useState<string | null>(null);
  const save = async (request: () => Promise<unknown>, success: string) => {
    try {
      await request();
      notify.success(success);
      onClose();
    } catch (failure) {
      setError(errorMessage(failure, t('error.generic')));
    }
  };
  return { error, save };
};
