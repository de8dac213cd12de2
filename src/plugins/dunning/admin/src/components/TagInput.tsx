import { Field, Flex, Tag, TextInput } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { useState } from 'react';

import { useFormat } from '../hooks/useFormat';
import { DayPicker } from './DayPicker';

/** One plain address: what the server accepts (no display name, no separators). */
const ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

type Props = {
  name: string;
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  testId: string;
};

/** The field around a list of tags: its label, the tags (a click removes one), then the input that adds one. */
const TagField = ({
  name,
  label,
  hint,
  error,
  values,
  onChange,
  children,
}: Omit<Props, 'testId'> & { hint: string; error?: string; children: React.ReactNode }) => (
  <Field.Root name={name} error={error} hint={hint}>
    <Field.Label>{label}</Field.Label>
    <Flex gap={1} wrap="wrap" paddingBottom={values.length ? 2 : 0}>
      {values.map((value) => (
        <Tag
          key={value}
          icon={<Cross aria-hidden />}
          onClick={() => onChange(values.filter((v) => v !== value))}
        >
          {value}
        </Tag>
      ))}
    </Flex>
    {children}
    <Field.Hint />
    <Field.Error />
  </Field.Root>
);

/** E-mail addresses as tags; a new one is checked and added on Enter (or when the field is left). */
export const AddressTagInput = ({ testId, ...props }: Props) => {
  const { t } = useFormat();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();
  const { values, onChange } = props;

  const add = () => {
    const value = draft.trim();
    if (!value) return;
    if (!ADDRESS.test(value)) {
      setError(t('address.invalid'));
      return;
    }
    if (!values.some((existing) => existing.toLowerCase() === value.toLowerCase()))
      onChange([...values, value]);
    setDraft('');
    setError(undefined);
  };

  return (
    <TagField {...props} hint={t('address.hint')} error={error}>
      <TextInput
        data-testid={testId}
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
    </TagField>
  );
};

/** Calendar days as tags (YYYY-MM-DD), each added by picking it; the picker empties for the next one. */
export const DayTagInput = ({ testId, ...props }: Props & { hint: string }) => {
  const { values, onChange } = props;
  return (
    <TagField {...props}>
      <DayPicker
        key={values.length}
        value={undefined}
        onChange={(day) => day && !values.includes(day) && onChange([...values, day])}
        data-testid={testId}
      />
    </TagField>
  );
};
