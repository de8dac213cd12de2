import type { Core } from '@strapi/strapi';
import Handlebars from 'handlebars';

import type { TemplateInput } from '../../../shared/contracts/templates';
import {
  blockToken,
  fromEditableText,
  labelsFor,
  type LetterPart,
  toEditableText,
  toHtml,
  toLetterParts,
  toSubject,
  toText,
} from '../domain/message-layout';
import {
  buildTemplateContext,
  type ContextInput,
  SAMPLE_PORTAL_URL,
  type TemplateContext,
} from '../domain/template-context';
import { INVOICE_PLACEHOLDERS, PLACEHOLDERS } from '../domain/template-placeholders';
import { findTemplateProblems } from '../domain/template-syntax';
import { escapeHtml } from '../helpers';
import { templateRepository } from '../repositories/templates';
import { PREDEFINED_TEMPLATES } from '../templates/predefined';
import { type FieldProblem, invalidInput, notFound } from '../utils/errors';

/**
 * Message templates (SPEC F2): storage, the predefined set, validation, and rendering
 * with a compile cache. Rendering runs Handlebars with only the two block helpers and
 * the built-in #if/#unless/#each, on plain data.
 */

export type Channel = 'email' | 'letter' | 'phone';
export type TemplateSource = {
  channel: Channel;
  subject?: string | null;
  body: string;
  locale: string;
};
export type RenderedMessage = {
  subject: string;
  html: string;
  text: string;
  letterParts: LetterPart[];
};

type Mode = 'html' | 'text';

const handlebars = Handlebars.create();
handlebars.registerHelper(
  'invoicesTable',
  () => new handlebars.SafeString(blockToken('invoicesTable'))
);
handlebars.registerHelper(
  'accessInvoicesButton',
  () => new handlebars.SafeString(blockToken('accessInvoicesButton'))
);

/** In HTML mode the template's own text is escaped too: authors write text, not markup. */
const escapeLiteralText = (node: unknown): void => {
  if (!node || typeof node !== 'object') return;
  // A Handlebars AST node: a content statement holds its text in `value`.
  const statement = node as { type?: string; value: string; [child: string]: unknown };
  if (statement.type === 'ContentStatement') statement.value = escapeHtml(statement.value);
  for (const key of ['body', 'program', 'inverse']) {
    const child = statement[key];
    if (Array.isArray(child)) child.forEach(escapeLiteralText);
    else escapeLiteralText(child);
  }
};

const compile = (source: string, mode: Mode) => {
  const ast = handlebars.parse(source);
  if (mode === 'html') escapeLiteralText(ast);
  return handlebars.compile(ast, {
    knownHelpers: { invoicesTable: true, accessInvoicesButton: true },
    knownHelpersOnly: true,
    noEscape: mode === 'text',
  });
};

/** Problems of a template, each named by its field; empty when it can be saved. */
export const templateProblems = ({
  channel,
  subject,
  body,
}: Pick<TemplateSource, 'channel' | 'subject' | 'body'>): FieldProblem[] => {
  const problems: FieldProblem[] = findTemplateProblems(body).map((p) => ({ path: 'body', ...p }));
  if (channel !== 'phone' && subject) {
    for (const problem of findTemplateProblems(subject))
      problems.push({ path: 'subject', ...problem });
    if (/\{\{\s*(invoicesTable|accessInvoicesButton)\s*\}\}/.test(subject)) {
      problems.push({
        path: 'subject',
        line: 1,
        column: 1,
        message: 'blocks such as {{invoicesTable}} belong in the body',
      });
    }
  }
  return problems;
};

