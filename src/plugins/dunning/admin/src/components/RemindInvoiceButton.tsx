import { Button } from '@strapi/design-system';
import { Mail } from '@strapi/icons';
import {
  unstable_useContentManagerContext as useContentManagerContext,
  useRBAC,
} from '@strapi/strapi/admin';
import { useState } from 'react';

import { useMapping } from '../api/mapping';
import { useCustomerStatement, useInvoiceContext } from '../api/statement';
import { useFormat } from '../hooks/useFormat';
import { PERMISSIONS } from '../permissions';
import { ReminderModal } from './ReminderModal';

/** "Remind" in the Content Manager edit view of an invoice: the pop-up on that one invoice. */
const RemindFromInvoice = ({ invoiceDocumentId }: { invoiceDocumentId: string }) => {
  const { t } = useFormat();
  const [open, setOpen] = useState(false);
  const context = useInvoiceContext(invoiceDocumentId);
  const statement = useCustomerStatement(open ? context.data?.customerDocumentId : null);
  const invoice = statement.data?.invoices.find(
    (candidate) => candidate.documentId === invoiceDocumentId
  );

  if (!context.data) return null;
  return (
    <>
      <Button
        variant="secondary"
        fullWidth
        startIcon={<Mail />}
        onClick={() => setOpen(true)}
        data-testid="cm-remind-button"
      >
        {t('customer.remind', { count: 1 })}
      </Button>
      {open && statement.data && invoice && (
        <ReminderModal
          customer={statement.data.customer}
          invoices={[invoice]}
          onClose={() => setOpen(false)}
          onSent={() => setOpen(false)}
        />
      )}
    </>
  );
};

export const RemindInvoiceButton = () => {
  const { model, id } = useContentManagerContext();
  const { allowedActions } = useRBAC({ send: PERMISSIONS.send });
  const { data: mapping } = useMapping();
  if (
    !mapping ||
    model !== mapping.invoice.uid ||
    !id ||
    id === 'create' ||
    !allowedActions.canSend
  )
    return null;
  return <RemindFromInvoice invoiceDocumentId={String(id)} />;
};
