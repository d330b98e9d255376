import { Fragment } from 'react';
import { MENTION_PATTERN } from '../../../../../common/studio-messaging.ts';
import { LinkedText } from '../../../lib/ui/index.ts';
import { cx } from '../../../lib/ui/index.ts';

/** A message's text: mentions as chips (yours highlighted), links clickable, line breaks kept. */
export function MessageBody({ body, meId }: { body: string; meId: string }) {
  const parts: { text: string; mention?: string }[] = [];
  let last = 0;
  for (const match of body.matchAll(new RegExp(MENTION_PATTERN))) {
    if (match.index > last) parts.push({ text: body.slice(last, match.index) });
    parts.push({ text: `@${match[1]}`, mention: match[2]!.toLowerCase() });
    last = match.index + match[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return (
    <div className="text-sm leading-6 break-words whitespace-pre-wrap [&_p]:inline">
      {parts.map((part, i) =>
        part.mention ? (
          <span
            key={i}
            className={cx('rounded px-0.5 font-medium', part.mention === meId ? 'bg-warning-soft text-warning' : 'bg-accent-soft text-accent')}
          >
            {part.text}
          </span>
        ) : (
          <Fragment key={i}>
            <LinkedText text={part.text} />
          </Fragment>
        ),
      )}
    </div>
  );
}

/** A mention chip as plain text, for previews and notifications. */
export const plainText = (body: string) => body.replace(new RegExp(MENTION_PATTERN), '@$1');
