import { Field, SingleSelect, SingleSelectOption, Textarea } from '@strapi/design-system';

import { useFormat } from '../hooks/useFormat';
import { DayPicker } from './DayPicker';

const OUTCOMES = ['reached', 'promised', 'disputed', 'no_answer'] as const;

export type CallOutcome = {
  outcome: (typeof OUTCOMES)[number];
  promisedDate: string;
  note: string;
};

export const NO_CALL_YET: CallOutcome = { outcome: 'reached', promisedDate: '', note: '' };

/** The call as the API takes it: a promised date only with a promise, no empty note. */
export const callPayload = ({ outcome, promisedDate, note }: CallOutcome) => ({
  outcome,
  promisedDate: outcome === 'promised' ? promisedDate : undefined,
  note: note || undefined,
});

/** How a call went (SPEC F3.3, F5.3): its outcome, the promised date of a promise, a note. */
export const CallOutcomeFields = ({
  value,
  onChange,
}: {
  value: CallOutcome;
  onChange: (value: CallOutcome) => void;
}) => {
  const { t } = useFormat();
  return (
    <>
      <Field.Root name="outcome">
        <Field.Label>{t('modal.outcome')}</Field.Label>
        <SingleSelect
          value={value.outcome}
          onChange={(outcome: string | number) =>
            onChange({ ...value, outcome: outcome as CallOutcome['outcome'] })
          }
        >
          {OUTCOMES.map((outcome) => (
            <SingleSelectOption key={outcome} value={outcome}>
              {t(`outcome.${outcome}`)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      {value.outcome === 'promised' && (
        <Field.Root name="promisedDate" required>
          <Field.Label>{t('modal.promisedDate')}</Field.Label>
          <DayPicker
            value={value.promisedDate || undefined}
            onChange={(promisedDate) => onChange({ ...value, promisedDate: promisedDate ?? '' })}
            data-testid="promised-date"
          />
        </Field.Root>
      )}
      <Field.Root name="note">
        <Field.Label>{t('modal.note')}</Field.Label>
        <Textarea
          value={value.note}
          onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
            onChange({ ...value, note: event.target.value })
          }
        />
      </Field.Root>
    </>
  );
};
