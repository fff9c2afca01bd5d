// Diskret's chat widget. Nothing happens before the visitor clicks: no connection, no
// storage. Speaks Rasa's socket.io protocol (session_request / user_uttered / bot_uttered).
// The protocol's session id is a secret token the server issues in session_confirm; the
// widget keeps it in sessionStorage and sends it back, and keeps the messages in memory only.

import { io } from "socket.io-client";
import css from "./styles.css";
import { el, linkified, safeHttpUrl } from "./dom.js";
import { texts } from "./i18n.js";
import * as store from "./store.js";

// Sent after the visitor confirmed in the widget: erases at once, at every step (the typed
// "Lösch meine Daten" is asked about by the bot instead).
const ERASE_PAYLOAD = "/confirm_data_deletion";
const REPLY_TIMEOUT_MS = 30000;
const RECONNECT_ATTEMPTS = 6;

let uid = 0;

export class ChatWidget {
  constructor(config) {
    this.config = config;
    this.t = texts(config.language, config.numbers);
    this.socket = null;
    this.sessionId = null; // the session token: whoever holds it can continue the conversation
    this.resumed = false; // continued from an earlier page of this tab, whose messages are not kept
    this.ready = false;
    this.outbox = [];
    this.messages = [];
    this.waitTimer = null;
    this.eraseTimer = null;
    this.prefix = `dk${++uid}`;
    this.timeFormat = new Intl.DateTimeFormat(config.language === "en" ? "en-GB" : "de-DE", {
      hour: "2-digit",
      minute: "2-digit",
    });
    this.render();
  }

  // ---- building the interface -------------------------------------------------------

  id(name) {
    return `${this.prefix}-${name}`;
  }

