// Entry point: reads the embedding <script> tag's data attributes and adds the launcher.
//
//   <script src="/widget.js" data-server="http://localhost:5005" data-lang="de"
//           data-privacy-url="/datenschutz.html" defer></script>
//
// Optional: data-name (shown in the title), data-socket-path (default /socket.io/),
// data-session-minutes, data-transcript-days, data-lead-days (numbers in the notice),
// data-max-chars (longest message, default 2000).

import { ChatWidget } from "./widget.js";
import { pickLanguage } from "./i18n.js";
import { safeHttpUrl } from "./dom.js";

function number(value, fallback) {
  const parsed = parseInt(value, 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

function configFrom(script) {
  const data = (script && script.dataset) || {};
  const server = safeHttpUrl(data.server || "", document.baseURI);
  if (!server) throw new Error("Diskret widget: data-server must be an http(s) URL");
  return {
    server: new URL(server).origin,
    socketPath: data.socketPath || "/socket.io/",
    language: pickLanguage(data.lang, document.documentElement.lang),
    privacyUrl: data.privacyUrl ? safeHttpUrl(data.privacyUrl, document.baseURI) : null,
    name: (data.name || "").slice(0, 60),
    maxChars: number(data.maxChars, 2000),
    numbers: {
      sessionMinutes: number(data.sessionMinutes, 30),
      transcriptDays: number(data.transcriptDays, 30),
      leadDays: number(data.leadDays, 180),
    },
  };
}

function boot(script) {
  if (window.diskretChat) return;
  try {
    window.diskretChat = new ChatWidget(configFrom(script));
  } catch (error) {
    if (window.console) window.console.error(error.message || error);
  }
}

const current = document.currentScript || document.querySelector("script[data-server][src*='widget']");
if (document.body) boot(current);
else document.addEventListener("DOMContentLoaded", () => boot(current));
