import { useState } from 'react';
import { Field, Flex, Tag, TextInput } from '@strapi/design-system';
import { Cross } from '@strapi/icons';

import { useFormat } from '../hooks/useFormat';

/** One plain address: what the server accepts (no display name, no separators). */
const ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

type Props = { name: string; label: string; values: string[]; onChange: (values: string[]) => void; testId: string };

/** E-mail addresses as tags; a new one is checked and added on Enter. */
export const AddressTagInput = ({ name, label, values, onChange, testId }: Props) => {
  const { t } = useFormat();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();

  const add = () => {
    const address = draft.trim();
    if (!address) return;
    if (!ADDRESS.test(address)) {
      setError(t('address.invalid'));
      return;
    }
    if (!values.some((value) => value.toLowerCase() === address.toLowerCase())) onChange([...values, address]);
    setDraft('');
    setError(undefined);
  };

  return (
    <Field.Root name={name} error={error} hint={t('address.hint')}>
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
