import { useState } from 'react';
import { commentLimits } from '../../../../../common/studio-comments.ts';
import { MentionSuggestions } from '../chat/MentionSuggestions.tsx';
import type { MentionCandidate } from '../chat/mentions.ts';
import { SendButton } from '../chat/SendButton.tsx';
import { useMentionAutocomplete } from '../chat/useMentionAutocomplete.ts';

interface Props {
  placeholder: string;
  people: MentionCandidate[];
  /** Resolves once the comment is saved; the text stays in the box when it fails. */
  onSend: (body: string) => Promise<unknown>;
}

/** The comment box: Enter posts, Shift+Enter breaks the line, `@` suggests people of the project. */
export function CommentComposer({ placeholder, people, onSend }: Props) {
  const [sending, setSending] = useState(false);
  const comment = useMentionAutocomplete(people);

  const send = () => {
    if (!comment.text.trim() || sending) return;
    setSending(true);
    onSend(comment.encoded()).then(
      () => {
        comment.clear();
        setSending(false);
      },
      () => setSending(false),
    );
  };

  return (
    <div className="relative p-3">
      <MentionSuggestions {...comment.suggestions} placement="below" />
      <div className="flex items-end gap-2 rounded-xl border border-border bg-surface px-3 py-2 focus-within:border-ring focus-within:outline-2 focus-within:outline-ring/30">
        <textarea
          {...comment.textareaProps(send)}
          aria-label={placeholder}
          placeholder={placeholder}
          maxLength={commentLimits.body.max}
          className="max-h-40 min-h-6 flex-1 resize-none bg-transparent text-sm leading-6 outline-none placeholder:text-muted/70"
        />
        <SendButton label="Post comment" disabled={!comment.text.trim() || sending} onClick={send} />
      </div>
      <p className="mt-1 hidden px-1 text-[11px] text-muted sm:block">Enter to post · Shift+Enter for a new line · @ to mention</p>
    </div>
  );
}
