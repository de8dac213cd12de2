import {
  Badge,
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  IconButton,
  Modal,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise, Eye, Pencil, Play, Plus, Star, Trash } from '@strapi/icons';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { useState } from 'react';

import type {
  SavedScenarioStep as Step,
  Scenario as SavedScenario,
} from '../../../shared/contracts/scenarios';
import type { Rendered, Template } from '../../../shared/contracts/templates';
import { TEMPLATE_CHANNELS, type TemplateChannel } from '../../../shared/vocabulary';
import { errorMessage } from '../api/client';
import { useEngineActions } from '../api/engine';
import { useForecastChange, useScenarioActions, useScenarios } from '../api/scenarios';
import { useRenderedTemplate, useTemplates } from '../api/templates';
import { ForecastPanel } from '../components/ForecastPanel';
import { HtmlPreview } from '../components/HtmlPreview';
import { TextPreview } from '../components/TextPreview';
import { useFormat } from '../hooks/useFormat';
import { useModalSave } from '../hooks/useModalSave';
import { useNotifiedAction } from '../hooks/useNotifiedAction';
import { useNotify } from '../hooks/useNotify';
import { PERMISSIONS } from '../permissions';

/** A scenario being edited: a saved one, or a new one without a documentId yet. */
type Draft = {
  documentId?: string;
  name: string;
  description?: string | null;
  steps: Step[];
  brokenPromiseTemplateDocumentId: string | null;
};

const draftOf = (scenario: SavedScenario): Draft => ({
  documentId: scenario.documentId,
  name: scenario.name,
  description: scenario.description,
  steps: scenario.steps,
  brokenPromiseTemplateDocumentId: scenario.brokenPromiseTemplate?.documentId ?? null,
});

const NONE = 'none';

