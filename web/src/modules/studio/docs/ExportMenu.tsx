import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useState } from 'react';
import type { DocumentKind, ExportFormat } from '../../../../../common/studio-documents.ts';
import { attachmentFilename } from './filename.ts';
import { Button, Icon, useToast } from '../../../lib/ui/index.ts';
import { menuContent, menuItem } from '../../../app/menuStyles.ts';
import { currentAccessToken } from './session-token.ts';

const formats: { format: ExportFormat; label: string; kinds: DocumentKind[] }[] = [
  { format: 'markdown', label: 'Markdown (.md)', kinds: ['text'] },
  { format: 'html', label: 'Web page (.html)', kinds: ['text'] },
  { format: 'json', label: 'JSON (.json)', kinds: ['text', 'board'] },
];

/** Downloads the document's current content in a chosen format. */
export function ExportMenu({ documentId, kind }: { documentId: string; kind: DocumentKind }) {
  const notify = useToast();
  const [busy, setBusy] = useState(false);

  async function download(format: ExportFormat) {
    setBusy(true);
    try {
      const response = await fetch(`/api/v1/documents/${documentId}/export?format=${format}`, { headers: { Authorization: `Bearer ${await currentAccessToken()}` } });
      if (!response.ok) throw new Error(`The export failed (${response.status})`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = attachmentFilename(response.headers.get('content-disposition')) ?? `document.${format === 'markdown' ? 'md' : format}`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1_000);
    } catch (err) {
      notify(err instanceof Error ? err.message : 'The export failed', 'danger');
    } finally {
      setBusy(false);
    }
  }

  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <Button variant="secondary" size="sm" loading={busy} icon={<Icon name="download" />}>
          Export
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className={menuContent}>
          {formats
            .filter((entry) => entry.kinds.includes(kind))
            .map((entry) => (
              <DropdownMenu.Item key={entry.format} className={menuItem} onSelect={() => void download(entry.format)}>
                {entry.label}
              </DropdownMenu.Item>
            ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
