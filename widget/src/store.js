// The only browser storage the widget uses: one sessionStorage entry, written after the
// visitor started the chat, removed when the conversation is deleted. No cookies, no
// localStorage. Storage may be unavailable (privacy modes): then nothing is remembered.

const KEY = "diskret-chat";
const MAX_MESSAGES = 80;
const SESSION_ID = /^[A-Za-z0-9_-]{8,64}$/;

function storage() {
  try {
    return window.sessionStorage;
  } catch (error) {
    return null;
  }
}

export function load() {
  const store = storage();
  if (!store) return null;
  try {
    const raw = store.getItem(KEY);
    if (!raw) return null;
    const data = JSON.parse(raw);
    if (!data || !SESSION_ID.test(data.sessionId || "")) return null;
    const messages = Array.isArray(data.messages) ? data.messages.filter(validMessage) : [];
    return { sessionId: data.sessionId, messages };
  } catch (error) {
    return null;
  }
}

export function save(sessionId, messages) {
  const store = storage();
  if (!store || !SESSION_ID.test(sessionId || "")) return;
  try {
    store.setItem(KEY, JSON.stringify({ sessionId, messages: messages.slice(-MAX_MESSAGES) }));
  } catch (error) {
    // quota or disabled storage: the chat still works, it just won't survive a page change
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

function validMessage(message) {
  return (
    message &&
    (message.from === "bot" || message.from === "user") &&
    typeof message.text === "string" &&
    typeof message.time === "number"
  );
}
