// The only browser storage the widget uses: one sessionStorage entry holding the session token
// the server issued, written after the visitor started the chat, removed when the conversation
// is deleted. Never the messages: what the visitor typed (names, addresses, ...) stays in
// memory only, because the browser is the one place it would be kept unredacted. No cookies,
// no localStorage. Storage may be unavailable (privacy modes): then nothing is remembered.

const KEY = "diskret-chat";
const SESSION_ID = /^[A-Za-z0-9_-]{8,64}$/;

function storage() {
  try {
    return window.sessionStorage;
  } catch (error) {
    return null;
  }
}

/** The stored session token, or null. An entry of an older widget that kept the transcript is cut down to the token. */
export function load() {
  const store = storage();
  if (!store) return null;
  try {
    const raw = store.getItem(KEY);
    if (!raw) return null;
    const data = JSON.parse(raw);
    if (!data || !SESSION_ID.test(data.sessionId || "")) {
      store.removeItem(KEY);
      return null;
    }
    if (Object.keys(data).length > 1) save(data.sessionId);
    return data.sessionId;
  } catch (error) {
    return null;
  }
}

export function save(sessionId) {
  const store = storage();
  if (!store || !SESSION_ID.test(sessionId || "")) return;
  try {
    store.setItem(KEY, JSON.stringify({ sessionId }));
  } catch (error) {
    // quota or disabled storage: the chat still works, it just won't continue after a page change
  }
}

export function clear() {
  const store = storage();
  if (!store) return;
  try {
    store.removeItem(KEY);
  } catch (error) {
    // nothing to do
  }
}

export function isSessionId(value) {
  return typeof value === "string" && SESSION_ID.test(value);
}
