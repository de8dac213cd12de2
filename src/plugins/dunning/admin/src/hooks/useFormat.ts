import { useIntl } from 'react-intl';

import type { Amount } from '../../../shared/contracts/common';
import { getTranslation } from '../utils/getTranslation';

/** Money, dates and the plugin's messages in the admin's language. */
export const useFormat = () => {
  const { formatMessage, formatNumber, formatDate, messages } = useIntl();
  const t = (id: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id) }, values) as string;
  const money = (amount: number, currency: string) =>
    formatNumber(amount, { style: 'currency', currency });
  return {
    t,
    money,
    /** Amounts in several currencies, side by side. */
    amounts: (list: Amount[]) =>
      list.length ? list.map((row) => money(row.amount, row.currency)).join(' + ') : '—',
    date: (value: string | null) =>
      value
        ? formatDate(value.length === 10 ? `${value}T00:00:00Z` : value, {
            dateStyle: 'medium',
            timeZone: value.length === 10 ? 'UTC' : undefined,
          })
        : '—',
    /** Why a reminder or an invoice was left out, in words; a code without words (an SMTP answer…) as it is. */
    reason: (code: string | null) =>
      code && getTranslation(`reason.${code}`) in messages ? t(`reason.${code}`) : (code ?? ''),
  };
};
