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
import { BackButton, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';

import type { Placeholder, Rendered, Template } from '../../../shared/contracts/templates';
import { REMINDER_TYPES } from '../../../shared/vocabulary';
import { errorMessage } from '../api/client';
import { usePlaceholders, useTemplate, useTemplateActions } from '../api/templates';
import { HtmlPreview } from '../components/HtmlPreview';
import { TextPreview } from '../components/TextPreview';
import { useFormat } from '../hooks/useFormat';

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
  const { preview: render, create, update } = useTemplateActions();
  const { toggleNotification } = useNotification();
  const existing = useTemplate(isNew ? null : (documentId ?? null));
  const placeholders = usePlaceholders();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [preview, setPreview] = useState<Rendered | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (existing.data) setDraft(existing.data);
  }, [existing.data]);

  // Live preview on sample data, a moment after typing stops.
  useEffect(() => {
    if (!draft.body.trim()) return;
    const timer = setTimeout(() => {
      render({
        channel: draft.channel,
        subject: draft.subject,
        body: draft.body,
        locale: draft.locale,
      })
        .then((rendered) => {
          setPreview(rendered);
          setProblem(null);
        })
        .catch((failure) => setProblem(errorMessage(failure, t('error.generic'))));
    }, 400);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft.body, draft.subject, draft.channel, draft.locale]);

  const insert = (name: string) => {
    const area = bodyRef.current;
    const token = `{{${name}}}`;
    const at = area?.selectionStart ?? draft.body.length;
    setDraft({
      ...draft,
      body: draft.body.slice(0, at) + token + draft.body.slice(area?.selectionEnd ?? at),
    });
  };

  const save = async () => {
    setSaving(true);
    try {
      const body = { ...draft, subject: draft.channel === 'phone' ? null : draft.subject };
      if (isNew) await create(body);
      else await update(documentId!, body);
      toggleNotification({ type: 'success', message: t('templates.saved') });
      navigate('..', { relative: 'path' });
    } catch (failure) {
      setProblem(errorMessage(failure, t('error.generic')));
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
        onChange={(value: string | number) => setDraft({ ...draft, [key]: value as Draft[K] })}
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
                    setDraft({ ...draft, name: event.target.value })
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
                      setDraft({ ...draft, subject: event.target.value })
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
                    setDraft({ ...draft, body: event.target.value })
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
