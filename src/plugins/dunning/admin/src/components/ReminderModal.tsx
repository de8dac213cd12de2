import {
  Alert,
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  Grid,
  Link,
  Modal,
  SingleSelect,
  SingleSelectOption,
  Tabs,
  Textarea,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { useAuth, useNotification } from '@strapi/strapi/admin';
import { useEffect, useMemo, useState } from 'react';

import type {
  ManualReminderRequest,
  Prepared,
  ReminderSummary,
} from '../../../shared/contracts/reminders';
import type { StatementInvoice } from '../../../shared/contracts/statement';
import type { Rendered, Template } from '../../../shared/contracts/templates';
import {
  REMINDER_TYPES,
  type ReminderChannel,
  type ReminderType,
} from '../../../shared/vocabulary';
import { errorMessage } from '../api/client';
import { useReminderActions } from '../api/reminders';
import { useSenders } from '../api/senders';
import { useTemplateActions, useTemplates } from '../api/templates';
import { useDownload } from '../hooks/useDownload';
import { useFormat } from '../hooks/useFormat';
import { type CallOutcome, CallOutcomeFields, callPayload, NO_CALL_YET } from './CallOutcomeFields';
import { EditableMessage } from './EditableMessage';
import { HtmlPreview } from './HtmlPreview';
import { AddressTagInput } from './TagInput';
import { TextPreview } from './TextPreview';

const MAX_FILES = 15;
const MAX_BYTES = 15 * 1024 * 1024;

/** Predefined templates from the gentlest to the firmest; custom ones come after. */
const KIND_ORDER = ['pre-due', 'reminder-1', 'reminder-2', 'final-notice', 'thank-you'];
const rank = (template: Template) => {
  const index = KIND_ORDER.indexOf(template.predefinedKey?.split('.')[0] ?? '');
  return index === -1 ? KIND_ORDER.length : index;
};

type Props = {
  customer: {
    documentId: string;
    name: string;
    locale: string | null;
    pausedUntil?: string | null;
    pauseReason?: string | null;
  };
  invoices: StatementInvoice[];
  onClose: () => void;
  onSent: () => void;
};

/** The manual reminder pop-up (SPEC F3.1–F3.3, seeds 000 and 002). */
export const ReminderModal = ({ customer, invoices, onClose, onSent }: Props) => {
  const { t, money, date } = useFormat();
  const { prepare, send: sendReminder } = useReminderActions();
  const { preview: previewMessage } = useTemplateActions();
  const download = useDownload();
  const { toggleNotification } = useNotification();
  const currentUser = useAuth('ReminderModal', (state) => state.user);
  const requestId = useMemo(() => crypto.randomUUID(), []);

  const [channel, setChannel] = useState<ReminderChannel>('email');
  const [type, setType] = useState<ReminderType>('reminder');
  const [templateId, setTemplateId] = useState<string>('');
  const [senderId, setSenderId] = useState<number | undefined>(
    currentUser?.id ? Number(currentUser.id) : undefined
  );
  const [recipients, setRecipients] = useState<string[]>([]);
  const [cc, setCc] = useState<string[]>([]);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [attachPdfs, setAttachPdfs] = useState(false);
  const [attachStatement, setAttachStatement] = useState(false);
  const [saveAddresses, setSaveAddresses] = useState(false);
  const [countsInScenario, setCountsInScenario] = useState(true);
  const [overrideStep, setOverrideStep] = useState<string>('');
  const [call, setCall] = useState<CallOutcome>(NO_CALL_YET);
  const [preview, setPreview] = useState<Rendered | null>(null);
  // E-mails and letters are edited as the customer will read them; the template's source on request.
  const [editing, setEditing] = useState<'text' | 'template'>('text');
  const [text, setText] = useState<{ subject: string; body: string } | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [letter, setLetter] = useState<ReminderSummary | null>(null);

  const invoiceIds = invoices.map((invoice) => invoice.documentId);
  const templateChannel = channel === 'other' ? 'phone' : channel;
  const language = (customer.locale ?? 'fr').slice(0, 2);
  const senders = useSenders();
  const templates = useTemplates(new URLSearchParams({ type, channel: templateChannel }));
  const [prepared, setPrepared] = useState<Prepared | null>(null);

  useEffect(() => {
    prepare(customer.documentId, invoiceIds)
      .then((answer) => {
        setPrepared(answer);
        setRecipients(answer.recipients);
      })
      .catch((failure) => setError(errorMessage(failure, t('error.generic'))));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Pick the template in the customer's language first, and fill subject and body from it.
  useEffect(() => {
    const list = [...(templates.data ?? [])].sort((a, b) => rank(a) - rank(b));
    const chosen =
      list.find((template) => template.documentId === templateId) ??
      list.find((template) => template.locale === language) ??
      list[0];
    if (!chosen) return;
    if (chosen.documentId !== templateId) setTemplateId(chosen.documentId);
    setSubject(chosen.subject ?? '');
    setBody(chosen.body);
    setPreview(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [templates.data, templateId]);

  const asText = editing === 'text' && (channel === 'email' || channel === 'letter');

  /** The template's source rendered for this customer and these invoices (`asText`), or the clerk's text. */
  const render = (format: 'template' | 'text') =>
    previewMessage({
      channel: templateChannel,
      format,
      subject: format === 'text' ? text?.subject : subject,
      body: (format === 'text' ? text?.body : body) ?? '',
      locale: language,
      customerDocumentId: customer.documentId,
      invoiceDocumentIds: invoiceIds,
    });

  // The message as text, rendered again from the source whenever the source changes.
  useEffect(() => {
    if (!asText || !body) return;
    setText(null);
    render('template')
      .then((rendered) => setText(rendered.editable ?? null))
      .catch((failure) => setError(errorMessage(failure, t('error.generic'))));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [asText, subject, body]);

  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const attachmentProblem =
    files.length > MAX_FILES
      ? t('modal.attachments.tooMany')
      : totalBytes > MAX_BYTES
        ? t('modal.attachments.tooLarge')
        : null;

  const showPreview = async () => {
    try {
      setPreview(await render(asText ? 'text' : 'template'));
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure, t('error.generic')));
    }
  };

  const send = async () => {
    setSending(true);
    setError(null);
    const payload: ManualReminderRequest = {
      requestId,
      customerDocumentId: customer.documentId,
      invoiceDocumentIds: invoiceIds,
      channel,
      type,
      templateDocumentId: channel === 'other' ? undefined : templateId || undefined,
      senderId,
      recipients: channel === 'email' ? recipients : [],
      cc: channel === 'email' ? cc : [],
      format: asText ? 'text' : 'template',
      subject:
        channel === 'phone' || channel === 'other' ? '' : asText ? (text?.subject ?? '') : subject,
      body: channel === 'phone' || channel === 'other' ? '' : asText ? (text?.body ?? '') : body,
      attachInvoicePdfs: channel === 'email' && attachPdfs,
      attachStatement: channel === 'email' && attachStatement,
      saveAddresses: channel === 'email' && saveAddresses,
      countsInScenario,
      overrideNextStep: countsInScenario && overrideStep ? Number(overrideStep) : null,
      call: channel === 'phone' || channel === 'other' ? callPayload(call) : undefined,
    };
    try {
      const { reminder } = await sendReminder(payload, channel === 'email' ? files : []);
      if (reminder.status === 'failed') {
        setError(t('modal.failed', { error: reminder.error ?? '' }));
      } else if (channel === 'letter') {
        setLetter(reminder);
      } else {
        toggleNotification({
          type: 'success',
          message: t('modal.sent', {
            status: t(`status.${reminder.status}`),
            answer: reminder.serverResponse ?? '',
          }),
        });
        onSent();
        onClose();
      }
    } catch (failure) {
      setError(errorMessage(failure, t('error.generic')));
    } finally {
      setSending(false);
    }
  };

  const downloadLetter = () =>
    letter?.documentUrl && download(letter.documentUrl, `letter-${letter.documentId}.pdf`);

  const templateFields = (
    <>
      <Grid.Root gap={4}>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Field.Root name="sender">
            <Field.Label>{t('modal.sender')}</Field.Label>
            <SingleSelect
              value={senderId ? String(senderId) : undefined}
              onChange={(value: string | number) => setSenderId(Number(value))}
            >
              {(senders.data ?? []).map((sender) => (
                <SingleSelectOption
                  key={sender.id}
                  value={String(sender.id)}
                >{`${sender.name} <${sender.email}>`}</SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Field.Root name="type">
            <Field.Label>{t('modal.type')}</Field.Label>
            <SingleSelect
              value={type}
              onChange={(value: string | number) => {
                setTemplateId('');
                setType(value as ReminderType);
              }}
            >
              {REMINDER_TYPES.map((value) => (
                <SingleSelectOption key={value} value={value}>
                  {t(`type.${value}`)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Field.Root name="template">
            <Field.Label>{t('modal.template')}</Field.Label>
            <SingleSelect
              value={templateId || undefined}
              onChange={(value: string | number) => setTemplateId(String(value))}
            >
              {(templates.data ?? []).map((template) => (
                <SingleSelectOption
                  key={template.documentId}
                  value={template.documentId}
                >{`${template.name} · ${template.locale}`}</SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
      {asText && text && (
        <>
          {channel === 'email' && (
            <Field.Root name="subject">
              <Field.Label>{t('modal.subject')}</Field.Label>
              <TextInput
                data-testid="subject-input"
                value={text.subject}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  setText({ ...text, subject: event.target.value })
                }
              />
            </Field.Root>
          )}
          <Field.Root name="body" hint={t('modal.text.hint')}>
            <Field.Label>{t('modal.body')}</Field.Label>
            <EditableMessage
              value={text.body}
              onChange={(next) => setText({ ...text, body: next })}
              invoices={invoices}
            />
            <Field.Hint />
          </Field.Root>
        </>
      )}
      {!asText && channel !== 'phone' && (
        <Field.Root name="subject">
          <Field.Label>{t('modal.subject')}</Field.Label>
          <TextInput
            data-testid="subject-input"
            value={subject}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
              setSubject(event.target.value)
            }
          />
        </Field.Root>
      )}
      {!asText && channel !== 'phone' && (
        <Field.Root name="body" hint={t('modal.body.hint')}>
          <Field.Label>{t('modal.body')}</Field.Label>
          <Textarea
            data-testid="body-input"
            value={body}
            onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
              setBody(event.target.value)
            }
            style={{ minHeight: 220, fontFamily: 'monospace' }}
          />
          <Field.Hint />
        </Field.Root>
      )}
      <Flex gap={2}>
        <Button variant="tertiary" onClick={showPreview}>
          {channel === 'phone' ? t('modal.showScript') : t('modal.preview')}
        </Button>
        {(channel === 'email' || channel === 'letter') && (
          <Button
            variant="ghost"
            data-testid="edit-mode"
            onClick={() => {
              setPreview(null);
              setEditing(asText ? 'template' : 'text');
            }}
          >
            {asText ? t('modal.editTemplate') : t('modal.backToText')}
          </Button>
        )}
      </Flex>
      {preview &&
        (channel === 'email' ? (
          <HtmlPreview html={preview.html} title={t('modal.preview')} />
        ) : (
          <TextPreview text={preview.text} />
        ))}
    </>
  );

  const scenarioFields = (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Field.Root name="countsInScenario" hint={t('modal.counts.hint')}>
        <Field.Label>{t('modal.counts')}</Field.Label>
        <Toggle
          onLabel={t('yes')}
          offLabel={t('no')}
          checked={countsInScenario}
          onChange={() => setCountsInScenario(!countsInScenario)}
        />
        <Field.Hint />
      </Field.Root>
      {countsInScenario && (
        <Field.Root name="overrideNextStep">
          <Field.Label>{t('modal.override')}</Field.Label>
          <SingleSelect
            value={overrideStep || undefined}
            placeholder={t('modal.override.auto')}
            onClear={() => setOverrideStep('')}
            onChange={(value: string | number) => setOverrideStep(String(value))}
          >
            {[1, 2, 3, 4, 5].map((step) => (
              <SingleSelectOption key={step} value={String(step)}>
                {t('modal.override.step', { step })}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      )}
    </Flex>
  );

  const callFields = (
    <>
      <CallOutcomeFields value={call} onChange={setCall} />
      {scenarioFields}
    </>
  );

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content data-testid="reminder-modal" style={{ width: 'min(960px, 95vw)' }}>
        <Modal.Header>
          <Modal.Title>{t('modal.title', { customer: customer.name })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            {error && (
              <Alert
                variant="danger"
                closeLabel={t('close')}
                onClose={() => setError(null)}
                title={t('modal.error')}
              >
                {error}
              </Alert>
            )}
            {customer.pausedUntil && (
              <Typography textColor="warning600" data-testid="modal-paused">
                {t('modal.paused', {
                  date: date(customer.pausedUntil),
                  reason: customer.pauseReason ?? '',
                })}
              </Typography>
            )}
            <Box padding={3} background="neutral100" hasRadius>
              <Typography fontWeight="bold">
                {t('modal.amount', {
                  amount: money(
                    prepared?.amount ?? 0,
                    prepared?.currency ?? invoices[0]?.currency ?? 'EUR'
                  ),
                })}
              </Typography>
              <Typography tag="p" textColor="neutral600">
                {invoices
                  .map(
                    (invoice) => `${invoice.number} · ${money(invoice.amountDue, invoice.currency)}`
                  )
                  .join(' — ')}
              </Typography>
            </Box>
            <Tabs.Root
              value={channel}
              onValueChange={(value: string) => {
                setChannel(value as ReminderChannel);
                setTemplateId('');
                setPreview(null);
                setLetter(null);
              }}
            >
              <Tabs.List aria-label={t('modal.channel')}>
                <Tabs.Trigger value="email">{t('channel.email')}</Tabs.Trigger>
                <Tabs.Trigger value="letter">{t('channel.letter')}</Tabs.Trigger>
                <Tabs.Trigger value="phone">{t('channel.phone')}</Tabs.Trigger>
                <Tabs.Trigger value="other">{t('channel.other')}</Tabs.Trigger>
              </Tabs.List>
              <Tabs.Content value="email">
                <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
                  <AddressTagInput
                    name="recipients"
                    label={t('modal.recipients')}
                    values={recipients}
                    onChange={setRecipients}
                    testId="recipients-input"
                  />
                  {(prepared?.invalidAddresses.length ?? 0) > 0 && (
                    <Typography textColor="warning600">
                      {t('modal.invalidAddresses', {
                        addresses: prepared!.invalidAddresses.map((a) => a.address).join(', '),
                      })}
                    </Typography>
                  )}
                  <AddressTagInput
                    name="cc"
                    label={t('modal.cc')}
                    values={cc}
                    onChange={setCc}
                    testId="cc-input"
                  />
                  {prepared?.bccCopy && (
                    <Typography textColor="neutral600">
                      {t('modal.bcc', { address: prepared.bccCopy })}
                    </Typography>
                  )}
                  {templateFields}
                  <Field.Root
                    name="attachments"
                    error={attachmentProblem ?? undefined}
                    hint={t('modal.attachments.hint')}
                  >
                    <Field.Label>{t('modal.attachments')}</Field.Label>
                    <input
                      type="file"
                      multiple
                      onChange={(event) => setFiles(Array.from(event.target.files ?? []))}
                    />
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                  <Checkbox
                    checked={attachPdfs}
                    onCheckedChange={(checked: boolean) => setAttachPdfs(Boolean(checked))}
                  >
                    {t('modal.attachPdfs')}
                  </Checkbox>
                  <Checkbox
                    checked={attachStatement}
                    onCheckedChange={(checked: boolean) => setAttachStatement(Boolean(checked))}
                  >
                    {t('modal.attachStatement')}
                  </Checkbox>
                  <Checkbox
                    checked={saveAddresses}
                    onCheckedChange={(checked: boolean) => setSaveAddresses(Boolean(checked))}
                  >
                    {t('modal.saveAddresses')}
                  </Checkbox>
                  {scenarioFields}
                </Flex>
              </Tabs.Content>
              <Tabs.Content value="letter">
                <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
                  {templateFields}
                  {scenarioFields}
                  {letter?.documentUrl && (
                    <Alert
                      variant="success"
                      title={t('modal.letterReady')}
                      closeLabel={t('close')}
                      onClose={() => setLetter(null)}
                    >
                      <Link
                        data-testid="letter-download"
                        href="#"
                        onClick={(event: React.MouseEvent) => {
                          event.preventDefault();
                          downloadLetter();
                        }}
                      >
                        {t('modal.download')}
                      </Link>
                    </Alert>
                  )}
                </Flex>
              </Tabs.Content>
              <Tabs.Content value="phone">
                <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
                  {templateFields}
                  {callFields}
                </Flex>
              </Tabs.Content>
              <Tabs.Content value="other">
                <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
                  {callFields}
                </Flex>
              </Tabs.Content>
            </Tabs.Root>
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('cancel')}</Button>
          </Modal.Close>
          <Button
            data-testid="send-button"
            onClick={send}
            loading={sending}
            disabled={
              Boolean(attachmentProblem) || (channel === 'email' && recipients.length === 0)
            }
          >
            {t(`modal.send.${channel}`)}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
