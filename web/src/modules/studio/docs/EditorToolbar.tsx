import { useEditorState, type Editor } from '@tiptap/react';
import { useState, type ReactNode, type SubmitEvent } from 'react';
import { Button, Dialog, Input, cx } from '../../../lib/ui/index.ts';
import { DocIcon, type DocIconName } from './icons.tsx';

function ToolButton({ label, icon, active, onClick, children }: { label: string; icon?: DocIconName; active?: boolean; onClick: () => void; children?: ReactNode }) {
  return (
    <button
      type="button"
      title={label}
      aria-label={label}
      aria-pressed={active}
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
      className={cx(
        'grid h-8 min-w-8 place-items-center rounded-md px-1.5 text-[13px] font-semibold focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none',
        active ? 'bg-accent-soft text-accent' : 'text-muted hover:bg-surface-muted hover:text-fg',
      )}
    >
      {icon ? <DocIcon name={icon} /> : children}
    </button>
  );
}

const Divider = () => <span className="mx-1 h-5 w-px bg-border" aria-hidden="true" />;

/** Formatting for the text editor: headings, marks, lists, quote, code and links. */
export function EditorToolbar({ editor }: { editor: Editor }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h1: e.isActive('heading', { level: 1 }),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      strike: e.isActive('strike'),
      code: e.isActive('code'),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      codeBlock: e.isActive('codeBlock'),
      link: e.isActive('link'),
    }),
  });
  const [linkOpen, setLinkOpen] = useState(false);
  const chain = () => editor.chain().focus();

  return (
    <div role="toolbar" aria-label="Formatting" className="flex flex-wrap items-center gap-0.5 border-b border-border px-2 py-1.5">
      {([1, 2, 3] as const).map((level) => (
        <ToolButton key={level} label={`Heading ${level}`} active={state[`h${level}`]} onClick={() => chain().toggleHeading({ level }).run()}>
          H{level}
        </ToolButton>
      ))}
      <Divider />
      <ToolButton label="Bold" icon="bold" active={state.bold} onClick={() => chain().toggleBold().run()} />
      <ToolButton label="Italic" icon="italic" active={state.italic} onClick={() => chain().toggleItalic().run()} />
      <ToolButton label="Strikethrough" icon="strike" active={state.strike} onClick={() => chain().toggleStrike().run()} />
      <ToolButton label="Inline code" icon="code" active={state.code} onClick={() => chain().toggleCode().run()} />
      <Divider />
      <ToolButton label="Bulleted list" icon="bulletList" active={state.bulletList} onClick={() => chain().toggleBulletList().run()} />
      <ToolButton label="Numbered list" icon="orderedList" active={state.orderedList} onClick={() => chain().toggleOrderedList().run()} />
      <ToolButton label="Quote" icon="quote" active={state.blockquote} onClick={() => chain().toggleBlockquote().run()} />
      <ToolButton label="Code block" active={state.codeBlock} onClick={() => chain().toggleCodeBlock().run()}>
        {'{ }'}
      </ToolButton>
      <ToolButton label={state.link ? 'Edit link' : 'Add link'} icon="link" active={state.link} onClick={() => setLinkOpen(true)} />
      <LinkDialog editor={editor} open={linkOpen} onClose={() => setLinkOpen(false)} />
    </div>
  );
}

function LinkDialog({ editor, open, onClose }: { editor: Editor; open: boolean; onClose: () => void }) {
  const [href, setHref] = useState('');
  const current = (editor.getAttributes('link') as { href?: string }).href ?? '';
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const value = href.trim();
    const chain = editor.chain().focus().extendMarkRange('link');
    if (value) chain.setLink({ href: /^[a-z]+:/i.test(value) ? value : `https://${value}` }).run();
    else chain.unsetLink().run();
    onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={current ? 'Edit link' : 'Add link'}
      footer={
        <>
          {current ? (
            <Button
              variant="ghost"
              onClick={() => {
                editor.chain().focus().extendMarkRange('link').unsetLink().run();
                onClose();
              }}
            >
              Remove link
            </Button>
          ) : null}
          <Button type="submit" form="doc-link-form">
            Apply
          </Button>
        </>
      }
    >
      <form id="doc-link-form" onSubmit={apply}>
        <Input label="Address" type="text" inputMode="url" defaultValue={current} key={String(open)} onChange={(event) => setHref(event.target.value)} placeholder="https://example.com" autoFocus />
      </form>
    </Dialog>
  );
}
