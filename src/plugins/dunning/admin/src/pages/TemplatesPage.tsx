import {
  Badge,
  Button,
  Dialog,
  Flex,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise, Pencil, Plus, Trash } from '@strapi/icons';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';

import { REMINDER_TYPES } from '../../../shared/vocabulary';
import { useTemplateActions, useTemplates } from '../api/templates';
import { useFormat } from '../hooks/useFormat';
import { useNotifiedAction } from '../hooks/useNotifiedAction';
import { PERMISSIONS } from '../permissions';

type Filters = { type?: string; channel?: string; locale?: string };

/** Templates, filtered by type, channel and language (SPEC F2.1). */
const TemplatesPage = () => {
  const { t } = useFormat();
  const navigate = useNavigate();
  const { restore, remove } = useTemplateActions();
  const { allowedActions } = useRBAC({ configure: PERMISSIONS.configure });
  const [filters, setFilters] = useState<Filters>({});
  const query = new URLSearchParams(
    Object.entries(filters).filter(([, value]) => value) as string[][]
  );
  const { data, isLoading, error } = useTemplates(query);

  const run = useNotifiedAction();

  const filter = (
    key: keyof Filters,
    values: readonly string[],
    label: (value: string) => string
  ) => (
    <SingleSelect
      aria-label={t(`templates.filter.${key}`)}
      placeholder={t(`templates.filter.${key}`)}
      size="S"
      value={filters[key]}
      onClear={() => setFilters({ ...filters, [key]: undefined })}
      onChange={(value: string | number) => setFilters({ ...filters, [key]: String(value) })}
    >
      {values.map((value) => (
        <SingleSelectOption key={value} value={value}>
          {label(value)}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  );

  if (error) return <Page.Error />;
  const templates = data ?? [];

  return (
    <Page.Main>
      <Page.Title>{t('templates.title')}</Page.Title>
      <Layouts.Header
        title={t('templates.title')}
        subtitle={t('templates.subtitle')}
        primaryAction={
          allowedActions.canConfigure && (
            <Button startIcon={<Plus />} onClick={() => navigate('new')}>
              {t('templates.new')}
            </Button>
          )
        }
        secondaryAction={
          allowedActions.canConfigure && (
            <Dialog.Root>
              <Dialog.Trigger>
                <Button variant="tertiary" startIcon={<ArrowClockwise />}>
                  {t('templates.restoreAll')}
                </Button>
              </Dialog.Trigger>
              <Dialog.Content>
                <Dialog.Header>{t('templates.restoreAll')}</Dialog.Header>
                <Dialog.Body>{t('templates.restoreAll.confirm')}</Dialog.Body>
                <Dialog.Footer>
                  <Dialog.Cancel>
                    <Button variant="tertiary">{t('cancel')}</Button>
                  </Dialog.Cancel>
                  <Dialog.Action>
                    <Button onClick={() => run(() => restore({}), t('templates.restored'))}>
                      {t('confirm')}
                    </Button>
                  </Dialog.Action>
                </Dialog.Footer>
              </Dialog.Content>
            </Dialog.Root>
          )
        }
      />
      <Layouts.Action
        startActions={
          <Flex gap={2}>
            {filter('type', REMINDER_TYPES, (value) => t(`type.${value}`))}
            {filter('channel', ['email', 'letter', 'phone'], (value) => t(`channel.${value}`))}
            {filter('locale', ['fr', 'en'], (value) => value.toUpperCase())}
          </Flex>
        }
      />
      <Layouts.Content>
        {isLoading ? (
          <Page.Loading />
        ) : (
          <Table colCount={5} rowCount={templates.length + 1}>
            <Thead>
              <Tr>
                {['name', 'type', 'channel', 'locale'].map((column) => (
                  <Th key={column}>
                    <Typography variant="sigma">{t(`templates.${column}`)}</Typography>
                  </Th>
                ))}
                <Th>
                  <Typography variant="sigma">{t('templates.actions')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {templates.map((template) => (
                <Tr key={template.documentId}>
                  <Td>
                    <Flex gap={2}>
                      <Typography fontWeight="bold">{template.name}</Typography>
                      {template.isPredefined && <Badge>{t('templates.predefined')}</Badge>}
                    </Flex>
                  </Td>
                  <Td>
                    <Typography>{t(`type.${template.type}`)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{t(`channel.${template.channel}`)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{template.locale.toUpperCase()}</Typography>
                  </Td>
                  <Td>
                    <Flex gap={1}>
                      <IconButton
                        label={t('templates.edit')}
                        onClick={() => navigate(template.documentId)}
                      >
                        <Pencil />
                      </IconButton>
                      {allowedActions.canConfigure && template.predefinedKey && (
                        <IconButton
                          label={t('templates.restore')}
                          onClick={() =>
                            run(
                              () => restore({ predefinedKey: template.predefinedKey ?? undefined }),
                              t('templates.restored')
                            )
                          }
                        >
                          <ArrowClockwise />
                        </IconButton>
                      )}
                      {allowedActions.canConfigure && (
                        <IconButton
                          label={t('templates.delete')}
                          onClick={() =>
                            run(() => remove(template.documentId), t('templates.deleted'))
                          }
                        >
                          <Trash />
                        </IconButton>
                      )}
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

export { TemplatesPage };
