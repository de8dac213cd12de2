import { useEffect, useState } from 'react';
import { Box, Button, Field, Flex, Grid, TextInput, Textarea, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { useAdminApi } from '../api/useAdminApi';
import { PERMISSIONS } from '../permissions';
import { getTranslation } from '../utils/getTranslation';

type Settings = {
  bccCopy: string | null;
  company: { name: string; address: string; email: string; phone: string };
};

type ValidationError = { response?: { data?: { error?: { message?: string; details?: { errors?: Array<{ path: string[]; message: string }> } } } } };

/** Settings → Dunning: the BCC copy (F6.4) and the company details templates and letters print. */
const SettingsForm = () => {
  const { formatMessage } = useIntl();
  const t = (id: string) => formatMessage({ id: getTranslation(id) });
  const { put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { data, isLoading, error } = useAdminApi<Settings>('/dunning/settings');
  const [form, setForm] = useState<Settings | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (data) setForm(data);
  }, [data]);

  if (isLoading || !form) return <Page.Loading />;
  if (error) return <Page.Error />;

  const setCompany = (key: keyof Settings['company'], value: string) =>
    setForm({ ...form, company: { ...form.company, [key]: value } });

  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      const { data: saved } = await put<{ data: Settings }>('/dunning/settings', {
        ...form,
        bccCopy: form.bccCopy?.trim() ? form.bccCopy.trim() : null,
      });
      setForm(saved.data);
      toggleNotification({ type: 'success', message: t('settings.saved') });
    } catch (failure) {
      const details = (failure as ValidationError).response?.data?.error?.details?.errors ?? [];
      setErrors(Object.fromEntries(details.map((problem) => [problem.path.join('.'), problem.message])));
      toggleNotification({ type: 'danger', message: (failure as ValidationError).response?.data?.error?.message ?? t('error.generic') });
    } finally {
      setSaving(false);
    }
  };

  const text = (name: string, label: string, value: string, onChange: (value: string) => void, hint?: string) => (
    <Field.Root name={name} error={errors[name]} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <TextInput value={value} onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(event.target.value)} />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );

  return (
    <Page.Main>
      <Page.Title>{t('settings.title')}</Page.Title>
      <Layouts.Header
        title={t('settings.title')}
        subtitle={t('settings.subtitle')}
        primaryAction={
          <Button startIcon={<Check />} onClick={save} loading={saving}>
            {t('settings.save')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Typography variant="delta" tag="h2">
                {t('settings.mail')}
              </Typography>
              {text('bccCopy', t('settings.bccCopy'), form.bccCopy ?? '', (value) => setForm({ ...form, bccCopy: value }), t('settings.bccCopy.hint'))}
            </Flex>
          </Box>
          <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Typography variant="delta" tag="h2">
                {t('settings.company')}
              </Typography>
              <Grid.Root gap={4}>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  {text('company.name', t('settings.company.name'), form.company.name, (value) => setCompany('name', value))}
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  {text('company.email', t('settings.company.email'), form.company.email, (value) => setCompany('email', value))}
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  {text('company.phone', t('settings.company.phone'), form.company.phone, (value) => setCompany('phone', value))}
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Field.Root name="company.address" error={errors['company.address']}>
                    <Field.Label>{t('settings.company.address')}</Field.Label>
                    <Textarea
                      value={form.company.address}
                      onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setCompany('address', event.target.value)}
                    />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
              </Grid.Root>
            </Flex>
          </Box>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

const SettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS.configure}>
    <SettingsForm />
  </Page.Protect>
);

export default SettingsPage;
