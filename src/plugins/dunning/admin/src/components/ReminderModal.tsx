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
import { useAuth } from '@strapi/strapi/admin';
import { useMemo, useReducer } from 'react';

import type { ManualReminderRequest, ReminderSummary } from '../../../shared/contracts/reminders';
import type { StatementInvoice } from '../../../shared/contracts/statement';
import type { PreviewInput, Rendered, Template } from '../../../shared/contracts/templates';
import {
  REMINDER_TYPES,
  type ReminderChannel,
  type ReminderType,
} from '../../../shared/vocabulary';
import { errorMessage } from '../api/client';
import { usePreparedReminder, useReminderActions } from '../api/reminders';
import { useSenders } from '../api/senders';
import { useRenderedTemplate, useTemplates } from '../api/templates';
import { useDownload } from '../hooks/useDownload';
import { useFormat } from '../hooks/useFormat';
import { useNotify } from '../hooks/useNotify';
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

/** What the clerk chose in the pop-up; the template's source and the text follow from it. */
type State = {
  channel: ReminderChannel;
  type: ReminderType;
  /** '' until the clerk picks one: the template in the customer's language. */
  templateId: string;
  senderId: number | undefined;
  /** null until the clerk edits them: the prepared recipients. */
  recipients: string[] | null;
  cc: string[];
  /** The source of the template `templateId` as the clerk edited it. */
  source: { templateId: string; subject: string; body: string } | null;
  /** The text as the clerk edited it, from the rendering `basis`. */
  text: { basis: Rendered; subject: string; body: string } | null;
  files: File[];
  attachPdfs: boolean;
  attachStatement: boolean;
  saveAddresses: boolean;
  countsInScenario: boolean;
  overrideStep: string;
  call: CallOutcome;
  /** What the clerk asked to preview, as it was then. */
  previewOf: PreviewInput | null;
  // E-mails and letters are edited as the customer will read them; the template's source on request.
  editing: 'text' | 'template';
  sending: boolean;
  error: string | null;
  /** A failure to load the draft or the text that the clerk closed. */
  dismissed: unknown;
  letter: ReminderSummary | null;
};

/** The choices a control sets as they are. */
type Field = Pick<
  State,
  | 'senderId'
  | 'recipients'
  | 'cc'
  | 'files'
  | 'attachPdfs'
  | 'attachStatement'
  | 'saveAddresses'
  | 'countsInScenario'
  | 'overrideStep'
  | 'call'
>;

type Action =
  | { type: 'set'; field: Partial<Field> }
  | { type: 'channel'; channel: ReminderChannel }
  | { type: 'reminderType'; reminderType: ReminderType }
  | { type: 'template'; templateId: string }
  | { type: 'source'; source: NonNullable<State['source']> }
  | { type: 'text'; text: NonNullable<State['text']> }
  | { type: 'toggleEditing' }
  | { type: 'preview'; previewOf: PreviewInput }
  | { type: 'sending' }
  | { type: 'sent'; letter: ReminderSummary | null }
  | { type: 'failed'; error: string }
  | { type: 'dismissError'; failure: unknown }
  | { type: 'closeLetter' };

const initialState = (senderId: number | undefined): State => ({
  channel: 'email',
  type: 'reminder',
  templateId: '',
  senderId,
  recipients: null,
  cc: [],
  source: null,
  text: null,
  files: [],
  attachPdfs: false,
  attachStatement: false,
  saveAddresses: false,
  countsInScenario: true,
  overrideStep: '',
  call: NO_CALL_YET,
  previewOf: null,
  editing: 'text',
  sending: false,
  error: null,
  dismissed: null,
  letter: null,
});

const reduce = (state: State, action: Action): State => {
  switch (action.type) {
    case 'set':
      return { ...state, ...action.field };
    case 'channel':
      return {
        ...state,
        channel: action.channel,
        templateId: '',
        text: null,
        previewOf: null,
        letter: null,
      };
    case 'reminderType':
      return { ...state, type: action.reminderType, templateId: '', text: null, previewOf: null };
    case 'template':
      return { ...state, templateId: action.templateId, text: null, previewOf: null };
    case 'source':
      return { ...state, source: action.source };
    case 'text':
      return { ...state, text: action.text };
    case 'toggleEditing':
      // Back to the text, it is rendered afresh from the source, as on any change of the source.
      return {
        ...state,
        text: null,
        previewOf: null,
        editing: state.editing === 'text' ? 'template' : 'text',
      };
    case 'preview':
      return { ...state, previewOf: action.previewOf, error: null };
    case 'sending':
      return { ...state, sending: true, error: null };
    case 'sent':
      return { ...state, sending: false, letter: action.letter };
    case 'failed':
      return { ...state, sending: false, error: action.error };
    case 'dismissError':
      return { ...state, error: null, dismissed: action.failure };
    case 'closeLetter':
      return { ...state, letter: null };
  }
};

