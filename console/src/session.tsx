import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken } from './api';
import type { Permission, SessionInfo } from './types';

interface SessionState {
  /** undefined while the first check runs, null when nobody is signed in. */
  session: SessionInfo | null | undefined;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Forget the session after the server said it ended (401). */
  expire(): void;
  can(permission: Permission): boolean;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);

  const adopt = useCallback((info: SessionInfo | null) => {
    setCsrfToken(info?.csrfToken ?? null);
    setSession(info);
  }, []);

  useEffect(() => {
    // Any failure (401 first of all) shows the sign-in page.
    api<SessionInfo>('/session')
      .then(adopt)
      .catch(() => adopt(null));
  }, [adopt]);

  const state: SessionState = {
    session,
    signIn: async (email, password) => adopt(await api<SessionInfo>('/auth/login', { body: { email, password } })),
    signOut: async () => {
      await api('/auth/logout', { body: {} }).catch(() => undefined);
      adopt(null);
    },
    expire: () => adopt(null),
    can: (permission) => session?.permissions.includes(permission) === true,
  };
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (state === undefined) throw new Error('useSession needs a SessionProvider');
  return state;
}

/** Runs `load` and keeps its result, its error, and a reload; a 401 ends the session. */
export function useApi<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: string | undefined; loading: boolean; reload: () => void } {
  const { expire } = useSession();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then((value) => {
        if (!live) return;
        setData(value);
        setError(undefined);
      })
      .catch((caught: unknown) => {
        if (!live) return;
        if (caught instanceof ApiError && caught.status === 401) expire();
        setError(caught instanceof Error ? caught.message : String(caught));
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
