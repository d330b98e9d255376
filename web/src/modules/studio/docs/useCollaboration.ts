import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { COLLAB_PATH, collabDocumentName, type CollaboratorPresence } from '../../../../../common/studio-documents.ts';
import { currentAccessToken, renewedAccessToken } from './session-token.ts';

export type ConnectionState = 'connecting' | 'connected' | 'offline' | 'refused';

export interface Collaborator extends CollaboratorPresence {
  clientId: number;
  self: boolean;
}

interface SessionState {
  connection: ConnectionState;
  /** The first sync with the server finished: the content shown is the document's. */
  synced: boolean;
  /** Edits made here that the server has not acknowledged yet. */
  unsyncedChanges: number;
  readOnly: boolean;
  /** Everyone with the document open, once per person, the current user first. */
  people: Collaborator[];
  /** Why the server refused the connection (e.g. `document_not_found`). */
  refusal: string | null;
}

export interface Collaboration extends SessionState {
  doc: Y.Doc;
  provider: HocuspocusProvider;
}

const collabUrl = () => `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${COLLAB_PATH}`;

function peopleOf(states: { clientId: number; user?: CollaboratorPresence }[], selfClientId: number): Collaborator[] {
  const byPerson = new Map<string, Collaborator>();
  for (const state of states) {
    if (!state.user?.id) continue;
    const self = state.clientId === selfClientId;
    const existing = byPerson.get(state.user.id);
    if (!existing || self) byPerson.set(state.user.id, { ...state.user, clientId: state.clientId, self: self || Boolean(existing?.self) });
  }
  return [...byPerson.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
}

/** A document's Y.Doc and provider with their state as an external store; it connects only when asked. */
function createSession(documentId: string, me: CollaboratorPresence | null) {
  const doc = new Y.Doc();
  const listeners = new Set<() => void>();
  let state: SessionState = { connection: 'connecting', synced: false, unsyncedChanges: 0, readOnly: true, people: [], refusal: null };
  const set = (changes: Partial<SessionState>) => {
    state = { ...state, ...changes };
    for (const listener of listeners) listener();
  };
  let retriedWithFreshToken = false;
  const socket = new HocuspocusProviderWebsocket({ url: collabUrl(), autoConnect: false });
  const provider: HocuspocusProvider = new HocuspocusProvider({
    websocketProvider: socket,
    name: collabDocumentName(documentId),
    document: doc,
    token: currentAccessToken,
    onStatus: ({ status }) => {
      if (state.connection !== 'refused') set({ connection: status === WebSocketStatus.Disconnected ? 'offline' : status === WebSocketStatus.Connected ? 'connected' : 'connecting' });
    },
    onAuthenticated: ({ scope }) => set({ readOnly: scope === 'readonly', refusal: null }),
    onAuthenticationFailed: ({ reason }) => {
      // Access tokens are short-lived: an expired one is renewed once from the refresh cookie.
      if (reason === 'unauthenticated' && !retriedWithFreshToken) {
        retriedWithFreshToken = true;
        void renewedAccessToken().then(() => provider.sendToken());
        return;
      }
      set({ refusal: reason, connection: 'refused' });
    },
    onSynced: ({ state: synced }) => set({ synced }),
    onUnsyncedChanges: ({ number }) => set({ unsyncedChanges: number }),
    onAwarenessChange: ({ states }) => set({ people: peopleOf(states, doc.clientID) }),
  });
  // The server fills in every connection's name and colour for the others; locally we say who we are.
  if (me) provider.setAwarenessField('user', me);
  return {
    doc,
    provider,
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => state,
    connect: () => {
      provider.attach();
      void socket.connect();
    },
    disconnect: () => {
      provider.detach();
      socket.disconnect();
    },
  };
}

/** A Y.Doc kept in sync with the server's copy of a document over Hocuspocus, with presence. */
export function useCollaboration(documentId: string, me: CollaboratorPresence | null): Collaboration {
  const meId = me?.id;
  // Recreated only for another document or another person, not for a new object with the same values.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const session = useMemo(() => createSession(documentId, me), [documentId, meId]);
  const state = useSyncExternalStore(session.subscribe, session.snapshot);
  useEffect(() => {
    session.connect();
    return session.disconnect;
  }, [session]);
  return useMemo(() => ({ doc: session.doc, provider: session.provider, ...state }), [session, state]);
}
