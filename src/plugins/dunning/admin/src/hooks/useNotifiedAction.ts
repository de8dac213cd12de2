import { useNotify } from './useNotify';

/**
 * Runs an admin API call and tells the user how it went (the server's message on failure);
 * the call itself refreshes what the page shows.
 */
export const useNotifiedAction = () => {
  const notify = useNotify();
  return async (action: () => Promise<unknown>, success: string) => {
    try {
      await action();
      notify.success(success);
    } catch (failure) {
      notify.failure(failure);
    }
  };
};
