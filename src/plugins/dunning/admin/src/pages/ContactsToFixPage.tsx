import { Flex } from '@strapi/design-system';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';

import { useContactsToFix } from '../api/contacts-to-fix';
import { ContactToFixCard } from '../components/ContactToFixCard';
import { TableFooter } from '../components/TableFooter';
import { useFormat } from '../hooks/useFormat';
import { PERMISSIONS } from '../permissions';

/** "Contacts to fix" (SPEC F7.5): customers with a bounced or missing address, their held reminders, the fix and the release. */
const ContactsToFixPage = () => {
  const { t } = useFormat();
  const { allowedActions } = useRBAC({ send: PERMISSIONS.send });
  const { data, isLoading, error } = useContactsToFix();

  if (error) return <Page.Error />;
  if (isLoading && !data) return <Page.Loading />;

  return (
    <Page.Main>
      <Page.Title>{t('contactsToFix.title')}</Page.Title>
      <Layouts.Header title={t('contactsToFix.title')} subtitle={t('contactsToFix.subtitle')} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <TableFooter empty={(data ?? []).length === 0} emptyText={t('contactsToFix.empty')} />
          {(data ?? []).map((entry) => (
            <ContactToFixCard
              key={entry.customerDocumentId}
              entry={entry}
              canSend={allowedActions.canSend}
            />
          ))}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export { ContactsToFixPage };