/** The manual reminder pop-up (SPEC F3.1–F3.3). */
export const ReminderModal = ({ customer, invoices, onClose, onSent }: Props) => {
  const { t, money, date } = useFormat();
  const { send: sendReminder } = useReminderActions();
  const download = useDownload();
  const notify = useNotify();
  const currentUser = useAuth('ReminderModal', (auth) => auth.user);
  const requestId = useMemo(() => crypto.randomUUID(), []);
  const [state, dispatch] = useReducer(
    reduce,
    currentUser?.id ? Number(currentUser.id) : undefined,
    initialState
  );
  const {
    channel,
    type,
    senderId,
    cc,
    files,
    attachPdfs,
    attachStatement,
    saveAddresses,
    countsInScenario,
    overrideStep,
    call,
    editing,
    sending,
    letter,
  } = state;
  const set = (field: Partial<Field>) => dispatch({ type: 'set', field });

  const invoiceIds = invoices.map((invoice) => invoice.documentId);
  const templateChannel = channel === 'other' ? 'phone' : channel;
  const language = (customer.locale ?? 'fr').slice(0, 2);
  const senders = useSenders();
  const templates = useTemplates(new URLSearchParams({ type, channel: templateChannel }));
  const draft = usePreparedReminder(customer.documentId, invoiceIds);
  const prepared = draft.data;
  const recipients = state.recipients ?? prepared?.recipients ?? [];

  // The template picked, else the one in the customer's language first; its source as edited.
  const list = [...(templates.data ?? [])].sort((a, b) => rank(a) - rank(b));
  const chosen =
    list.find((template) => template.documentId === state.templateId) ??
    list.find((template) => template.locale === language) ??
    list[0];
  const templateId = chosen?.documentId ?? '';
  const edited = state.source?.templateId === templateId ? state.source : null;
  const subject = edited ? edited.subject : (chosen?.subject ?? '');
  const body = edited ? edited.body : (chosen?.body ?? '');
  const editSource = (change: { subject?: string; body?: string }) =>
    dispatch({ type: 'source', source: { templateId, subject, body, ...change } });

  const asText = editing === 'text' && (channel === 'email' || channel === 'letter');
  const target = {
    channel: templateChannel,
    locale: language,
    customerDocumentId: customer.documentId,
    invoiceDocumentIds: invoiceIds,
  };

  // The message as text, rendered again from the source whenever the source changes.
  const rendered = useRenderedTemplate(
    asText && body ? { ...target, format: 'template', subject, body } : null
  );
  const basis = rendered.data;
  const text = state.text && state.text.basis === basis ? state.text : (basis?.editable ?? null);
  const editText = (change: { subject?: string; body?: string }) =>
    basis && text && dispatch({ type: 'text', text: { basis, ...text, ...change } });

  // The preview the clerk asked for: the source, or the text as edited (`asText`).
  const previewed = useRenderedTemplate(state.previewOf);
  const preview = previewed.data;
  const showPreview = () =>
    dispatch({
      type: 'preview',
      previewOf: asText
        ? { ...target, format: 'text', subject: text?.subject, body: text?.body ?? '' }
        : { ...target, format: 'template', subject, body },
    });

  const failure = draft.error ?? rendered.error ?? previewed.error;
  const error =
    state.error ??
    (failure && failure !== state.dismissed ? errorMessage(failure, t('error.generic')) : null);

  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const attachmentProblem =
    files.length > MAX_FILES
      ? t('modal.attachments.tooMany')
      : totalBytes > MAX_BYTES
        ? t('modal.attachments.tooLarge')
        : null;

  const send = async () => {
    dispatch({ type: 'sending' });
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
        dispatch({ type: 'failed', error: t('modal.failed', { error: reminder.error ?? '' }) });
      } else if (channel === 'letter') {
        dispatch({ type: 'sent', letter: reminder });
      } else {
        dispatch({ type: 'sent', letter: null });
        notify.success(
          t('modal.sent', {
            status: t(`status.${reminder.status}`),
            answer: reminder.serverResponse ?? '',
          })
        );
        onSent();
        onClose();
      }
    } catch (problem) {
      dispatch({ type: 'failed', error: errorMessage(problem, t('error.generic')) });
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
              onChange={(value: string | number) => set({ senderId: Number(value) })}
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
              onChange={(value: string | number) =>
                dispatch({ type: 'reminderType', reminderType: value as ReminderType })
              }
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
              onChange={(value: string | number) =>
                dispatch({ type: 'template', templateId: String(value) })
              }
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
                  editText({ subject: event.target.value })
                }
              />
            </Field.Root>
          )}
          <Field.Root name="body" hint={t('modal.text.hint')}>
            <Field.Label>{t('modal.body')}</Field.Label>
            <EditableMessage
              value={text.body}
              onChange={(next) => editText({ body: next })}
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
              editSource({ subject: event.target.value })
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
              editSource({ body: event.target.value })
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
            onClick={() => dispatch({ type: 'toggleEditing' })}
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
          onChange={() => set({ countsInScenario: !countsInScenario })}
        />
        <Field.Hint />
      </Field.Root>
      {countsInScenario && (
        <Field.Root name="overrideNextStep">
          <Field.Label>{t('modal.override')}</Field.Label>
          <SingleSelect
            value={overrideStep || undefined}
            placeholder={t('modal.override.auto')}
            onClear={() => set({ overrideStep: '' })}
            onChange={(value: string | number) => set({ overrideStep: String(value) })}
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
      <CallOutcomeFields value={call} onChange={(next) => set({ call: next })} />
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
                onClose={() => dispatch({ type: 'dismissError', failure })}
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
              onValueChange={(value: string) =>
                dispatch({ type: 'channel', channel: value as ReminderChannel })
              }
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
                    onChange={(next) => set({ recipients: next })}
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
                    onChange={(next) => set({ cc: next })}
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
                      onChange={(event) => set({ files: Array.from(event.target.files ?? []) })}
                    />
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                  <Checkbox
                    checked={attachPdfs}
                    onCheckedChange={(checked: boolean) => set({ attachPdfs: Boolean(checked) })}
                  >
                    {t('modal.attachPdfs')}
                  </Checkbox>
                  <Checkbox
                    checked={attachStatement}
                    onCheckedChange={(checked: boolean) =>
                      set({ attachStatement: Boolean(checked) })
                    }
                  >
                    {t('modal.attachStatement')}
                  </Checkbox>
                  <Checkbox
                    checked={saveAddresses}
                    onCheckedChange={(checked: boolean) => set({ saveAddresses: Boolean(checked) })}
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
                      onClose={() => dispatch({ type: 'closeLetter' })}
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
