import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, endSession, onSessionChange, refreshSession } from '../lib/api.ts';
import type { User } from '../lib/types.ts';

type SessionState = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; user: User; restored: boolean };

interface SessionContextValue {
  state: SessionState;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Restores the session from the refresh cookie on load and tracks sign-in and sign-out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    const unsubscribe = onSessionChange((session, restored) => {
      if (session) {
        setState({ status: 'signed-in', user: session.user, restored });
      } else {
        setState({ status: 'signed-out' });
        queryClient.clear();
      }
    });
    void refreshSession().then((session) => {
      if (!session) setState({ status: 'signed-out' });
    });
    return () => {
      unsubscribe();
    };
  }, [queryClient]);

  const signOut = useCallback(async () => {
    try {
      await api.post('/auth/logout', undefined, { csrf: true });
    } finally {
      endSession();
    }
  }, []);

  const value = useMemo(() => ({ state, signOut }), [state, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside SessionProvider');
  return value;
}
