import { DatePicker } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import { useFormat } from '../hooks/useFormat';

/** A calendar day as the API speaks it: `YYYY-MM-DD`. */
type Day = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day's local midnight: what the picker shows and gives back. */
const dateOf = (day: Day | undefined) => {
  const match = day ? DAY.exec(day) : null;
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : undefined;
};

const dayOf = (date: Date): Day =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

type Props = {
  value: Day | undefined;
  onChange: (day: Day | undefined) => void;
  /** The first day that may be picked. */
  min?: Day;
  size?: 'S' | 'M';
  'data-testid'?: string;
};

/**
 * The design system's date picker, in the admin's locale, on `YYYY-MM-DD` days: every
 * date field of the plugin uses it (a native date input shows the browser's format,
 * e.g. mm/dd/yyyy in a French admin).
 */
export const DayPicker = ({ value, onChange, min, size, 'data-testid': testId }: Props) => {
  const { locale } = useIntl();
  const { t } = useFormat();
  return (
    <DatePicker
      locale={locale}
      size={size}
      value={dateOf(value)}
      minDate={dateOf(min)}
      onChange={(date: Date | undefined) => onChange(date ? dayOf(date) : undefined)}
      onClear={() => onChange(undefined)}
      clearLabel={t('day.clear')}
      data-testid={testId}
    />
  );
};

/** Tomorrow, as a day: the first day a pause or a promise may name. */
export const tomorrow = (): Day => {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  return dayOf(date);
};
