import { getSchema, type AnyExtension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';

/**
 * The rich-text schema of text documents, shared by the editor and the server's exports so both
 * read the Yjs XML fragment the same way. Undo/redo is left to the collaboration extension.
 */
export const textDocumentExtensions: AnyExtension[] = [
  StarterKit.configure({
    undoRedo: false,
    link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] },
  }),
];

export const textDocumentSchema = () => getSchema(textDocumentExtensions);
