import { useState } from 'react';
import { Button, DatePicker, Field, Flex, Modal, Textarea, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { useCustomerActions } from '../api/customers';
import { useFormat } from '../hooks/useFormat';
import { useModalSave } from '../hooks/useModalSave';

/** The picked day as `YYYY-MM-DD` (the picker gives its local midnight). */
const dayOf = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** Pauses a customer's dunning until a day, with a reason: it resumes by itself on that day. */
export const PauseModal = ({ customerDocumentId, onClose, onSaved }: { customerDocumentId: string; onClose: () => void; onSaved: () => void }) => {
  const { t } = useFormat();
  const { locale } = useIntl();
  const { pause } = useCustomerActions();
  const { toggleNotification } = useNotification();
  const [until, setUntil] = useState<Date | undefined>();
  const [reason, setReason] = useState('');
  const { error, save: submit } = useModalSave(onSaved, onClose);
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);

  const save = () =>
    submit(async () => {
      await pause(customerDocumentId, { until: dayOf(until!), reason });
      toggleNotification({ type: 'success', message: t('pause.saved') });
    });

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content data-testid="pause-modal">
        <Modal.Header><Modal.Title>{t('pause.title')}</Modal.Title></Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            {error && <Typography textColor="danger600">{error}</Typography>}
            <Field.Root name="until" required hint={t('pause.until.hint')}>
              <Field.Label>{t('pause.until')}</Field.Label>
              <DatePicker locale={locale} value={until} minDate={tomorrow} onChange={setUntil} onClear={() => setUntil(undefined)} clearLabel={t('pause.until.clear')} data-testid="pause-until" />
              <Field.Hint />
            </Field.Root>
            <Field.Root name="reason" required>
              <Field.Label>{t('pause.reason')}</Field.Label>
              <Textarea value={reason} maxLength={255} onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setReason(event.target.value)} data-testid="pause-reason" />
            </Field.Root>
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close><Button variant="tertiary">{t('cancel')}</Button></Modal.Close>
          <Button onClick={save} disabled={!until || !reason.trim()} data-testid="pause-save">{t('pause.save')}</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
