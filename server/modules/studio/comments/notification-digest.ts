import { notificationLimits } from '../../../../common/studio-notifications.ts';
import { directory } from '../../identity/directory.ts';
import type { StudioContext } from '../context.ts';
import { claimDigestableMentions, usersWithDigestableMentions, type NotificationRow } from './notifications.repository.ts';

export const DIGEST_QUEUE = 'studio.notifications.digest';
/** At the top of every hour. */
export const DIGEST_CRON = '0 * * * *';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Emails each person their unread mentions not yet sent in a digest. Mentions are claimed
 * (stamped) before the email is written, so no mention is ever emailed twice, even when two
 * digest runs overlap.
 */
export function notificationDigest(ctx: StudioContext) {
  const absolute = (link: string | null) => (link ? `${ctx.config.publicUrl}${link.startsWith('/') ? '' : '/'}${link}` : null);

  const compose = (mentions: NotificationRow[]) => {
    const shown = mentions.slice(0, notificationLimits.digestItems);
    const more = mentions.length - shown.length;
    const subject = mentions.length === 1 ? 'You were mentioned in Fluxworks' : `You were mentioned ${mentions.length} times in Fluxworks`;
    const lines = shown.map((m) => [`• ${m.title}`, m.body ? `  ${m.body}` : '', absolute(m.link) ? `  ${absolute(m.link)}` : ''].filter(Boolean).join('\n'));
    const moreLine = more > 0 ? `\n…and ${more} more.` : '';
    const centre = `${ctx.config.publicUrl}/notifications`;
    const text = `Unread mentions since your last digest:\n\n${lines.join('\n\n')}${moreLine}\n\nAll notifications: ${centre}\nTurn this email off in your notification settings.`;
    const items = shown
      .map((m) => {
        const href = absolute(m.link);
        const title = href ? `<a href="${escapeHtml(href)}">${escapeHtml(m.title)}</a>` : escapeHtml(m.title);
        return `<li><strong>${title}</strong>${m.body ? `<br>${escapeHtml(m.body)}` : ''}</li>`;
      })
      .join('');
    const html = `<p>Unread mentions since your last digest:</p><ul>${items}</ul>${more > 0 ? `<p>…and ${more} more.</p>` : ''}<p><a href="${escapeHtml(centre)}">All notifications</a></p>`;
    return { subject, text, html };
  };

  return {
    /** Sends the digests due now; returns how many emails went out. */
    async run(now = new Date()): Promise<number> {
      const userIds = await usersWithDigestableMentions(ctx.db, now);
      const people = await directory.userSummaries(ctx.db, userIds);
      let sent = 0;
      for (const userId of userIds) {
        const person = people.get(userId);
        if (!person) continue;
        const mentions = await claimDigestableMentions(ctx.db, userId, now);
        if (mentions.length === 0) continue;
        await ctx.mailer.send({ to: person.email, ...compose(mentions) });
        sent += 1;
      }
      return sent;
    },
  };
}
