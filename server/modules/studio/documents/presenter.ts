import type { DocumentDetail, DocumentVersion, StudioDocument } from '../../../../common/studio-documents.ts';
import type { DocumentDetailView, DocumentView, VersionView } from './documents.service.ts';

export const presentDocument = ({ document, createdBy }: DocumentView): StudioDocument => ({
  id: document.id,
  projectId: document.projectId,
  kind: document.kind,
  title: document.title,
  createdBy,
  createdAt: document.createdAt.toISOString(),
  updatedAt: document.updatedAt.toISOString(),
});

export const presentDocumentDetail = (view: DocumentDetailView): DocumentDetail => ({
  document: presentDocument(view),
  role: view.role,
  policies: view.policies,
});

export const presentVersion = ({ version, createdBy }: VersionView): DocumentVersion => ({
  id: version.id,
  documentId: version.documentId,
  name: version.name,
  sizeBytes: version.sizeBytes,
  createdBy,
  createdAt: version.createdAt.toISOString(),
});
