import { Field, TextInput } from '@strapi/design-system';

import { useFormat } from '../hooks/useFormat';

type Range = { from?: string; to?: string };

/** "From" and "To" days (`YYYY-MM-DD`); an emptied field gives undefined. */
export const DateRangeFields = ({ value, onChange }: { value: Range; onChange: (change: Range) => void }) => {
  const { t } = useFormat();
  return (
    <>
      {(['from', 'to'] as const).map((key) => (
        <Field.Root key={key} name={key}>
          <Field.Label>{t(`activities.${key}`)}</Field.Label>
          <TextInput type="date" size="S" value={value[key] ?? ''}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange({ [key]: event.target.value || undefined })} />
        </Field.Root>
      ))}
    </>
  );
};
