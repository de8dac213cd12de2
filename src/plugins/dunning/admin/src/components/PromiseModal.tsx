import {
  Button,
  Field,
  Flex,
  Modal,
  NumberInput,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { useState } from 'react';

import type { StatementInvoice } from '../../../shared/contracts/statement';
import { usePromiseActions } from '../api/promises';
import { useFormat } from '../hooks/useFormat';
import { useModalSave } from '../hooks/useModalSave';
import { DayPicker } from './DayPicker';

/** Records a promise to pay the selected invoices (SPEC F4.6): their reminders pause until the date and the grace period. */
export const PromiseModal = ({
  invoices,
  onClose,
  onSaved,
}: {
  invoices: StatementInvoice[];
  onClose: () => void;
  onSaved: () => void;
}) => {
  const { t, money } = useFormat();
  const { record } = usePromiseActions();
  const [date, setDate] = useState<string | undefined>();
  const [amount, setAmount] = useState<number | undefined>();
  const [note, setNote] = useState('');
  const { error, save: submit } = useModalSave(onClose);
  const single = invoices.length === 1;

  const save = () =>
    submit(async () => {
      await record({
        invoiceDocumentIds: invoices.map((invoice) => invoice.documentId),
        date: date!,
        amount: single ? (amount ?? null) : null,
        note: note.trim() || null,
      });
      onSaved();
    }, t('promise.saved'));

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content data-testid="promise-modal">
        <Modal.Header>
          <Modal.Title>{t('promise.title', { count: invoices.length })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography textColor="neutral600">
              {invoices
                .map(
                  (invoice) => `${invoice.number} (${money(invoice.amountDue, invoice.currency)})`
                )
                .join(', ')}
            </Typography>
            {error && <Typography textColor="danger600">{error}</Typography>}
            <Field.Root name="date" required hint={t('promise.date.hint')}>
              <Field.Label>{t('promise.date')}</Field.Label>
              <DayPicker value={date} onChange={setDate} data-testid="promise-date" />
              <Field.Hint />
            </Field.Root>
            {single && (
              <Field.Root name="amount" hint={t('promise.amount.hint')}>
                <Field.Label>{t('promise.amount')}</Field.Label>
                <NumberInput
                  value={amount}
                  onValueChange={(next: number | undefined) => setAmount(next)}
                />
                <Field.Hint />
              </Field.Root>
            )}
            <Field.Root name="note">
              <Field.Label>{t('promise.note')}</Field.Label>
              <Textarea
                value={note}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                  setNote(event.target.value)
                }
              />
            </Field.Root>
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('cancel')}</Button>
          </Modal.Close>
          <Button onClick={save} disabled={!date} data-testid="promise-save">
            {t('promise.save')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
