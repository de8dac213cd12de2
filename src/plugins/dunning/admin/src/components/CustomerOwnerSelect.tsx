import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useRBAC } from '@strapi/strapi/admin';

import { useCustomerActions } from '../api/customers';
import { useSenders } from '../api/senders';
import { useFormat } from '../hooks/useFormat';
import { useNotifiedAction } from '../hooks/useNotifiedAction';
import { PERMISSIONS } from '../permissions';

const NONE = 'none';

/** A customer's account owner: an admin holding `send`, the default sender of its automatic reminders. */
export const CustomerOwnerSelect = ({
  customerDocumentId,
  ownerId,
}: {
  customerDocumentId: string;
  ownerId: number | null;
}) => {
  const { t } = useFormat();
  const { setOwner } = useCustomerActions();
  const { allowedActions } = useRBAC({ configure: PERMISSIONS.configure, send: PERMISSIONS.send });
  const senders = useSenders(allowedActions.canSend);
  const act = useNotifiedAction();

  return (
    <Field.Root name="owner" hint={t('customer.owner.hint')}>
      <Field.Label>{t('customer.owner')}</Field.Label>
      <SingleSelect
        data-testid="customer-owner"
        disabled={!allowedActions.canConfigure || !senders.data}
        value={ownerId === null ? NONE : String(ownerId)}
        onChange={(value: string | number) =>
          act(
            () => setOwner(customerDocumentId, value === NONE ? null : Number(value)),
            t('customer.owner.saved')
          )
        }
      >
        <SingleSelectOption value={NONE}>{t('customer.owner.none')}</SingleSelectOption>
        {(senders.data ?? []).map((sender) => (
          <SingleSelectOption key={sender.id} value={String(sender.id)}>
            {sender.name}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
    </Field.Root>
  );
};
