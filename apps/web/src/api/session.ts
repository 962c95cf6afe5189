import { reactive } from 'vue';

/**
 * The logged-in session, kept in sessionStorage (a tab's life): the token pair and who it is. When a session
 * expires the portal sends the reader to the login page with the page to come back to.
 */
const KEY = 'etendering.session';

interface Stored {
  accessToken: string;
  refreshToken: string;
  username: string;
  displayName: string;
  role: string;
  organisationName: string;
}

function load(): Partial<Stored> {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Partial<Stored>;
  } catch {
    return {};
  }
}

const state = reactive<Partial<Stored> & { expired: boolean }>({ ...load(), expired: false });

let onExpired: (() => void) | null = null;

export const session = {
  get accessToken() {
    return state.accessToken;
  },
  get refreshToken() {
    return state.refreshToken;
  },
  get loggedIn() {
    return !!state.accessToken;
  },
  get expired() {
    return state.expired;
  },
  get who() {
    return { username: state.username ?? '', displayName: state.displayName ?? '', role: state.role ?? '', organisationName: state.organisationName ?? '' };
  },
  store(pair: { accessToken: string; refreshToken: string }, who?: { username: string; displayName: string; role: string; organisationName: string }) {
    Object.assign(state, pair, who ?? {}, { expired: false });
    const { expired: _expired, ...persist } = state;
    sessionStorage.setItem(KEY, JSON.stringify(persist));
  },
  clear() {
    for (const k of ['accessToken', 'refreshToken', 'username', 'displayName', 'role', 'organisationName'] as const) delete state[k];
    sessionStorage.removeItem(KEY);
  },
  /** The API said the session is no longer valid: forget it and let the router ask to log in again. */
  expire() {
    session.clear();
    state.expired = true;
    onExpired?.();
  },
  onExpired(handler: () => void) {
    onExpired = handler;
  },
};
