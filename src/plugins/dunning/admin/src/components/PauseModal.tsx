import { Button, Field, Flex, Modal, Textarea, Typography } from '@strapi/design-system';
import { useState } from 'react';

import { useCustomerActions } from '../api/customers';
import { useFormat } from '../hooks/useFormat';
import { useModalSave } from '../hooks/useModalSave';
import { DayPicker, tomorrow } from './DayPicker';

/** Pauses a customer's dunning until a day, with a reason: it resumes by itself on that day. */
export const PauseModal = ({
  customerDocumentId,
  onClose,
}: {
  customerDocumentId: string;
  onClose: () => void;
}) => {
  const { t } = useFormat();
  const { pause } = useCustomerActions();
  const [until, setUntil] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const { error, save: submit } = useModalSave(onClose);

  const save = () =>
    submit(() => pause(customerDocumentId, { until: until!, reason }), t('pause.saved'));

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content data-testid="pause-modal">
        <Modal.Header>
          <Modal.Title>{t('pause.title')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            {error && <Typography textColor="danger600">{error}</Typography>}
            <Field.Root name="until" required hint={t('pause.until.hint')}>
              <Field.Label>{t('pause.until')}</Field.Label>
              <DayPicker
                value={until}
                min={tomorrow()}
                onChange={setUntil}
                data-testid="pause-until"
              />
              <Field.Hint />
            </Field.Root>
            <Field.Root name="reason" required>
              <Field.Label>{t('pause.reason')}</Field.Label>
              <Textarea
                value={reason}
                maxLength={255}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                  setReason(event.target.value)
                }
                data-testid="pause-reason"
              />
            </Field.Root>
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('cancel')}</Button>
          </Modal.Close>
          <Button onClick={save} disabled={!until || !reason.trim()} data-testid="pause-save">
            {t('pause.save')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
