import {
  Button,
  Field,
  Flex,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { useState } from 'react';

import type { ContactToFix } from '../../../shared/contracts/contacts-to-fix';
import { errorMessage } from '../api/client';
import { useReleaseContact } from '../api/contacts-to-fix';
import { useFormat } from '../hooks/useFormat';
import { useNotify } from '../hooks/useNotify';
import { Card } from './Card';

/** The addresses typed in the field, as the list the server takes. */
const addressList = (text: string) =>
  text
    .split(/[,;\s]+/)
    .map((address) => address.trim())
    .filter(Boolean);

/**
 * One customer of "Contacts to fix": its bounced addresses, the reminders held back, the
 * contact's address to correct, and "Release" (the corrected address is saved on the
 * contact when it changed; the held reminders go back to the queue).
 */
export const ContactToFixCard = ({ entry, canSend }: { entry: ContactToFix; canSend: boolean }) => {
  const { t, money, date, reason } = useFormat();
  const release = useReleaseContact();
  const notify = useNotify();
  const initial = entry.contact?.addresses ?? '';
  const [addresses, setAddresses] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const changed = addresses.trim() !== initial.trim();

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await release(
        entry.customerDocumentId,
        changed ? addressList(addresses) : undefined
      );
      notify.success(t('contactsToFix.released', { count: result.released }));
    } catch (failure) {
      setError(errorMessage(failure, t('error.generic')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={entry.customerName} testId={`contact-to-fix-${entry.customerDocumentId}`}>
      {entry.bounced.map((bounce) => (
        <Typography key={bounce.address} textColor="danger600" data-testid="bounced-address">
          {t('contactsToFix.bounced', {
            address: bounce.address,
            date: date(bounce.bouncedAt),
            reason: bounce.reason ?? '—',
          })}
        </Typography>
      ))}
      {entry.held.length === 0 ? (
        <Typography textColor="neutral600">{t('contactsToFix.noneHeld')}</Typography>
      ) : (
        <Table colCount={4} rowCount={entry.held.length + 1}>
          <Thead>
            <Tr>
              {['level', 'invoices', 'amount', 'reason'].map((column) => (
                <Th key={column}>
                  <Typography variant="sigma">{t(`contactsToFix.${column}`)}</Typography>
                </Th>
              ))}
            </Tr>
          </Thead>
          <Tbody>
            {entry.held.map((reminder) => (
              <Tr key={reminder.documentId} data-testid="held-reminder">
                <Td>
                  <Typography>{reminder.level ?? '—'}</Typography>
                </Td>
                <Td>
                  <Typography>
                    {reminder.invoices.map((invoice) => invoice.number).join(', ')}
                  </Typography>
                </Td>
                <Td>
                  <Typography>{money(reminder.amount, reminder.currency)}</Typography>
                </Td>
                <Td>
                  <Typography>{`${reason(reminder.statusReason)} (${date(reminder.createdAt)})`}</Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {canSend && (
        <Flex gap={4} alignItems="flex-end" wrap="wrap">
          <Field.Root
            name={`addresses-${entry.customerDocumentId}`}
            hint={
              entry.contact
                ? t('contactsToFix.addresses.hint', { contact: entry.contact.name ?? '—' })
                : t('contactsToFix.addresses.noContact')
            }
            error={error ?? undefined}
          >
            <Field.Label>{t('contactsToFix.addresses')}</Field.Label>
            <TextInput
              value={addresses}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                setAddresses(event.target.value)
              }
              data-testid="contact-addresses"
            />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
          <Button
            startIcon={<Check />}
            loading={busy}
            disabled={changed && addressList(addresses).length === 0}
            onClick={submit}
            data-testid="release"
          >
            {changed ? t('contactsToFix.saveAndRelease') : t('contactsToFix.release')}
          </Button>
        </Flex>
      )}
    </Card>
  );
};
