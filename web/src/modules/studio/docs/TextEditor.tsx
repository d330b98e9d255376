import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Placeholder } from '@tiptap/extensions';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect } from 'react';
import { textDocumentExtensions } from '../../../../../common/studio-document-content.ts';
import { TEXT_FIELD, type CollaboratorPresence } from '../../../../../common/studio-documents.ts';
import { textColorOn } from './contrast.ts';
import { EditorToolbar } from './EditorToolbar.tsx';
import type { Collaboration as Session } from './useCollaboration.ts';

/** Typography of the editor content, in the app's theme colours (Tailwind scans this file). */
const prose = [
  'min-h-[50vh] text-[15px] leading-[1.7] text-fg outline-none',
  '[&>*+*]:mt-3 [&>:first-child]:mt-0',
  '[&_h1]:mt-6 [&_h1]:text-[1.9em] [&_h1]:leading-tight [&_h1]:font-bold [&_h1]:tracking-tight',
  '[&_h2]:mt-5 [&_h2]:text-[1.45em] [&_h2]:leading-snug [&_h2]:font-semibold',
  '[&_h3]:mt-4 [&_h3]:text-[1.2em] [&_h3]:font-semibold',
  '[&_ul]:list-disc [&_ul]:pl-6 [&_ol]:list-decimal [&_ol]:pl-6 [&_li>p]:my-0.5',
  '[&_blockquote]:border-l-[3px] [&_blockquote]:border-border [&_blockquote]:pl-4 [&_blockquote]:text-muted',
  '[&_a]:text-accent [&_a]:underline [&_a]:underline-offset-2',
  '[&_code]:rounded [&_code]:bg-surface-muted [&_code]:px-1 [&_code]:font-mono [&_code]:text-[0.9em]',
  '[&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:border [&_pre]:border-border [&_pre]:bg-surface-muted [&_pre]:px-4 [&_pre]:py-3 [&_pre]:font-mono [&_pre_code]:bg-transparent [&_pre_code]:p-0',
  '[&_hr]:my-6 [&_hr]:border-border',
  '[&_p.is-editor-empty:first-child]:before:pointer-events-none [&_p.is-editor-empty:first-child]:before:float-left [&_p.is-editor-empty:first-child]:before:h-0 [&_p.is-editor-empty:first-child]:before:text-muted [&_p.is-editor-empty:first-child]:before:content-[attr(data-placeholder)]',
].join(' ');

/** Another person's caret: a bar in their colour with their name above it. */
function renderCaret(user: { name?: string; color?: string }): HTMLElement {
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret pointer-events-none relative -mx-px border-l-2 break-normal';
  caret.style.borderColor = user.color ?? '#888';
  const label = document.createElement('span');
  label.className = 'collaboration-carets__label absolute -top-[1.45em] -left-0.5 rounded rounded-bl-none px-1.5 text-[11px] leading-normal font-semibold whitespace-nowrap select-none';
  label.style.backgroundColor = user.color ?? '#888';
  label.style.color = textColorOn(user.color ?? '#888888');
  label.textContent = user.name ?? 'Someone';
  caret.append(label);
  return caret;
}

/** The rich-text editor bound to the shared Y.Doc, with everyone's carets and selections. */
export default function TextEditor({ session, user }: { session: Session; user: CollaboratorPresence }) {
  const { doc, provider, readOnly } = session;
  const editor = useEditor(
    {
      extensions: [
        ...textDocumentExtensions,
        Placeholder.configure({ placeholder: readOnly ? 'This document is empty.' : 'Start writing — everyone here sees it as you type.' }),
        Collaboration.configure({ document: doc, field: TEXT_FIELD }),
        CollaborationCaret.configure({ provider, user, render: renderCaret }),
      ],
      editable: !readOnly,
      immediatelyRender: true,
      editorProps: { attributes: { class: prose, 'aria-label': 'Document text', 'aria-multiline': 'true', role: 'textbox' } },
    },
    [doc, provider],
  );

  useEffect(() => {
    if (editor.isEditable === readOnly) editor.setEditable(!readOnly);
  }, [editor, readOnly]);

  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-xl border border-border bg-surface shadow-card">
      {readOnly ? (
        <p className="border-b border-border bg-surface-muted px-4 py-2 text-[13px] text-muted">You can read this document and see who is here; editing needs a member role in this project.</p>
      ) : (
        <EditorToolbar editor={editor} />
      )}
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-6 sm:px-10">
        <EditorContent editor={editor} className="mx-auto max-w-3xl" data-testid="text-editor" />
      </div>
    </div>
  );
}
