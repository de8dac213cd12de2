import { useState } from 'react';

import { errorMessage } from '../api/client';
import { useFormat } from './useFormat';

/**
 * A modal's save: runs the request, then `onSaved` and `onClose`; on failure the modal
 * stays open with the server's message in `error`.
 */
export const useModalSave = (onSaved: () => void, onClose: () => void) => {
  const { t } = useFormat();
  const [error, setError] = useState<string | null>(null);
  const save = async (request: () => Promise<unknown>) => {
    try {
      await request();
      onSaved();
      onClose();
    } catch (failure) {
      setError(errorMessage(failure, t('error.generic')));
    }
  };
  return { error, save };
};
