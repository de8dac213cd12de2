import { useState } from 'react';
import { Field, Flex, Tag, TextInput } from '@strapi/design-system';
import { Cross } from '@strapi/icons';

import { useFormat } from '../hooks/useFormat';

/** One plain address: what the server accepts (no display name, no separators). */
const ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type Props = { name: string; label: string; values: string[]; onChange: (values: string[]) => void; testId: string };

/** Values as tags; a new one is checked and added on Enter (or when the field is left). */
const TagInput = ({ name, label, hint, values, onChange, testId, valid, invalid, type = 'text' }: Props & { hint: string; valid: (value: string) => boolean; invalid: string; type?: string }) => {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();

  const add = () => {
    const value = draft.trim();
    if (!value) return;
    if (!valid(value)) {
      setError(invalid);
      return;
    }
    if (!values.some((existing) => existing.toLowerCase() === value.toLowerCase())) onChange([...values, value]);
    setDraft('');
    setError(undefined);
  };

  return (
    <Field.Root name={name} error={error} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <Flex gap={1} wrap="wrap" paddingBottom={values.length ? 2 : 0}>
        {values.map((value) => (
          <Tag key={value} icon={<Cross aria-hidden />} onClick={() => onChange(values.filter((v) => v !== value))}>
            {value}
          </Tag>
        ))}
      </Flex>
      <TextInput
        data-testid={testId}
        type={type}
        value={draft}
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => setDraft(event.target.value)}
        onKeyDown={(event: React.KeyboardEvent<HTMLInputElement>) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            add();
          }
        }}
        onBlur={add}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};

/** E-mail addresses as tags. */
export const AddressTagInput = (props: Props) => {
  const { t } = useFormat();
  return <TagInput {...props} hint={t('address.hint')} valid={(value) => ADDRESS.test(value)} invalid={t('address.invalid')} />;
};

/** Calendar days as tags (YYYY-MM-DD). */
export const DayTagInput = (props: Props & { hint: string }) => {
  const { t } = useFormat();
  return <TagInput {...props} type="date" valid={(value) => DAY.test(value)} invalid={t('day.invalid')} />;
};
