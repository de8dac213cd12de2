import { useFetchClient } from '@strapi/strapi/admin';

/** Downloads an admin API response (letter PDF, CSV) as a file, with the admin's token. */
export const useDownload = () => {
  const { get } = useFetchClient();
  return async (path: string, filename: string) => {
    const { data } = await get(path, { responseType: 'blob' });
    const url = URL.createObjectURL(data as Blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
};
