import { useState } from 'react';
import { messagingLimits, type MessageAttachment } from '../../../../../common/studio-messaging.ts';
import { Icon } from '../../../lib/ui/index.ts';
import { AttachmentPicker } from './Attachments.tsx';
import { MentionSuggestions } from './MentionSuggestions.tsx';
import type { MentionCandidate } from './mentions.ts';
import { SendButton } from './SendButton.tsx';
import { useMentionAutocomplete } from './useMentionAutocomplete.ts';

export { encodeMentions, type MentionCandidate } from './mentions.ts';

interface Props {
  /** Where attachable files come from; without it the composer attaches nothing. */
  projectId?: string;
  placeholder: string;
  people: MentionCandidate[];
  onSend: (body: string, attachments: MessageAttachment[]) => void;
  onTyping: () => void;
  disabledReason?: string;
}

/** The message box: Enter sends, Shift+Enter breaks the line, `@` suggests people of the project. */
export function Composer({ projectId, placeholder, people, onSend, onTyping, disabledReason }: Props) {
  const [attachments, setAttachments] = useState<MessageAttachment[]>([]);
  const [attaching, setAttaching] = useState(false);
  const message = useMentionAutocomplete(people);

  const send = () => {
    if (!message.text.trim() && attachments.length === 0) return;
    onSend(message.encoded(), attachments);
    message.clear();
    setAttachments([]);
  };
  const textarea = message.textareaProps(send);

  if (disabledReason) {
    return <p className="border-t border-border px-4 py-3 text-center text-sm text-muted">{disabledReason}</p>;
  }

  return (
    <div className="relative border-t border-border p-3">
      <MentionSuggestions {...message.suggestions} placement="above" />
      {attaching && projectId ? (
        <AttachmentPicker
          projectId={projectId}
          chosen={attachments.map((file) => file.id)}
          onPick={(file) => {
            setAttachments((list) => (list.length < messagingLimits.attachments.max ? [...list, file] : list));
            setAttaching(false);
            message.focus();
          }}
          onClose={() => setAttaching(false)}
        />
      ) : null}
      {attachments.length > 0 ? (
        <ul aria-label="Files to send" className="mb-2 flex flex-wrap gap-1.5">
          {attachments.map((file) => (
            <li key={file.id} className="flex max-w-56 items-center gap-1 rounded-md border border-border bg-surface-muted py-0.5 pr-1 pl-2 text-xs">
              <span className="truncate">{file.name}</span>
              <button type="button" aria-label={`Remove ${file.name}`} onClick={() => setAttachments((list) => list.filter((f) => f.id !== file.id))} className="rounded p-0.5 text-muted hover:text-fg">
                <Icon name="close" className="size-3" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex items-end gap-2 rounded-xl border border-border bg-surface px-3 py-2 shadow-card focus-within:border-ring focus-within:outline-2 focus-within:outline-ring/30">
        {projectId ? (
          <button
            type="button"
            onClick={() => setAttaching((open) => !open)}
            aria-label="Attach project files"
            title="Attach project files"
            aria-expanded={attaching}
            className="inline-flex size-8 shrink-0 items-center justify-center rounded-lg text-muted hover:bg-surface-muted hover:text-fg"
          >
            <Icon name="plus" className="size-4" />
          </button>
        ) : null}
        <textarea
          {...textarea}
          aria-label={placeholder}
          placeholder={placeholder}
          maxLength={messagingLimits.body.max}
          onChange={(event) => {
            textarea.onChange(event);
            if (event.target.value) onTyping();
          }}
          className="max-h-40 min-h-6 flex-1 resize-none bg-transparent text-sm leading-6 outline-none placeholder:text-muted/70"
        />
        <SendButton label="Send message" disabled={!message.text.trim() && attachments.length === 0} onClick={send} />
      </div>
      <p className="mt-1 hidden truncate px-1 text-[11px] text-muted sm:block">Enter to send · Shift+Enter for a new line · @ to mention</p>
    </div>
  );
}
