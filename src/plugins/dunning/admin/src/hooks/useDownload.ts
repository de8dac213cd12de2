import { useFetchClient } from '@strapi/strapi/admin';

/** Hands a file the admin API answered to the browser, as a download. */
export const saveFile = (blob: Blob, filename: string) => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

/** Downloads an admin API response (letter PDF, CSV) as a file, with the admin's token. */
export const useDownload = () => {
  const { get } = useFetchClient();
  return async (path: string, filename: string) => {
    const { data } = await get(path, { responseType: 'blob' });
    saveFile(data as Blob, filename);
  };
};
