import type { Core } from '@strapi/strapi';

import { isValidAddress, type Mailbox } from '../domain/addresses';

/**
 * Sends one message through Strapi's email feature. Recipients travel as
 * `{ name, address }` objects and the SMTP envelope is given explicitly, so no header
 * text can add or replace a recipient.
 */

export type MailAttachment = { filename: string; content: Buffer; contentType?: string };

export type OutgoingMail = {
  from?: Mailbox;
  replyTo?: Mailbox;
  to: Mailbox[];
  cc?: Mailbox[];
  bcc?: Mailbox[];
  subject: string;
  html: string;
  text: string;
  attachments?: MailAttachment[];
  /** Without angle brackets: `reminder-<id>@<domain>`. */
  messageId: string;
  headers?: Record<string, string>;
};

export type SentMail = {
  messageId: string;
  response: string;
  accepted: string[];
  rejected: string[];
};

export class MailInputError extends Error {
  constructor(
    readonly field: string,
    message: string
  ) {
    super(`${field}: ${message}`);
    this.name = 'MailInputError';
  }
}

const LINE_BREAK = /[\r\n\0]/;

/** `Name <a@b.c>` or `a@b.c`, as written in the email plugin's `defaultFrom`. */
export const parseConfiguredMailbox = (value: string | undefined): Mailbox | undefined => {
  if (!value) return undefined;
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  if (match) return { name: match[1].trim() || undefined, address: match[2].trim() };
  return { address: value.trim() };
};

const checkMailboxes = (field: string, mailboxes: Mailbox[] | undefined) => {
  (mailboxes ?? []).forEach((mailbox, index) => {
    if (!isValidAddress(mailbox.address)) {
      throw new MailInputError(
        `${field}[${index}]`,
        `"${mailbox.address}" is not a valid e-mail address`
      );
    }
    if (mailbox.name && LINE_BREAK.test(mailbox.name)) {
      throw new MailInputError(`${field}[${index}].name`, 'must not contain line breaks');
    }
  });
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const emailSettings = () =>
    (
      strapi.config.get('plugin::email') as {
        settings?: { defaultFrom?: string; defaultReplyTo?: string };
      }
    )?.settings ?? {};

  return {
    /** The sender configured for the email plugin. */
    defaultFrom(): Mailbox | undefined {
      return parseConfiguredMailbox(emailSettings().defaultFrom);
    },

    /** The domain deterministic Message-IDs are built on. */
    messageIdDomain(): string {
      return this.defaultFrom()?.address.split('@')[1] ?? 'dunning.local';
    },

    async send(mail: OutgoingMail): Promise<SentMail> {
      const from = mail.from ?? this.defaultFrom();
      if (!from) throw new MailInputError('from', 'no sender given and no defaultFrom configured');
      checkMailboxes('from', [from]);
      checkMailboxes('replyTo', mail.replyTo ? [mail.replyTo] : []);
      checkMailboxes('to', mail.to);
      checkMailboxes('cc', mail.cc);
      checkMailboxes('bcc', mail.bcc);
      if (mail.to.length === 0)
        throw new MailInputError('to', 'at least one recipient is required');
      if (LINE_BREAK.test(mail.subject))
        throw new MailInputError('subject', 'must not contain line breaks');
      if (LINE_BREAK.test(mail.messageId) || /[<>\s]/.test(mail.messageId)) {
        throw new MailInputError('messageId', 'must be a bare id-left@id-right');
      }

      const everyone = [...mail.to, ...(mail.cc ?? []), ...(mail.bcc ?? [])].map((m) => m.address);
      const envelope = { from: from.address, to: [...new Set(everyone)] };

      const info = (await strapi
        .plugin('email')
        .service('email')
        .send({
          from,
          replyTo: mail.replyTo,
          to: mail.to,
          cc: mail.cc?.length ? mail.cc : undefined,
          bcc: mail.bcc?.length ? mail.bcc : undefined,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          attachments: mail.attachments,
          messageId: `<${mail.messageId}>`,
          headers: mail.headers,
          envelope,
        })) as {
        messageId?: string;
        response?: string;
        accepted?: unknown[];
        rejected?: unknown[];
      };

      const addressOf = (entry: unknown) =>
        typeof entry === 'string' ? entry : (entry as Mailbox)?.address;
      return {
        messageId: info?.messageId ?? `<${mail.messageId}>`,
        response: info?.response ?? '',
        accepted: (info?.accepted ?? []).map(addressOf),
        rejected: (info?.rejected ?? []).map(addressOf),
      };
    },
  };
};