/** What saving the steps would change over the coming 30 days (SPEC F4.7), before saving. */
const ChangePreview = ({
  scenarioDocumentId,
  steps,
}: {
  scenarioDocumentId: string;
  steps: Step[];
}) => {
  const { t, money, date } = useFormat();
  // The steps as they were when the clerk asked.
  const [asked, setAsked] = useState<Step[] | null>(null);
  const forecast = useForecastChange(scenarioDocumentId, asked && { steps: asked, days: 30 });
  const change = forecast.data;
  const error = forecast.error ? errorMessage(forecast.error, t('error.generic')) : null;
  const kinds = ['added', 'moved', 'dropped'] as const;
  const rows = change
    ? kinds.flatMap((kind) => change[kind].map((item) => ({ kind, ...item })))
    : [];
  return (
    <Box background="neutral100" hasRadius padding={4} data-testid="scenario-change">
      <Flex justifyContent="space-between" alignItems="center" gap={4}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography fontWeight="bold">{t('scenarios.change.title')}</Typography>
          <Typography variant="pi" textColor="neutral600">
            {t('scenarios.change.hint')}
          </Typography>
        </Flex>
        <Button
          variant="secondary"
          startIcon={<Eye />}
          loading={asked !== null && forecast.isLoading}
          onClick={() => setAsked(steps)}
          data-testid="scenario-change-preview"
        >
          {t('scenarios.change.preview')}
        </Button>
      </Flex>
      {error && <Typography textColor="danger600">{error}</Typography>}
      {change && (
        <Flex direction="column" alignItems="stretch" gap={3} paddingTop={3}>
          <Flex gap={4}>
            {kinds.map((kind) => (
              <Typography key={kind} data-testid={`scenario-change-${kind}`}>
                {t(`scenarios.change.${kind}`, {
                  count: change.totals[kind].invoices,
                  amount:
                    change.totals[kind].amounts
                      .map((row) => money(row.amount, row.currency))
                      .join(' + ') || '—',
                })}
              </Typography>
            ))}
          </Flex>
          {rows.length > 0 && (
            <Table colCount={5} rowCount={Math.min(rows.length, 50) + 1}>
              <Thead>
                <Tr>
                  {['change', 'invoice', 'level', 'before', 'after'].map((column) => (
                    <Th key={column}>
                      <Typography variant="sigma">
                        {t(`scenarios.change.column.${column}`)}
                      </Typography>
                    </Th>
                  ))}
                </Tr>
              </Thead>
              <Tbody>
                {rows.slice(0, 50).map((row) => (
                  <Tr key={`${row.kind}-${row.invoiceNumber}-${row.level}`}>
                    <Td>
                      <Badge>{t(`scenarios.change.kind.${row.kind}`)}</Badge>
                    </Td>
                    <Td>
                      <Typography>
                        {row.invoiceNumber} · {row.customerName}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{row.level}</Typography>
                    </Td>
                    <Td>
                      <Typography>{row.before ? date(row.before) : '—'}</Typography>
                    </Td>
                    <Td>
                      <Typography>{row.after ? date(row.after) : '—'}</Typography>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </Flex>
      )}
    </Box>
  );
};

/** Renders a step's template on sample data (SPEC F4.1 "step preview"). */
const StepPreview = ({ template, onClose }: { template: Template; onClose: () => void }) => {
  const { t } = useFormat();
  const rendered = useRenderedTemplate({
    channel: template.channel,
    subject: template.subject,
    body: template.body,
    locale: template.locale,
  });
  const preview: Rendered | undefined = rendered.error
    ? { subject: '', html: '', text: errorMessage(rendered.error, t('error.generic')) }
    : rendered.data;
  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{template.name}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {preview && (
            <Flex direction="column" alignItems="stretch" gap={2}>
              {preview.subject && <Typography fontWeight="bold">{preview.subject}</Typography>}
              {template.channel === 'email' ? (
                <HtmlPreview html={preview.html} title={template.name} />
              ) : (
                <TextPreview text={preview.text} />
              )}
            </Flex>
          )}
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
};

/** Edits one scenario's name and its 1 to 5 steps. */
const ScenarioEditor = ({
  scenario,
  templates,
  onClose,
}: {
  scenario: Draft;
  templates: Template[];
  onClose: () => void;
}) => {
  const { t } = useFormat();
  const { create, update } = useScenarioActions();
  const [draft, setDraft] = useState<Draft>(scenario);
  const { error, save: submit } = useModalSave(onClose);
  const [previewing, setPreviewing] = useState<Template | null>(null);
  const setStep = (index: number, patch: Partial<Step>) =>
    setDraft({
      ...draft,
      steps: draft.steps.map((step, i) => (i === index ? { ...step, ...patch } : step)),
    });

  const save = () => {
    const body = {
      name: draft.name,
      description: draft.description ?? null,
      steps: draft.steps,
      brokenPromiseTemplateDocumentId: draft.brokenPromiseTemplateDocumentId,
    };
    return submit(
      () => (draft.documentId ? update(draft.documentId, body) : create(body)),
      t('scenarios.saved')
    );
  };

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content style={{ width: 'min(1100px, 95vw)' }}>
        <Modal.Header>
          <Modal.Title>{draft.documentId ? draft.name : t('scenarios.new')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            {error && (
              <Typography textColor="danger600" data-testid="scenario-error">
                {error}
              </Typography>
            )}
            <Field.Root name="name" required>
              <Field.Label>{t('templates.name')}</Field.Label>
              <TextInput
                value={draft.name}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  setDraft({ ...draft, name: event.target.value })
                }
              />
            </Field.Root>
            {draft.steps.map((step, index) => {
              const choices = templates.filter((template) => template.channel === step.channel);
              const chosen = templates.find(
                (template) => template.documentId === step.templateDocumentId
              );
              return (
                <Flex key={index} gap={2} alignItems="flex-end">
                  <Typography fontWeight="bold">{index + 1}.</Typography>
                  <Field.Root name={`steps.${index}.offsetDays`}>
                    <Field.Label>{t('scenarios.offset')}</Field.Label>
                    <NumberInput
                      value={step.offsetDays}
                      onValueChange={(value: number | undefined) =>
                        setStep(index, { offsetDays: value ?? 0 })
                      }
                    />
                  </Field.Root>
                  <Field.Root name={`steps.${index}.channel`}>
                    <Field.Label>{t('templates.channel')}</Field.Label>
                    <SingleSelect
                      value={step.channel}
                      onChange={(value: string | number) =>
                        setStep(index, {
                          channel: value as TemplateChannel,
                          templateDocumentId: '',
                          attachStatement: false,
                        })
                      }
                    >
                      {TEMPLATE_CHANNELS.map((channel) => (
                        <SingleSelectOption key={channel} value={channel}>
                          {t(`channel.${channel}`)}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Field.Root>
                  <Box grow={1}>
                    <Field.Root name={`steps.${index}.templateDocumentId`}>
                      <Field.Label>{t('modal.template')}</Field.Label>
                      <SingleSelect
                        value={step.templateDocumentId || undefined}
                        onChange={(value: string | number) =>
                          setStep(index, { templateDocumentId: String(value) })
                        }
                      >
                        {choices.map((template) => (
                          <SingleSelectOption
                            key={template.documentId}
                            value={template.documentId}
                          >{`${template.name} · ${template.locale}`}</SingleSelectOption>
                        ))}
                      </SingleSelect>
                    </Field.Root>
                  </Box>
                  <Field.Root name={`steps.${index}.level`}>
                    <Field.Label>{t('scenarios.level')}</Field.Label>
                    <TextInput
                      value={step.level}
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                        setStep(index, { level: event.target.value })
                      }
                    />
                  </Field.Root>
                  {step.channel === 'email' && (
                    <Checkbox
                      name={`steps.${index}.attachStatement`}
                      checked={step.attachStatement ?? false}
                      onCheckedChange={(checked: boolean) =>
                        setStep(index, { attachStatement: Boolean(checked) })
                      }
                    >
                      {t('scenarios.attachStatement')}
                    </Checkbox>
                  )}
                  <IconButton
                    label={t('modal.preview')}
                    disabled={!chosen}
                    onClick={() => chosen && setPreviewing(chosen)}
                  >
                    <Eye />
                  </IconButton>
                  <IconButton
                    label={t('templates.delete')}
                    onClick={() =>
                      setDraft({ ...draft, steps: draft.steps.filter((_, i) => i !== index) })
                    }
                  >
                    <Trash />
                  </IconButton>
                </Flex>
              );
            })}
            <Box>
              <Button
                variant="secondary"
                startIcon={<Plus />}
                disabled={draft.steps.length >= 5}
                onClick={() =>
                  setDraft({
                    ...draft,
                    steps: [
                      ...draft.steps,
                      {
                        offsetDays: (draft.steps.at(-1)?.offsetDays ?? 0) + 10,
                        channel: 'email',
                        templateDocumentId: '',
                        level: '',
                      },
                    ],
                  })
                }
              >
                {t('scenarios.addStep')}
              </Button>
            </Box>
            <Typography variant="pi" textColor="neutral600">
              {t('scenarios.offset.hint')}
            </Typography>
            <Field.Root
              name="brokenPromiseTemplateDocumentId"
              hint={t('scenarios.brokenPromise.hint')}
            >
              <Field.Label>{t('scenarios.brokenPromise')}</Field.Label>
              <SingleSelect
                value={draft.brokenPromiseTemplateDocumentId ?? NONE}
                onChange={(value: string | number) =>
                  setDraft({
                    ...draft,
                    brokenPromiseTemplateDocumentId: value === NONE ? null : String(value),
                  })
                }
              >
                <SingleSelectOption value={NONE}>
                  {t('scenarios.brokenPromise.none')}
                </SingleSelectOption>
                {templates
                  .filter((template) => template.type === 'reminder')
                  .map((template) => (
                    <SingleSelectOption
                      key={template.documentId}
                      value={template.documentId}
                    >{`${template.name} · ${template.locale}`}</SingleSelectOption>
                  ))}
              </SingleSelect>
              <Field.Hint />
            </Field.Root>
            {draft.documentId && (
              <ChangePreview scenarioDocumentId={draft.documentId} steps={draft.steps} />
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('cancel')}</Button>
          </Modal.Close>
          <Button onClick={save}>{t('settings.save')}</Button>
        </Modal.Footer>
      </Modal.Content>
      {previewing && <StepPreview template={previewing} onClose={() => setPreviewing(null)} />}
    </Modal.Root>
  );
};

/** Scenarios: ordered reminder steps relative to the due date (SPEC F4.1). */
const ScenariosPage = () => {
  const { t } = useFormat();
  const { reset, makeDefault, remove } = useScenarioActions();
  const engine = useEngineActions();
  const notify = useNotify();
  const { allowedActions } = useRBAC({ configure: PERMISSIONS.configure, send: PERMISSIONS.send });
  const scenarios = useScenarios();
  const templates = useTemplates();
  const [editing, setEditing] = useState<Draft | null>(null);

  const run = useNotifiedAction();
  const runEngine = async () => {
    try {
      const report = await engine.run();
      if (report) {
        const planned = Object.values(report.planned?.reminders ?? {}).reduce(
          (sum, count) => sum + count,
          0
        );
        notify.success(t('engine.ran', { planned, sent: report.sent.sent ?? 0 }));
      } else {
        // 202: the tick takes longer than the request waits; it goes on in the background.
        notify.info(t('engine.stillRunning'));
      }
    } catch (failure) {
      notify.failure(failure);
    }
  };

  if (scenarios.error) return <Page.Error />;
  const list = scenarios.data ?? [];
  const templateName = (documentId: string) =>
    templates.data?.find((template) => template.documentId === documentId)?.name ?? '—';

  return (
    <Page.Main>
      <Page.Title>{t('scenarios.title')}</Page.Title>
      <Layouts.Header
        title={t('scenarios.title')}
        subtitle={t('scenarios.subtitle')}
        primaryAction={
          allowedActions.canConfigure && (
            <Button
              startIcon={<Plus />}
              onClick={() =>
                setEditing({
                  name: '',
                  steps: [{ offsetDays: 3, channel: 'email', templateDocumentId: '', level: '' }],
                  brokenPromiseTemplateDocumentId: null,
                })
              }
            >
              {t('scenarios.new')}
            </Button>
          )
        }
        secondaryAction={
          <Flex gap={2}>
            {allowedActions.canConfigure && (
              <Button
                variant="tertiary"
                startIcon={<ArrowClockwise />}
                onClick={() => run(() => reset(), t('scenarios.resetDone'))}
              >
                {t('scenarios.reset')}
              </Button>
            )}
            {allowedActions.canSend && (
              <Button
                variant="secondary"
                startIcon={<Play />}
                onClick={runEngine}
                data-testid="run-engine"
              >
                {t('engine.run')}
              </Button>
            )}
          </Flex>
        }
      />
      <Layouts.Content>
        {scenarios.isLoading ? (
          <Page.Loading />
        ) : (
          <Table colCount={3} rowCount={list.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('templates.name')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('scenarios.steps')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('templates.actions')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {list.map((scenario) => (
                <Tr key={scenario.documentId}>
                  <Td>
                    <Flex gap={2}>
                      <Typography fontWeight="bold">{scenario.name}</Typography>
                      {scenario.isDefault && <Badge>{t('scenarios.default')}</Badge>}
                      {scenario.isPredefined && <Badge>{t('scenarios.predefined')}</Badge>}
                    </Flex>
                  </Td>
                  <Td>
                    <Flex direction="column" alignItems="flex-start">
                      {scenario.steps.map((step, index) => (
                        <Typography key={index} variant="pi">
                          {t(
                            step.offsetDays < 0 ? 'scenarios.step.before' : 'scenarios.step.after',
                            { days: Math.abs(step.offsetDays) }
                          )}{' '}
                          · {t(`channel.${step.channel}`)} · {step.level} ·{' '}
                          {templateName(step.templateDocumentId)}
                        </Typography>
                      ))}
                    </Flex>
                  </Td>
                  <Td>
                    <Flex gap={1}>
                      {allowedActions.canConfigure && (
                        <IconButton
                          label={t('templates.edit')}
                          onClick={() => setEditing(draftOf(scenario))}
                        >
                          <Pencil />
                        </IconButton>
                      )}
                      {allowedActions.canConfigure && !scenario.isDefault && (
                        <IconButton
                          label={t('scenarios.makeDefault')}
                          onClick={() =>
                            run(() => makeDefault(scenario.documentId), t('scenarios.madeDefault'))
                          }
                        >
                          <Star />
                        </IconButton>
                      )}
                      {allowedActions.canConfigure &&
                        !scenario.isDefault &&
                        !scenario.isPredefined && (
                          <IconButton
                            label={t('templates.delete')}
                            onClick={() =>
                              run(() => remove(scenario.documentId), t('scenarios.deleted'))
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
        <Box paddingTop={6}>
          <ForecastPanel />
        </Box>
      </Layouts.Content>
      {editing && templates.data && (
        <ScenarioEditor
          scenario={editing}
          templates={templates.data}
          onClose={() => setEditing(null)}
        />
      )}
    </Page.Main>
  );
};

export { ScenariosPage };
