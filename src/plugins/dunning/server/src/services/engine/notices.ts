import type { Core } from '@strapi/strapi';

import type { NoticeMode } from '../../../../shared/contracts/settings';
import { todayIn, zonedInstant } from '../../domain/dates';
import { composeNotice, type NoticeItem, noticeLanguage } from '../../domain/notices';
import type { ReminderStatus } from '../../domain/reminder-lifecycle';
import { formatMoney } from '../../domain/template-context';
import { reminderReads, type UnannouncedReminder } from '../../repositories/reminder-reads';
import { reminderRepository } from '../../repositories/reminders';
import { getPluginConfig, getPluginService } from '../../utils/plugin';

/**
 * Tells admins about the automatic reminders sent in their name (SPEC F4.4): one notice
 * per reminder, or one digest a day, or nothing, as each admin chose. A reminder is
 * noticed once: its `noticeSentAt` is taken with a conditional update before the mail.
 */

const SENT: ReminderStatus[] = ['sent', 'delivered', 'opened'];
/** Reminders older than this are not announced any more (e.g. after notices were switched on). */
const RECENT_MS = 3 * 24 * 3600 * 1000;

/** The admin a reminder went out in the name of, as `reminderReads.unannounced` populates it. */
type NoticeSender = UnannouncedReminder['sender'];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);

  /** Automatic reminders sent since `since` (and before `before`) not announced yet, with their sender. */
  const unannounced = async (since: Date, before?: Date) =>
    reminderReads(strapi).unannounced(SENT, since, before);

  /** Marks reminders announced; returns those this call marked (another instance may have taken some). */
  const take = async (reminders: UnannouncedReminder[], now: Date) => {
    const taken: UnannouncedReminder[] = [];
    for (const reminder of reminders)
      if (await reminderRepository(strapi).markNoticed(reminder.id, now)) taken.push(reminder);
    return taken;
  };

  const itemOf = (reminder: UnannouncedReminder): NoticeItem => ({
    customerName: reminder.customerName ?? '',
    invoiceNumbers: (reminder.invoices ?? [])
      .filter((invoice) => !invoice.excluded)
      .map((invoice) => invoice.number),
    amount: formatMoney(
      Number(reminder.amount),
      reminder.currency,
      noticeLanguage(reminder.sender.preferedLanguage) === 'fr' ? 'fr-FR' : 'en-GB'
    ),
    recipients: (reminder.recipients ?? []).map((mailbox) => mailbox.address),
    level: reminder.level ?? null,
  });

  const mail = async (
    sender: NoticeSender,
    items: NoticeItem[],
    messageKey: string,
    day?: string
  ) => {
    const { subject, text, html } = composeNotice(
      items,
      noticeLanguage(sender.preferedLanguage),
      day
    );
    await service('mailer').send({
      to: [{ address: sender.email }],
      subject,
      text,
      html,
      messageId: `notice-${messageKey}@${service('mailer').messageIdDomain()}`,
    });
  };

  const bySender = (
    reminders: UnannouncedReminder[],
    modes: Record<string, NoticeMode>,
    defaultMode: NoticeMode,
    mode: NoticeMode
  ) =>
    reminders.filter(
      (reminder) =>
        reminder.sender?.isActive && (modes[String(reminder.sender.id)] ?? defaultMode) === mode
    );

  return {
    /** Sends the notices due at `now`: each reminder's for admins in "each" mode, the daily digests once the digest hour has come. */
    async send(now = new Date()) {
      const { senderNotices } = await service('settings').get();
      const recent = await unannounced(new Date(now.getTime() - RECENT_MS));
      let sent = 0;
      for (const reminder of await take(
        bySender(recent, senderNotices.byUser, senderNotices.defaultMode, 'each'),
        now
      )) {
        await mail(reminder.sender, [itemOf(reminder)], `reminder-${reminder.id}`).catch(
          (error: Error) => strapi.log.warn(`[dunning] sender notice not sent: ${error.message}`)
        );
        sent++;
      }

      const timezone = getPluginConfig(strapi).cron.timezone;
      const today = todayIn(timezone, now);
      const digestTime = zonedInstant(today, senderNotices.digestHour, timezone);
      if (
        now < digestTime ||
        !(await service('locks').claimOnce(`digest:${today}`, 36 * 3600 * 1000, now))
      )
        return { notices: sent, digests: 0 };
      // The digest of `today` covers what went out before today's digest hour.
      const pending = bySender(
        await unannounced(new Date(digestTime.getTime() - RECENT_MS), digestTime),
        senderNotices.byUser,
        senderNotices.defaultMode,
        'digest'
      );
      const groups = new Map<number, UnannouncedReminder[]>();
      for (const reminder of await take(pending, now))
        groups.set(reminder.sender.id, [...(groups.get(reminder.sender.id) ?? []), reminder]);
      for (const [senderId, reminders] of groups) {
        await mail(
          reminders[0].sender,
          reminders.map(itemOf),
          `digest-${today}-${senderId}`,
          today
        ).catch((error: Error) => strapi.log.warn(`[dunning] digest not sent: ${error.message}`));
      }
      return { notices: sent, digests: groups.size };
    },
  };
};
