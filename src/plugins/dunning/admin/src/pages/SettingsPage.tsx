import {
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise, Check } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';

import {
  HOLIDAY_COUNTRIES,
  NOTICE_MODES,
  type NoticeMode,
  type Settings,
} from '../../../shared/contracts/settings';
import { withQueryClient } from '../api/queryClient';
import { useSenders } from '../api/senders';
import { useSettings, useSettingsActions } from '../api/settings';
import { DisputeReasonsField } from '../components/DisputeReasonsField';
import { DayTagInput } from '../components/TagInput';
import { useFormat } from '../hooks/useFormat';
import { useNotify } from '../hooks/useNotify';
import { PERMISSIONS } from '../permissions';

type Automatic = Settings['automatic'];

const NO_COUNTRY = 'none';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

type ValidationError = {
  response?: {
    data?: {
      error?: {
        message?: string;
        details?: { errors?: Array<{ path: string[]; message: string }> };
      };
    };
  };
};

/** One titled block of the settings page. */
const Section = ({
  title,
  hint,
  children,
}: {
  title: string;
  hint?: string;
  children: React.ReactNode;
}) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Typography variant="delta" tag="h2">
        {title}
      </Typography>
      {hint && (
        <Typography variant="pi" textColor="neutral600">
          {hint}
        </Typography>
      )}
      {children}
    </Flex>
  </Box>
);