  render() {
    const t = this.t;
    this.host = el("div", { id: "diskret-chat", lang: this.config.language });
    const root = this.host.attachShadow({ mode: "open" });
    applyStyles(root);

    this.launcher = el("button", {
      type: "button",
      className: "launcher",
      "aria-label": t.launcherLabel,
      "aria-expanded": "false",
      "aria-controls": this.id("panel"),
    }, [chatIcon(), el("span", { text: t.launcher, "aria-hidden": "true" })]);

    const title = this.config.name ? `${t.title} · ${this.config.name}` : t.title;
    this.status = el("p", { className: "status", role: "status", id: this.id("status") });
    this.deleteButton = el("button", {
      type: "button", className: "head-button delete", "aria-label": t.deleteLabel, title: t.deleteLabel, hidden: true,
    }, [trashIcon(), el("span", { text: t.delete, "aria-hidden": "true" })]);
    this.closeButton = el("button", {
      type: "button", className: "head-button close", "aria-label": t.close, title: t.close,
    }, [closeIcon()]);
    const header = el("div", { className: "header" }, [
      el("div", { className: "heading" }, [el("h2", { id: this.id("title"), text: title }), this.status]),
      this.deleteButton,
      this.closeButton,
    ]);

    this.eraseConfirm = this.renderEraseConfirm();
    this.notice = this.renderNotice();
    this.log = el("div", {
      className: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": t.logLabel,
      tabindex: "0", id: this.id("log"),
    });
    this.emptyHint = el("p", { className: "empty", text: t.empty });
    this.earlierNote = el("p", { className: "empty earlier", text: t.earlier });
    this.typing = el("div", { className: "typing", hidden: true }, [
      el("span", { className: "dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
      el("span", { className: "sr", text: t.typing }),
    ]);
    this.typingStatus = el("div", { className: "sr", role: "status" });
    this.alert = el("div", { className: "alert", role: "alert" });
    this.retryButton = el("button", { type: "button", className: "retry", text: t.retry, hidden: true });
    this.input = el("input", {
      type: "text", id: this.id("input"), className: "input", autocomplete: "off", enterkeyhint: "send",
      maxlength: String(this.config.maxChars), placeholder: t.placeholder,
    });
    this.sendButton = el("button", { type: "submit", className: "send" }, [sendIcon(), el("span", { className: "sr", text: t.send })]);
    this.form = el("form", { className: "composer", novalidate: true }, [
      el("label", { for: this.id("input"), className: "sr", text: t.inputLabel }),
      this.input,
      this.sendButton,
    ]);
    this.chat = el("div", { className: "chat", hidden: true }, [
      this.log, this.typing, this.typingStatus, el("div", { className: "alert-row" }, [this.alert, this.retryButton]),
      this.form,
    ]);

    this.panel = el("div", {
      className: "panel", id: this.id("panel"), role: "dialog", "aria-labelledby": this.id("title"),
      "aria-describedby": this.id("notice-text"), hidden: true,
    }, [header, this.eraseConfirm, this.notice, this.chat]);

    this.root = el("div", { className: "root" }, [this.panel, this.launcher]);
    root.append(this.root);
    document.body.append(this.host);
    this.bind();

    const saved = store.load();
    if (saved) {
      this.sessionId = saved;
      this.resumed = true;
    }
  }

  /** The header's Löschen asks here first, inline (no browser confirm()). */
  renderEraseConfirm() {
    const t = this.t;
    this.eraseYes = el("button", { type: "button", className: "confirm-erase", text: t.eraseConfirm });
    this.eraseNo = el("button", { type: "button", className: "cancel-erase", text: t.eraseCancel });
    return el("div", {
      className: "erase-confirm", role: "group", "aria-labelledby": this.id("erase-question"), hidden: true,
    }, [
      el("p", { id: this.id("erase-question"), text: t.eraseQuestion }),
      el("div", { className: "erase-actions" }, [this.eraseYes, this.eraseNo]),
    ]);
  }

  renderNotice() {
    const t = this.t;
    this.startButton = el("button", { type: "button", className: "start", text: t.start });
    const items = t.noticeItems.map((item) => el("li", { text: item }));
    const privacyHref = this.config.privacyUrl;
    const more = privacyHref
      ? el("p", {}, [
          document.createTextNode(`${t.privacyMore} `),
          el("a", { href: privacyHref, text: t.privacyLink }),
        ])
      : null;
    this.noticeStatus = el("p", { className: "notice-status", role: "status" });
    return el("div", { className: "notice" }, [
      this.noticeStatus,
      el("div", { id: this.id("notice-text") }, [
        el("h3", { text: t.noticeHeading }),
        el("ul", {}, items),
      ]),
      more,
      this.startButton,
    ]);
  }

  bind() {
    this.launcher.addEventListener("click", () => (this.isOpen() ? this.close() : this.open()));
    this.closeButton.addEventListener("click", () => this.close());
    this.startButton.addEventListener("click", () => this.startChat());
    this.deleteButton.addEventListener("click", () => this.askErase());
    this.eraseYes.addEventListener("click", () => {
      this.hideEraseConfirm();
      this.requestErase();
    });
    this.eraseNo.addEventListener("click", () => {
      this.hideEraseConfirm();
      this.deleteButton.focus();
    });
    this.retryButton.addEventListener("click", () => this.reconnect());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.root.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !this.eraseConfirm.hidden) {
        event.preventDefault();
        this.hideEraseConfirm();
        this.deleteButton.focus();
      } else if (event.key === "Escape" && this.isOpen()) {
        event.preventDefault();
        this.close();
      } else if (event.key === "Tab" && this.isOpen() && this.isFullScreen()) {
        this.keepFocusInside(event);
      }
    });
  }

  // ---- opening and closing ----------------------------------------------------------

  isOpen() {
    return !this.panel.hidden;
  }

  isFullScreen() {
    return window.matchMedia("(max-width: 480px)").matches;
  }

  /** On phones the open chat covers the page: Tab cycles within it instead of into the hidden page. */
  keepFocusInside(event) {
    const items = Array.from(
      this.panel.querySelectorAll("button, input, a[href], [tabindex='0']")
    ).filter((item) => !item.disabled && item.getClientRects().length > 0);
    if (!items.length) return;
    const active = this.host.shadowRoot.activeElement;
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && (active === first || !items.includes(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !items.includes(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  open() {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.host.classList.add("open");
    if (this.sessionId) {
      // the visitor started this chat earlier in this tab: carry on where they left off
      this.startChat();
    } else {
      this.showNotice();
      this.startButton.focus();
    }
  }

  close() {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.host.classList.remove("open");
    this.launcher.focus();
  }

  showNotice() {
    this.hideEraseConfirm();
    this.notice.hidden = false;
    this.chat.hidden = true;
    this.deleteButton.hidden = true;
    this.panel.setAttribute("aria-describedby", this.id("notice-text"));
  }

  showChat() {
    this.notice.hidden = true;
    this.chat.hidden = false;
    this.deleteButton.hidden = false;
    this.panel.removeAttribute("aria-describedby");
    this.noticeStatus.textContent = "";
  }

  // ---- the conversation -------------------------------------------------------------

  startChat() {
    this.showChat();
    this.renderTranscript();
    this.input.focus();
    this.connect();
  }

  connect() {
    if (this.socket) {
      if (!this.socket.connected) this.socket.connect();
      return;
    }
    this.setStatus(this.t.connecting);
    const socket = io(this.config.server, {
      path: this.config.socketPath,
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      withCredentials: false,
      reconnectionAttempts: RECONNECT_ATTEMPTS,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      timeout: 8000,
    });
    this.socket = socket;
    socket.on("connect", () => {
      this.ready = false;
      socket.emit("session_request", { session_id: this.sessionId });
    });
    socket.on("session_confirm", (value) => this.onSessionConfirm(value));
    socket.on("bot_uttered", (message) => this.onBotMessage(message));
    socket.on("disconnect", (reason) => {
      this.ready = false;
      if (reason !== "io client disconnect") this.setStatus(this.t.reconnecting);
    });
    socket.on("connect_error", () => {
      this.ready = false;
      if (this.everConnected) {
        this.setStatus(this.t.reconnecting);
      } else {
        // never reached the server: say so now, and keep trying in the background
        this.setStatus(this.t.connecting);
        this.alert.textContent = this.t.unreachable;
      }
    });
    socket.io.on("reconnect_failed", () => this.onUnreachable());
  }

  reconnect() {
    this.retryButton.hidden = true;
    this.alert.textContent = "";
    this.setStatus(this.t.connecting);
    if (this.socket) this.socket.connect();
    else this.connect();
  }

  onUnreachable() {
    this.setStatus("");
    this.hideTyping();
    this.alert.textContent = this.t.unreachable;
    this.retryButton.hidden = false;
  }

  onSessionConfirm(value) {
    const sessionId = typeof value === "string" ? value : value && value.session_id;
    if (!store.isSessionId(sessionId)) return;
    if (this.sessionId && this.sessionId !== sessionId) {
      // the server started a fresh session: the old transcript no longer belongs to it
      this.messages = [];
      this.resumed = false;
      this.renderTranscript();
    }
    this.sessionId = sessionId;
    this.ready = true;
    this.everConnected = true;
    this.alert.textContent = "";
    this.retryButton.hidden = true;
    this.setStatus(this.t.connected);
    store.save(this.sessionId);
    const pending = this.outbox.splice(0);
    for (const message of pending) this.emitMessage(message);
  }

  submit() {
    const text = this.input.value.trim();
    if (!text) return;
    if (text.length > this.config.maxChars) {
      this.alert.textContent = this.t.tooLong;
      return;
    }
    this.input.value = "";
    this.send(text, text);
  }

  /** Shows ``shown`` as the visitor's message and sends ``message`` (a text or an intent payload). */
  send(message, shown) {
    this.clearQuickReplies();
    if (shown) this.addMessage({ from: "user", text: shown, time: Date.now() });
    this.alert.textContent = "";
    this.showTyping();
    if (this.ready && this.socket && this.socket.connected) {
      this.emitMessage(message);
    } else {
      this.outbox.push(message);
      this.alert.textContent = this.t.queued;
      this.connect();
    }
  }

  emitMessage(message) {
    this.socket.emit("user_uttered", {
      message,
      session_id: this.sessionId,
      customData: { language: this.config.language },
    });
  }

  onBotMessage(data) {
    if (!data || typeof data !== "object") return;
    if (data.diskret_event === "conversation_erased") {
      this.onErased();
      return;
    }
    this.hideTyping();
    if (data.diskret_export && typeof data.diskret_export === "object") {
      this.addExport(data.diskret_export);
      return;
    }
    const text = typeof data.text === "string" ? data.text : "";
    const quick = Array.isArray(data.quick_replies || data.buttons)
      ? (data.quick_replies || data.buttons)
          .filter((reply) => reply && typeof reply.title === "string" && typeof reply.payload === "string")
          .slice(0, 8)
          .map((reply) => ({ title: reply.title, payload: reply.payload }))
      : [];
    if (!text && !quick.length) return;
    this.addMessage({ from: "bot", text, time: Date.now(), quick: quick.length ? quick : undefined });
  }

  // ---- deletion ---------------------------------------------------------------------

  askErase() {
    if (!this.sessionId && !this.messages.length) {
      this.onErased();
      return;
    }
    this.eraseConfirm.hidden = false;
    this.eraseNo.focus();
  }

  hideEraseConfirm() {
    this.eraseConfirm.hidden = true;
  }

  requestErase() {
    if (!this.sessionId && !this.messages.length) {
      this.onErased();
      return;
    }
    if (!(this.ready && this.socket && this.socket.connected)) {
      this.alert.textContent = this.t.deleteFailed;
      this.connect();
      return;
    }
    this.clearQuickReplies();
    this.showTyping();
    this.emitMessage(ERASE_PAYLOAD);
    clearTimeout(this.eraseTimer);
    this.eraseTimer = setTimeout(() => {
      this.hideTyping();
      this.alert.textContent = this.t.deleteFailed;
    }, REPLY_TIMEOUT_MS);
  }

  onErased() {
    clearTimeout(this.eraseTimer);
    store.clear();
    this.sessionId = null;
    this.resumed = false;
    this.ready = false;
    this.outbox = [];
    this.messages = [];
    if (this.socket) {
      this.socket.removeAllListeners();
      this.socket.io.removeAllListeners();
      this.socket.disconnect();
      this.socket = null;
    }
    this.hideTyping();
    this.log.replaceChildren();
    this.alert.textContent = "";
    this.setStatus("");
    this.showNotice();
    this.noticeStatus.textContent = this.t.erased;
    if (this.isOpen()) this.startButton.focus();
  }

  // ---- transcript -------------------------------------------------------------------

  addMessage(message) {
    this.messages.push(message);
    this.emptyHint.remove();
    this.log.append(this.renderMessage(message, true));
    this.scrollDown();
  }

  renderTranscript() {
    this.log.replaceChildren();
    if (this.resumed) this.log.append(this.earlierNote);
    if (!this.messages.length) {
      if (!this.resumed) this.log.append(this.emptyHint);
      return;
    }
    this.messages.forEach((message, index) => {
      this.log.append(this.renderMessage(message, index === this.messages.length - 1));
    });
    this.scrollDown();
  }

  renderMessage(message, withQuickReplies) {
    const t = this.t;
    const time = new Date(message.time);
    const bubble = el("div", { className: "bubble" });
    bubble.append(...linkified(message.text));
    const item = el("div", { className: `message ${message.from}` }, [
      el("span", { className: "sr", text: `${message.from === "user" ? t.you : t.bot}: ` }),
      bubble,
      el("time", { datetime: time.toISOString(), text: this.timeFormat.format(time) }),
    ]);
    if (withQuickReplies && message.quick && message.quick.length) {
      const group = el("div", { className: "quick", role: "group", "aria-label": t.quickLabel });
      for (const reply of message.quick) {
        const button = el("button", { type: "button", className: "quick-reply", text: reply.title });
        button.addEventListener("click", () => {
          this.send(reply.payload, reply.title);
          this.input.focus();
        });
        group.append(button);
      }
      item.append(group);
    }
    return item;
  }

  clearQuickReplies() {
    for (const group of this.log.querySelectorAll(".quick")) group.remove();
    for (const message of this.messages) delete message.quick;
  }

  addExport(data) {
    // offered as a file built from JSON text: nothing of it is ever interpreted as HTML
    const button = el("button", { type: "button", className: "quick-reply", text: this.t.exportButton });
    button.addEventListener("click", () => {
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      const url = URL.createObjectURL(blob);
      const link = el("a", { href: url, download: `diskret-export-${new Date().toISOString().slice(0, 10)}.json` });
      link.hidden = true;
      this.panel.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    });
    const item = el("div", { className: "message bot" }, [
      el("span", { className: "sr", text: `${this.t.bot}: ` }),
      el("div", { className: "bubble", text: this.t.exportReady }),
      el("div", { className: "quick" }, [button]),
    ]);
    this.emptyHint.remove();
    this.log.append(item);
    this.scrollDown();
  }

  scrollDown() {
    this.log.scrollTop = this.log.scrollHeight;
  }

  showTyping() {
    this.typing.hidden = false;
    this.typingStatus.textContent = this.t.typing;
    clearTimeout(this.waitTimer);
    this.waitTimer = setTimeout(() => {
      this.hideTyping();
      if (this.ready) this.alert.textContent = this.t.noAnswer;
    }, REPLY_TIMEOUT_MS);
  }

  hideTyping() {
    clearTimeout(this.waitTimer);
    this.typing.hidden = true;
    this.typingStatus.textContent = "";
  }

  setStatus(text) {
    this.status.textContent = text;
  }
}

function applyStyles(root) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch (error) {
    root.append(el("style", { text: css }));
  }
}

const SVG = "http://www.w3.org/2000/svg";

function icon(paths) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  for (const d of paths) {
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}

const chatIcon = () => icon(["M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"]);
const closeIcon = () => icon(["M6 6l12 12M18 6L6 18"]);
const trashIcon = () => icon(["M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3"]);
const sendIcon = () => icon(["M3 20l18-8L3 4l2 8-2 8zM5 12h8"]);

export { safeHttpUrl };
