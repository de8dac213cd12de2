import { Field } from '@strapi/design-system';

import { useFormat } from '../hooks/useFormat';
import { DayPicker } from './DayPicker';

type Range = { from?: string; to?: string };

/** "From" and "To" days (`YYYY-MM-DD`); an emptied field gives undefined. */
export const DateRangeFields = ({
  value,
  onChange,
}: {
  value: Range;
  onChange: (change: Range) => void;
}) => {
  const { t } = useFormat();
  return (
    <>
      {(['from', 'to'] as const).map((key) => (
        <Field.Root key={key} name={key}>
          <Field.Label>{t(`activities.${key}`)}</Field.Label>
          <DayPicker
            size="S"
            value={value[key]}
            onChange={(day) => onChange({ [key]: day })}
            data-testid={`range-${key}`}
          />
        </Field.Root>
      ))}
    </>
  );
};