/** Settings → Dunning: automatic reminders, the BCC copy (F6.4), open tracking (F7.5) and the company details templates and letters print. */
const SettingsForm = () => {
  const { t } = useFormat();
  const { save: saveSettings, resyncCases } = useSettingsActions();
  const notify = useNotify();
  const { data: response, isLoading, error } = useSettings();
  const data = response?.data;
  const senders = useSenders();
  const [form, setForm] = useState<Settings | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [resyncing, setResyncing] = useState(false);

  useEffect(() => {
    if (data) setForm(data);
  }, [data]);

  if (isLoading || !form) return <Page.Loading />;
  if (error) return <Page.Error />;

  const setCompany = (key: keyof Settings['company'], value: string) =>
    setForm({ ...form, company: { ...form.company, [key]: value } });
  const setAutomatic = (patch: Partial<Automatic>) =>
    setForm({ ...form, automatic: { ...form.automatic, ...patch } });
  const setWindow = (patch: Partial<Automatic['sendWindow']>) =>
    setAutomatic({ sendWindow: { ...form.automatic.sendWindow, ...patch } });
  const automatic = form.automatic;
  const notices = form.senderNotices;
  const setNotices = (patch: Partial<Settings['senderNotices']>) =>
    setForm({ ...form, senderNotices: { ...notices, ...patch } });
  const noticeSelect = (
    name: string,
    label: string,
    value: NoticeMode,
    onChange: (mode: NoticeMode) => void
  ) => (
    <Field.Root name={name}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect
        value={value}
        onChange={(next: string | number) => onChange(next as NoticeMode)}
      >
        {NOTICE_MODES.map((mode) => (
          <SingleSelectOption key={mode} value={mode}>
            {t(`settings.notices.mode.${mode}`)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  );
  const toggle = (
    name: string,
    label: string,
    checked: boolean,
    onChange: (checked: boolean) => void,
    hint?: string
  ) => (
    <Field.Root name={name} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <Toggle
        onLabel={t('yes')}
        offLabel={t('no')}
        checked={checked}
        onChange={() => onChange(!checked)}
      />
      <Field.Hint />
    </Field.Root>
  );
  const number = (
    name: string,
    label: string,
    value: number,
    onChange: (value: number) => void,
    hint?: string
  ) => (
    <Field.Root name={name} error={errors[name]} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <NumberInput
        value={value}
        onValueChange={(next: number | undefined) => onChange(next ?? 0)}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
  const holidays = automatic.sendWindow.holidays;
  const setLateFees = (patch: Partial<Settings['lateFees']>) =>
    setForm({ ...form, lateFees: { ...form.lateFees, ...patch } });
  const setPortal = (patch: Partial<Settings['portal']>) =>
    setForm({ ...form, portal: { ...form.portal, ...patch } });

  /** After invoices were imported around Strapi's Document Service, their cases are rebuilt. */
  const resync = async () => {
    setResyncing(true);
    try {
      const { synced } = await resyncCases();
      notify.success(t('settings.cases.done', { count: synced }));
    } catch (failure) {
      notify.failure(failure);
    } finally {
      setResyncing(false);
    }
  };

  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      setForm(
        await saveSettings({
          ...form,
          bccCopy: form.bccCopy?.trim() ? form.bccCopy.trim() : null,
        })
      );
      notify.success(t('settings.saved'));
    } catch (failure) {
      const details = (failure as ValidationError).response?.data?.error?.details?.errors ?? [];
      setErrors(
        Object.fromEntries(details.map((problem) => [problem.path.join('.'), problem.message]))
      );
      notify.failure(failure);
    } finally {
      setSaving(false);
    }
  };

  const text = (
    name: string,
    label: string,
    value: string,
    onChange: (value: string) => void,
    hint?: string
  ) => (
    <Field.Root name={name} error={errors[name]} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <TextInput
        value={value}
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
      />
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
          <Section title={t('settings.automatic')}>
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {toggle(
                  'automatic.enabled',
                  t('settings.automatic.enabled'),
                  automatic.enabled,
                  (enabled) => setAutomatic({ enabled })
                )}
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {toggle(
                  'automatic.applyByDefault',
                  t('settings.automatic.applyByDefault'),
                  automatic.applyByDefault,
                  (applyByDefault) => setAutomatic({ applyByDefault }),
                  t('settings.automatic.applyByDefault.hint')
                )}
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root name="automatic.sender" error={errors['automatic.sender.userId']}>
                  <Field.Label>{t('settings.automatic.sender')}</Field.Label>
                  <SingleSelect
                    value={
                      automatic.sender.mode === 'creator'
                        ? 'creator'
                        : String(automatic.sender.userId)
                    }
                    onChange={(value: string | number) =>
                      setAutomatic({
                        sender:
                          value === 'creator'
                            ? { mode: 'creator', fallbackUserId: null }
                            : { mode: 'user', userId: Number(value) },
                      })
                    }
                  >
                    <SingleSelectOption value="creator">
                      {t('settings.automatic.sender.creator')}
                    </SingleSelectOption>
                    {(senders.data ?? []).map((sender) => (
                      <SingleSelectOption
                        key={sender.id}
                        value={String(sender.id)}
                      >{`${sender.name} <${sender.email}>`}</SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              {automatic.sender.mode === 'creator' && (
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Field.Root
                    name="automatic.sender.fallbackUserId"
                    hint={t('settings.automatic.sender.fallback.hint')}
                  >
                    <Field.Label>{t('settings.automatic.sender.fallback')}</Field.Label>
                    <SingleSelect
                      value={
                        automatic.sender.fallbackUserId === null
                          ? ''
                          : String(automatic.sender.fallbackUserId)
                      }
                      placeholder={t('settings.automatic.sender.fallback.none')}
                      onChange={(value: string | number) =>
                        setAutomatic({
                          sender: {
                            mode: 'creator',
                            fallbackUserId: value === '' ? null : Number(value),
                          },
                        })
                      }
                    >
                      {(senders.data ?? []).map((sender) => (
                        <SingleSelectOption
                          key={sender.id}
                          value={String(sender.id)}
                        >{`${sender.name} <${sender.email}>`}</SingleSelectOption>
                      ))}
                    </SingleSelect>
                    <Field.Hint />
                  </Field.Root>
                </Grid.Item>
              )}
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {toggle(
                  'automatic.thankYou',
                  t('settings.automatic.thankYou'),
                  automatic.thankYou,
                  (thankYou) => setAutomatic({ thankYou }),
                  t('settings.automatic.thankYou.hint')
                )}
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {toggle(
                  'automatic.skipFuturePromises',
                  t('settings.automatic.skipFuturePromises'),
                  automatic.skipFuturePromises,
                  (skipFuturePromises) => setAutomatic({ skipFuturePromises })
                )}
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {number(
                  'automatic.minInvoiceAmount',
                  t('settings.automatic.minInvoiceAmount'),
                  automatic.minInvoiceAmount,
                  (minInvoiceAmount) => setAutomatic({ minInvoiceAmount })
                )}
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {number(
                  'automatic.minCustomerAmount',
                  t('settings.automatic.minCustomerAmount'),
                  automatic.minCustomerAmount,
                  (minCustomerAmount) => setAutomatic({ minCustomerAmount })
                )}
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                {number(
                  'automatic.sendWindow.startHour',
                  t('settings.window.start'),
                  automatic.sendWindow.startHour,
                  (startHour) => setWindow({ startHour })
                )}
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                {number(
                  'automatic.sendWindow.endHour',
                  t('settings.window.end'),
                  automatic.sendWindow.endHour,
                  (endHour) => setWindow({ endHour })
                )}
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {text(
                  'automatic.sendWindow.timezone',
                  t('settings.window.timezone'),
                  automatic.sendWindow.timezone,
                  (timezone) => setWindow({ timezone })
                )}
              </Grid.Item>
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <Typography variant="pi" fontWeight="bold">
                  {t('settings.window.days')}
                </Typography>
                <Flex gap={4} paddingTop={2}>
                  {WEEKDAYS.map((day) => (
                    <Checkbox
                      key={day}
                      checked={automatic.sendWindow.days.includes(day)}
                      onCheckedChange={(checked: boolean) =>
                        setWindow({
                          days: checked
                            ? [...automatic.sendWindow.days, day].sort()
                            : automatic.sendWindow.days.filter((d) => d !== day),
                        })
                      }
                    >
                      {t(`weekday.${day}`)}
                    </Checkbox>
                  ))}
                </Flex>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="automatic.sendWindow.holidays.country"
                  hint={t('settings.holidays.country.hint')}
                >
                  <Field.Label>{t('settings.holidays.country')}</Field.Label>
                  <SingleSelect
                    value={holidays.country ?? NO_COUNTRY}
                    onChange={(value: string | number) =>
                      setWindow({
                        holidays: {
                          ...holidays,
                          country: value === NO_COUNTRY ? null : (value as 'FR' | 'GB'),
                        },
                      })
                    }
                  >
                    <SingleSelectOption value={NO_COUNTRY}>
                      {t('settings.holidays.none')}
                    </SingleSelectOption>
                    {HOLIDAY_COUNTRIES.map((country) => (
                      <SingleSelectOption key={country} value={country}>
                        {t(`settings.holidays.${country}`)}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Hint />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <DayTagInput
                  name="automatic.sendWindow.holidays.extraClosedDates"
                  label={t('settings.holidays.extra')}
                  hint={t('settings.holidays.extra.hint')}
                  values={holidays.extraClosedDates}
                  onChange={(extraClosedDates) =>
                    setWindow({
                      holidays: { ...holidays, extraClosedDates: [...extraClosedDates].sort() },
                    })
                  }
                  testId="extra-closed-dates"
                />
              </Grid.Item>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                {number(
                  'automatic.minDaysBetweenReminders',
                  t('settings.pacing.minDays'),
                  automatic.minDaysBetweenReminders,
                  (minDaysBetweenReminders) => setAutomatic({ minDaysBetweenReminders }),
                  t('settings.pacing.minDays.hint')
                )}
              </Grid.Item>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="automatic.maxLateDays"
                  error={errors['automatic.maxLateDays']}
                  hint={t('settings.pacing.maxLate.hint')}
                >
                  <Field.Label>{t('settings.pacing.maxLate')}</Field.Label>
                  <NumberInput
                    value={automatic.maxLateDays ?? undefined}
                    onValueChange={(next: number | undefined) =>
                      setAutomatic({ maxLateDays: next ?? null })
                    }
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                {number(
                  'automatic.promiseGraceDays',
                  t('settings.promises.grace'),
                  automatic.promiseGraceDays,
                  (promiseGraceDays) => setAutomatic({ promiseGraceDays }),
                  t('settings.promises.grace.hint')
                )}
              </Grid.Item>
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <Typography variant="pi" textColor="neutral600">
                  {t('settings.cron', {
                    expression: response?.meta.cron.expression ?? '',
                    timezone: response?.meta.cron.timezone ?? '',
                    state: response?.meta.cron.enabled
                      ? t('settings.cron.on')
                      : t('settings.cron.off'),
                  })}
                </Typography>
              </Grid.Item>
            </Grid.Root>
          </Section>
          <Section title={t('settings.lateFees')} hint={t('settings.lateFees.hint')}>
            <Grid.Root gap={4}>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                {toggle(
                  'lateFees.enabled',
                  t('settings.lateFees.enabled'),
                  form.lateFees.enabled,
                  (enabled) => setLateFees({ enabled })
                )}
              </Grid.Item>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                {number(
                  'lateFees.indemnity',
                  t('settings.lateFees.indemnity'),
                  form.lateFees.indemnity,
                  (indemnity) => setLateFees({ indemnity })
                )}
              </Grid.Item>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                {number(
                  'lateFees.annualRatePercent',
                  t('settings.lateFees.rate'),
                  form.lateFees.annualRatePercent,
                  (annualRatePercent) => setLateFees({ annualRatePercent }),
                  t('settings.lateFees.rate.hint')
                )}
              </Grid.Item>
            </Grid.Root>
          </Section>
          <Section title={t('settings.notices')} hint={t('settings.notices.hint')}>
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {noticeSelect(
                  'senderNotices.defaultMode',
                  t('settings.notices.default'),
                  notices.defaultMode,
                  (defaultMode) => setNotices({ defaultMode })
                )}
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {number(
                  'senderNotices.digestHour',
                  t('settings.notices.digestHour'),
                  notices.digestHour,
                  (digestHour) => setNotices({ digestHour })
                )}
              </Grid.Item>
              {(senders.data ?? []).map((sender) => (
                <Grid.Item key={sender.id} col={6} s={12} direction="column" alignItems="stretch">
                  {noticeSelect(
                    `senderNotices.byUser.${sender.id}`,
                    `${sender.name} <${sender.email}>`,
                    notices.byUser[String(sender.id)] ?? notices.defaultMode,
                    (mode) =>
                      setNotices({ byUser: { ...notices.byUser, [String(sender.id)]: mode } })
                  )}
                </Grid.Item>
              ))}
            </Grid.Root>
          </Section>
          <Section title={t('settings.mail')}>
            {text(
              'bccCopy',
              t('settings.bccCopy'),
              form.bccCopy ?? '',
              (value) => setForm({ ...form, bccCopy: value }),
              t('settings.bccCopy.hint')
            )}
            {toggle(
              'tracking.openPixel',
              t('settings.tracking.openPixel'),
              form.tracking.openPixel,
              (openPixel) => setForm({ ...form, tracking: { openPixel } }),
              t('settings.tracking.openPixel.hint')
            )}
          </Section>
          <Section title={t('settings.company')}>
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {text('company.name', t('settings.company.name'), form.company.name, (value) =>
                  setCompany('name', value)
                )}
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {text('company.email', t('settings.company.email'), form.company.email, (value) =>
                  setCompany('email', value)
                )}
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {text('company.phone', t('settings.company.phone'), form.company.phone, (value) =>
                  setCompany('phone', value)
                )}
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root name="company.address" error={errors['company.address']}>
                  <Field.Label>{t('settings.company.address')}</Field.Label>
                  <Textarea
                    value={form.company.address}
                    onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                      setCompany('address', event.target.value)
                    }
                  />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
            </Grid.Root>
          </Section>
          <Section title={t('settings.portal')} hint={t('settings.portal.hint')}>
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {number(
                  'portal.promiseHorizonDays',
                  t('settings.portal.promiseHorizonDays'),
                  form.portal.promiseHorizonDays,
                  (promiseHorizonDays) => setPortal({ promiseHorizonDays }),
                  t('settings.portal.promiseHorizonDays.hint')
                )}
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                {number(
                  'portal.actionsPerHour',
                  t('settings.portal.actionsPerHour'),
                  form.portal.actionsPerHour,
                  (actionsPerHour) => setPortal({ actionsPerHour }),
                  t('settings.portal.actionsPerHour.hint')
                )}
              </Grid.Item>
            </Grid.Root>
          </Section>
          <Section title={t('settings.disputeReasons')} hint={t('settings.disputeReasons.hint')}>
            <DisputeReasonsField
              reasons={form.portal.disputeReasons}
              onChange={(disputeReasons) => setPortal({ disputeReasons })}
              errors={errors}
            />
          </Section>
          <Section title={t('settings.cases')} hint={t('settings.cases.hint')}>
            <Box>
              <Button
                variant="secondary"
                startIcon={<ArrowClockwise />}
                loading={resyncing}
                onClick={resync}
                data-testid="resync-cases"
              >
                {t('settings.cases.resync')}
              </Button>
            </Box>
          </Section>
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

export default withQueryClient(SettingsPage);
