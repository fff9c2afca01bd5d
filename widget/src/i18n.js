// The widget's own words, German and English. Bot messages come from the server in the
// visitor's language; these are only the frame around them.

const TEXTS = {
  de: {
    launcher: "Chat",
    launcherLabel: "Chat mit dem KI-Assistenten öffnen",
    title: "KI-Assistent",
    close: "Chat schließen",
    delete: "Löschen",
    deleteLabel: "Unterhaltung löschen (auf dem Server und in diesem Browser)",
    eraseQuestion: "Dieses Gespräch mit allen Angaben, auch einer Kontaktanfrage, wirklich löschen?",
    eraseConfirm: "Löschen",
    eraseCancel: "Abbrechen",
    noticeHeading: "Bevor es losgeht",
    noticeItems: [
      "Sie chatten mit einem KI-Assistenten – einem Computerprogramm, keinem Menschen.",
      "Personenbezogene Angaben (z. B. Namen, E-Mail-Adressen, Telefonnummern) werden aus Ihren Nachrichten entfernt, bevor etwas gespeichert wird.",
      "Der Gesprächsverlauf wird {sessionMinutes} Minuten nach Ihrer letzten Nachricht gelöscht. Bereinigte Protokolle ohne personenbezogene Daten bewahren wir {transcriptDays} Tage auf.",
      "Kontaktdaten speichern wir nur mit Ihrer ausdrücklichen Einwilligung (verschlüsselt, höchstens {leadDays} Tage).",
      "Keine Cookies. Erst mit „Chat starten“ wird eine Verbindung aufgebaut; dieser Browser-Tab merkt sich nur einen zufälligen Gesprächsschlüssel (nicht Ihre Nachrichten), bis Sie ihn schließen oder den Chat löschen.",
    ],
    privacyLink: "Datenschutzerklärung",
    privacyMore: "Alle Details:",
    start: "Chat starten",
    logLabel: "Chatverlauf",
    empty: "Stellen Sie Ihre Frage – zum Beispiel zu unseren Leistungen, Preisen oder einer kostenlosen Beratung.",
    earlier: "Ihr Gespräch geht hier weiter. Frühere Nachrichten werden auf dieser Seite nicht angezeigt, weil der Chat sie nicht in Ihrem Browser speichert.",
    inputLabel: "Ihre Nachricht",
    placeholder: "Nachricht schreiben …",
    send: "Senden",
    you: "Sie",
    bot: "Assistent",
    typing: "Der Assistent schreibt …",
    quickLabel: "Antwortmöglichkeiten",
    connecting: "Verbindung wird aufgebaut …",
    connected: "Verbunden",
    reconnecting: "Verbindung unterbrochen – neuer Versuch läuft …",
    unreachable: "Der Chat ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut oder kontaktieren Sie uns direkt.",
    retry: "Erneut verbinden",
    queued: "Ihre Nachricht wird gesendet, sobald die Verbindung steht.",
    erased: "Ihre Unterhaltung wurde gelöscht – auf dem Server und in diesem Browser.",
    deleteFailed: "Löschen ist gerade nicht möglich, weil keine Verbindung besteht. Bitte versuchen Sie es gleich noch einmal.",
    exportReady: "Ihre Daten als Datei:",
    exportButton: "Daten herunterladen (JSON)",
    noAnswer: "Keine Antwort erhalten. Bitte versuchen Sie es noch einmal.",
    tooLong: "Die Nachricht ist zu lang (höchstens {max} Zeichen).",
  },
  en: {
    launcher: "Chat",
    launcherLabel: "Open chat with the AI assistant",
    title: "AI assistant",
    close: "Close chat",
    delete: "Delete",
    deleteLabel: "Delete conversation (on the server and in this browser)",
    eraseQuestion: "Really delete this conversation with everything in it, a contact request included?",
    eraseConfirm: "Delete",
    eraseCancel: "Cancel",
    noticeHeading: "Before you start",
    noticeItems: [
      "You are chatting with an AI assistant – a computer program, not a human.",
      "Personal details (e.g. names, e-mail addresses, phone numbers) are removed from your messages before anything is stored.",
      "The conversation is deleted {sessionMinutes} minutes after your last message. Redacted transcripts without personal data are kept for {transcriptDays} days.",
      "Contact details are stored only with your explicit consent (encrypted, {leadDays} days at most).",
      "No cookies. Nothing connects until you click “Start chat”; this browser tab remembers only a random conversation key (not your messages) until you close it or delete the chat.",
    ],
    privacyLink: "Privacy notice",
    privacyMore: "Full details:",
    start: "Start chat",
    logLabel: "Chat messages",
    empty: "Ask your question – for example about our services, prices or a free consultation.",
    earlier: "Your conversation continues here. Earlier messages are not shown on this page, because the chat does not store them in your browser.",
    inputLabel: "Your message",
    placeholder: "Type a message …",
    send: "Send",
    you: "You",
    bot: "Assistant",
    typing: "The assistant is typing …",
    quickLabel: "Suggested answers",
    connecting: "Connecting …",
    connected: "Connected",
    reconnecting: "Connection lost – trying again …",
    unreachable: "The chat is not available right now. Please try again later or contact us directly.",
    retry: "Reconnect",
    queued: "Your message will be sent as soon as the connection is back.",
    erased: "Your conversation has been deleted – on the server and in this browser.",
    deleteFailed: "Deleting is not possible right now because there is no connection. Please try again in a moment.",
    exportReady: "Your data as a file:",
    exportButton: "Download data (JSON)",
    noAnswer: "No answer received. Please try again.",
    tooLong: "The message is too long (at most {max} characters).",
  },
};

export function pickLanguage(requested, pageLanguage) {
  const value = String(requested || pageLanguage || "").trim().toLowerCase();
  return value.startsWith("en") ? "en" : "de";
}

export function texts(language, numbers) {
  const table = TEXTS[language] || TEXTS.de;
  const fill = (value) => value.replace(/\{(\w+)\}/g, (match, key) => (key in numbers ? String(numbers[key]) : match));
  const result = {};
  for (const [key, value] of Object.entries(table)) {
    result[key] = Array.isArray(value) ? value.map(fill) : fill(value);
  }
  return result;
}
