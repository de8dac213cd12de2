import {
  Box,
  Button,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextButton,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';

import type { Placeholder, Template } from '../../../shared/contracts/templates';
import { REMINDER_TYPES } from '../../../shared/vocabulary';
import { errorMessage } from '../api/client';
import {
  usePlaceholders,
  useRenderedTemplate,
  useTemplate,
  useTemplateActions,
} from '../api/templates';
import { HtmlPreview } from '../components/HtmlPreview';
import { TextPreview } from '../components/TextPreview';
import { useDebounced } from '../hooks/useDebounced';
import { useFormat } from '../hooks/useFormat';
import { useNotify } from '../hooks/useNotify';

type Draft = Pick<Template, 'name' | 'type' | 'channel' | 'locale' | 'subject' | 'body'>;

const EMPTY: Draft = {
  name: '',
  type: 'reminder',
  channel: 'email',
  locale: 'fr',
  subject: '',
  body: '',
};

/** Creates or edits a template, with every placeholder listed and a live preview (SPEC F2.2, F2.3). */
const TemplateEditorPage = () => {
  const { t } = useFormat();
  const { documentId } = useParams<{ documentId: string }>();
  const isNew = documentId === 'new';
  const navigate = useNavigate();
  const { create, update } = useTemplateActions();
  const notify = useNotify();
  const existing = useTemplate(isNew ? null : (documentId ?? null));
  const placeholders = usePlaceholders();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (existing.data) setDraft(existing.data);
  }, [existing.data]);

  // Live preview on sample data, a moment after typing stops.
  const source = useMemo(
    () => ({
      channel: draft.channel,
      subject: draft.subject,
      body: draft.body,
      locale: draft.locale,
    }),
    [draft.channel, draft.subject, draft.body, draft.locale]
  );
  const settled = useDebounced(source, 400);
  const rendered = useRenderedTemplate(settled.body.trim() ? settled : null, { keepLast: true });
  const preview = rendered.data;
  const problem = rendered.error ? errorMessage(rendered.error, t('error.generic')) : saveProblem;
  /** An edit of the draft: the last save's problem no longer applies. */
  const change = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setSaveProblem(null);
  };

  const insert = (name: string) => {
    const area = bodyRef.current;
    const token = `{{${name}}}`;
    const at = area?.selectionStart ?? draft.body.length;
    change({ body: draft.body.slice(0, at) + token + draft.body.slice(area?.selectionEnd ?? at) });
  };

  const save = async () => {
    setSaving(true);
    try {
      const body = { ...draft, subject: draft.channel === 'phone' ? null : draft.subject };
      if (isNew) await create(body);
      else await update(documentId!, body);
      notify.success(t('templates.saved'));
      navigate('..', { relative: 'path' });
    } catch (failure) {
      setSaveProblem(errorMessage(failure, t('error.generic')));
    } finally {
      setSaving(false);
    }
  };

  if (!isNew && existing.isLoading) return <Page.Loading />;
  if (existing.error) return <Page.Error />;

  const select = <K extends 'type' | 'channel' | 'locale'>(
    key: K,
    values: readonly string[],
    label: (value: string) => string
  ) => (
    <Field.Root name={key}>
      <Field.Label>{t(`templates.${key}`)}</Field.Label>
      <SingleSelect
        value={draft[key]}
        onChange={(value: string | number) => change({ [key]: value as Draft[K] })}
      >
        {values.map((value) => (
          <SingleSelectOption key={value} value={value}>
            {label(value)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  );

  const placeholderList = (title: string, list: Placeholder[], prefix = '') => (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Typography variant="sigma" textColor="neutral600">
        {title}
      </Typography>
      {list.map((placeholder) => (
        <Box key={placeholder.name}>
          <TextButton
            onClick={() => insert(prefix + placeholder.name)}
          >{`{{${placeholder.name}}}`}</TextButton>
          <Typography variant="pi" textColor="neutral600" tag="p">
            {placeholder.description}
            {placeholder.example ? ` — ${placeholder.example}` : ''}
          </Typography>
        </Box>
      ))}
    </Flex>
  );

  return (
    <Page.Main>
      <Page.Title>{draft.name || t('templates.new')}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton disabled={false} fallback=".." />}
        title={isNew ? t('templates.new') : draft.name}
        primaryAction={
          <Button startIcon={<Check />} onClick={save} loading={saving}>
            {t('settings.save')}
          </Button>
        }
      />
      <Layouts.Content>
        <Grid.Root gap={4}>
          <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
            <Flex
              direction="column"
              alignItems="stretch"
              gap={4}
              background="neutral0"
              padding={6}
              hasRadius
              shadow="tableShadow"
            >
              <Field.Root name="name" required>
                <Field.Label>{t('templates.name')}</Field.Label>
                <TextInput
                  value={draft.name}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    change({ name: event.target.value })
                  }
                />
              </Field.Root>
              <Grid.Root gap={4}>
                <Grid.Item col={4} direction="column" alignItems="stretch">
                  {select('type', REMINDER_TYPES, (v) => t(`type.${v}`))}
                </Grid.Item>
                <Grid.Item col={4} direction="column" alignItems="stretch">
                  {select('channel', ['email', 'letter', 'phone'], (v) => t(`channel.${v}`))}
                </Grid.Item>
                <Grid.Item col={4} direction="column" alignItems="stretch">
                  {select('locale', ['fr', 'en'], (v) => v.toUpperCase())}
                </Grid.Item>
              </Grid.Root>
              {draft.channel !== 'phone' && (
                <Field.Root name="subject" required>
                  <Field.Label>{t('modal.subject')}</Field.Label>
                  <TextInput
                    value={draft.subject ?? ''}
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                      change({ subject: event.target.value })
                    }
                  />
                </Field.Root>
              )}
              <Field.Root
                name="body"
                required
                error={problem ?? undefined}
                hint={t('modal.body.hint')}
              >
                <Field.Label>{t('modal.body')}</Field.Label>
                <Textarea
                  ref={bodyRef}
                  value={draft.body}
                  style={{ minHeight: 320, fontFamily: 'monospace' }}
                  onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                    change({ body: event.target.value })
                  }
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
              {preview && (
                <Flex direction="column" alignItems="stretch" gap={2}>
                  <Typography variant="delta" tag="h2">
                    {t('modal.preview')}
                  </Typography>
                  {preview.subject && <Typography fontWeight="bold">{preview.subject}</Typography>}
                  {draft.channel === 'email' ? (
                    <HtmlPreview html={preview.html} title={t('modal.preview')} />
                  ) : (
                    <TextPreview text={preview.text} />
                  )}
                </Flex>
              )}
            </Flex>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Flex
              direction="column"
              alignItems="stretch"
              gap={4}
              background="neutral0"
              padding={6}
              hasRadius
              shadow="tableShadow"
            >
              <Typography variant="delta" tag="h2">
                {t('templates.placeholders')}
              </Typography>
              {placeholders.data &&
                placeholderList(t('templates.placeholders.top'), placeholders.data.placeholders)}
              {placeholders.data &&
                placeholderList(
                  t('templates.placeholders.invoice'),
                  placeholders.data.invoicePlaceholders
                )}
            </Flex>
          </Grid.Item>
        </Grid.Root>
      </Layouts.Content>
    </Page.Main>
  );
};

export { TemplateEditorPage };