/** Example data for previews without a customer: the placeholders' own examples. */
const sampleContextInput = (today: string, locale: string): ContextInput => ({
  locale,
  today,
  customer: {
    name: 'Atelier Martin Lyon',
    reference: 'CUST-0042',
    address: '12 rue de la République\n69002 Lyon',
  },
  contact: { name: 'Camille Martin', email: 'camille@atelier-martin.test' },
  sender: { name: 'Louise Bernard', email: 'louise@yourcompany.test' },
  company: {
    name: 'Your Company SAS',
    address: '1 place Bellecour, 69002 Lyon',
    email: 'billing@yourcompany.test',
    phone: '+33 4 00 00 00 00',
  },
  invoices: [
    {
      number: 'INV-2026-00042',
      issueDate: '2026-09-15',
      dueDate: '2026-10-15',
      total: 1800,
      amountDue: 1200.5,
      currency: 'EUR',
    },
    {
      number: 'INV-2026-00057',
      issueDate: '2026-10-20',
      dueDate: '2026-11-19',
      total: 299.5,
      amountDue: 299.5,
      currency: 'EUR',
    },
  ],
  portalUrl: SAMPLE_PORTAL_URL,
  lateFees: { enabled: true, indemnity: 40, annualRatePercent: 12.15 },
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  type Compiled = {
    html: HandlebarsTemplateDelegate;
    text: HandlebarsTemplateDelegate;
    subject: HandlebarsTemplateDelegate | null;
  };
  const compiled = new Map<string, Compiled>();

  /**
   * The source validated and compiled — once per template version (`cacheKey`: id and
   * version) and subject, when a key is given; every time otherwise (previews, edits).
   */
  const compiledFor = (source: TemplateSource, cacheKey?: string): Compiled => {
    const key = cacheKey && `${cacheKey}\u0000${source.channel}\u0000${source.subject ?? ''}`;
    const hit = key ? compiled.get(key) : undefined;
    if (hit) return hit;
    assertValid(source);
    const entry = {
      html: compile(source.body, 'html'),
      text: compile(source.body, 'text'),
      subject: source.subject ? compile(source.subject, 'text') : null,
    };
    if (key) {
      // Subjects edited in the pop-up each make an entry: the cache stays small.
      if (compiled.size >= 1000) compiled.clear();
      compiled.set(key, entry);
    }
    return entry;
  };

  const assertValid = (source: Pick<TemplateSource, 'channel' | 'subject' | 'body'>) => {
    const problems = templateProblems(source);
    if (problems.length) throw invalidInput(problems);
  };

  const templates = () => templateRepository(strapi);

  return {
    placeholders: () => ({ placeholders: PLACEHOLDERS, invoicePlaceholders: INVOICE_PLACEHOLDERS }),

    buildContext: (input: ContextInput): TemplateContext => buildTemplateContext(input),

    sampleContext: (today: string, locale: string) =>
      buildTemplateContext(sampleContextInput(today, locale)),

    /** Renders a source (validated first) with a context. */
    render(source: TemplateSource, context: TemplateContext, cacheKey?: string): RenderedMessage {
      const labels = labelsFor(source.locale);
      const template = compiledFor(source, cacheKey);
      const textBody = template.text(context);
      return {
        subject: template.subject ? toSubject(template.subject(context)) : '',
        html: toHtml(template.html(context), context, labels),
        text: toText(textBody, context, labels),
        letterParts: toLetterParts(textBody, context, labels),
      };
    },

    /** The clerk's text (the pop-up's `format: 'text'`): its words as written, its blocks live. */
    renderText(source: TemplateSource, context: TemplateContext): RenderedMessage {
      const labels = labelsFor(source.locale);
      const { escaped, plain } = fromEditableText(source.body);
      return {
        subject: toSubject(source.subject ?? ''),
        html: toHtml(escaped, context, labels),
        text: toText(plain, context, labels),
        letterParts: toLetterParts(plain, context, labels),
      };
    },

    /** A source (validated first) as the pop-up's text: rendered with the context, its blocks kept as their helpers. */
    editable(source: TemplateSource, context: TemplateContext): { subject: string; body: string } {
      const template = compiledFor(source);
      return {
        subject: template.subject ? toSubject(template.subject(context)) : '',
        body: toEditableText(template.text(context)),
      };
    },

    async list(filters: { type?: string; channel?: string; locale?: string }) {
      return templates().list(filters);
    },

    async findOne(documentId: string) {
      const template = await templates().findOne(documentId);
      if (!template) throw notFound('Template');
      return template;
    },

    async create(input: TemplateInput) {
      assertValid(input);
      return templates().create({ ...input, isPredefined: false });
    },

    async update(documentId: string, input: TemplateInput) {
      await this.findOne(documentId);
      assertValid(input);
      return templates().update(documentId, input);
    },

    async remove(documentId: string) {
      await this.findOne(documentId);
      compiled.clear();
      await templates().remove(documentId);
      return { documentId };
    },

    /** Creates the predefined templates that do not exist yet; edited ones are left alone. */
    async ensurePredefined() {
      const existing = await templates().predefined();
      const keys = new Set(existing.map((template) => template.predefinedKey));
      for (const template of PREDEFINED_TEMPLATES) {
        if (!keys.has(template.predefinedKey))
          await templates().create({ ...template, isPredefined: true });
      }
    },

    /** Puts one predefined template (or all) back to its original text. */
    async restore(predefinedKey?: string) {
      const targets = PREDEFINED_TEMPLATES.filter(
        (t) => !predefinedKey || t.predefinedKey === predefinedKey
      );
      if (targets.length === 0)
        throw invalidInput([
          { path: 'predefinedKey', message: `"${predefinedKey}" is not a predefined template` },
        ]);
      for (const template of targets) {
        const current = await templates().findByPredefinedKey(template.predefinedKey);
        if (current)
          await templates().update(current.documentId, { ...template, isPredefined: true });
        else await templates().create({ ...template, isPredefined: true });
      }
      compiled.clear();
      return { restored: targets.length };
    },
  };
};
