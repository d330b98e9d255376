import type { WebhookEventBody } from '../../../../common/studio-integrations.ts';

/** Slack's mrkdwn treats these three as control characters. */
const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const EVENT_LABELS: Record<string, string> = {
  'message.posted': 'New message',
  'file.uploaded': 'File uploaded',
  'file.deleted': 'File deleted',
  'comment.created': 'New comment',
  'comment.resolved': 'Comment resolved',
  'document.created': 'New document',
  ping: 'Test event',
};

/**
 * The incoming-webhook JSON Slack documents: `text` is the notification fallback, `blocks` the
 * message as shown (a section with the summary and a context line naming project and event).
 */
export function slackMessage(event: WebhookEventBody): { text: string; blocks: object[] } {
  const label = EVENT_LABELS[event.type] ?? event.type;
  const summary = escapeMrkdwn(event.summary);
  const link = event.url ? ` <${event.url}|Open in Fluxworks>` : '';
  return {
    text: `${label} in ${event.project.name}: ${event.summary}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${summary}${link}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `*${escapeMrkdwn(event.project.name)}* · ${escapeMrkdwn(label)}` }] },
    ],
  };
}
