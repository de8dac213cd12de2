import { useIntl } from 'react-intl';

import { getTranslation } from '../utils/getTranslation';

/** Money, dates and the plugin's messages in the admin's language. */
export const useFormat = () => {
  const { formatMessage, formatNumber, formatDate } = useIntl();
  return {
    t: (id: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id) }, values) as string,
    money: (amount: number, currency: string) => formatNumber(amount, { style: 'currency', currency }),
    date: (value: string | null) => (value ? formatDate(value.length === 10 ? `${value}T00:00:00Z` : value, { dateStyle: 'medium', timeZone: value.length === 10 ? 'UTC' : undefined }) : '—'),
  };
};
