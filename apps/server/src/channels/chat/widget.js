/* global window, document, EventSource */
/**
 * Moked chat widget. Embed with one tag:
 *   <script src="https://<moked>/api/v1/public/chat/widget.js" data-line="<line slug>"
 *           data-color="#0b7285" data-logo="https://…/logo.png" data-lang="he" async></script>
 * The line's colour, logo, greeting, corner and languages come from its settings in Moked (GET /lines/:slug);
 * data-color and data-logo on the tag, when given, win over them.
 * Plain JavaScript with no dependencies, inside a shadow root so the host page's styles and ours never mix.
 * Everything the visitor sees is set as text (textContent), never as HTML.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__mokedChat) return;
  window.__mokedChat = true;
  var ORIGIN = new URL(script.src).origin;
  var API = ORIGIN + "/api/v1/public/chat";
  var LINE = script.getAttribute("data-line") || "";
  var COLOR = /^#[0-9a-fA-F]{3,8}$/.test(script.getAttribute("data-color") || "") ? script.getAttribute("data-color") : null;
  var LOGO = script.getAttribute("data-logo") || "";
  var STORE = "moked-chat:" + LINE;

  var T = {
    he: { open: "צ׳אט עם נציג", title: "שיחה עם נציג", language: "שפה", name: "שם", phone: "טלפון", email: "דוא״ל", topic: "נושא", start: "התחלת שיחה", send: "שליחה", placeholder: "כתבו הודעה…", queued: "אתם במקום {p} בתור", wait: "זמן המתנה משוער: כ-{m} דק׳", waiting: "ממתינים לנציג…", connected: "מחוברים עם {n}", connectedAnon: "מחוברים עם נציג", ended: "השיחה הסתיימה", typing: "הנציג מקליד…", closed: "המוקד סגור כעת.", long: "ההמתנה ארוכה.", choose: "אפשר להשאיר הודעה או לבקש שנחזור אליכם:", leaveMessage: "השארת הודעה", callback: "חזרו אליי", yourMessage: "ההודעה שלכם", submit: "שליחה", back: "חזרה", when: "מתי נוח (לא חובה)", messageLeft: "ההודעה נמסרה. נחזור אליכם בהקדם.", callbackSet: "קיבלנו. נחזור אליכם בטלפון.", transcript: "שלחו לי את השיחה בדוא״ל", transcriptSent: "השיחה נשלחה לדוא״ל.", end: "סיום שיחה", newChat: "שיחה חדשה", attach: "צירוף קובץ (תמונה או PDF)", required: "נא למלא שם", error: "משהו השתבש, נסו שוב", reconnecting: "מתחברים מחדש…", close: "סגירה", rate: "איך היה השירות?", rateN: "דירוג {n} מתוך 5", rated: "תודה על הדירוג!", you: "אתם", agent: "נציג" },
    en: { open: "Chat with us", title: "Chat with an agent", language: "Language", name: "Name", phone: "Phone", email: "E-mail", topic: "Topic", start: "Start chat", send: "Send", placeholder: "Write a message…", queued: "You are number {p} in line", wait: "Expected wait: about {m} min", waiting: "Waiting for an agent…", connected: "Connected with {n}", connectedAnon: "Connected with an agent", ended: "The chat has ended", typing: "The agent is typing…", closed: "We are closed right now.", long: "The wait is long.", choose: "You can leave a message or ask us to call you back:", leaveMessage: "Leave a message", callback: "Call me back", yourMessage: "Your message", submit: "Send", back: "Back", when: "When suits you (optional)", messageLeft: "Your message was delivered. We will get back to you soon.", callbackSet: "Got it. We will call you back.", transcript: "E-mail me the transcript", transcriptSent: "The transcript is on its way.", end: "End chat", newChat: "New chat", attach: "Attach a file (image or PDF)", required: "Please enter your name", error: "Something went wrong, please try again", reconnecting: "Reconnecting…", close: "Close", rate: "How did we do?", rateN: "Rate {n} of 5", rated: "Thank you for your rating!", you: "You", agent: "Agent" },
    ar: { open: "دردشة مع موظف", title: "محادثة مع موظف", language: "اللغة", name: "الاسم", phone: "الهاتف", email: "البريد الإلكتروني", topic: "الموضوع", start: "بدء المحادثة", send: "إرسال", placeholder: "اكتب رسالة…", queued: "أنت رقم {p} في الدور", wait: "وقت الانتظار المتوقع: حوالي {m} دقيقة", waiting: "في انتظار موظف…", connected: "متصل مع {n}", connectedAnon: "متصل مع موظف", ended: "انتهت المحادثة", typing: "الموظف يكتب…", closed: "نحن مغلقون الآن.", long: "الانتظار طويل.", choose: "يمكنك ترك رسالة أو طلب أن نعاود الاتصال بك:", leaveMessage: "ترك رسالة", callback: "اتصلوا بي", yourMessage: "رسالتك", submit: "إرسال", back: "رجوع", when: "الوقت المناسب (اختياري)", messageLeft: "تم تسليم رسالتك. سنعود إليك قريبًا.", callbackSet: "تم. سنتصل بك.", transcript: "أرسلوا لي المحادثة بالبريد", transcriptSent: "تم إرسال المحادثة.", end: "إنهاء المحادثة", newChat: "محادثة جديدة", attach: "إرفاق ملف (صورة أو PDF)", required: "يرجى إدخال الاسم", error: "حدث خطأ، حاول مرة أخرى", reconnecting: "جارٍ إعادة الاتصال…", close: "إغلاق", rate: "كيف كانت خدمتنا؟", rateN: "التقييم {n} من 5", rated: "شكرًا على تقييمك!", you: "أنت", agent: "موظف" },
    ru: { open: "Чат с оператором", title: "Чат с оператором", language: "Язык", name: "Имя", phone: "Телефон", email: "Эл. почта", topic: "Тема", start: "Начать чат", send: "Отправить", placeholder: "Напишите сообщение…", queued: "Вы {p}-й в очереди", wait: "Ожидание: около {m} мин", waiting: "Ждём оператора…", connected: "Вы общаетесь с {n}", connectedAnon: "Вы общаетесь с оператором", ended: "Чат завершён", typing: "Оператор печатает…", closed: "Сейчас мы закрыты.", long: "Ожидание долгое.", choose: "Можно оставить сообщение или попросить перезвонить:", leaveMessage: "Оставить сообщение", callback: "Перезвоните мне", yourMessage: "Ваше сообщение", submit: "Отправить", back: "Назад", when: "Удобное время (необязательно)", messageLeft: "Сообщение передано. Мы скоро ответим.", callbackSet: "Принято. Мы вам перезвоним.", transcript: "Прислать переписку на почту", transcriptSent: "Переписка отправлена.", end: "Завершить чат", newChat: "Новый чат", attach: "Прикрепить файл (изображение или PDF)", required: "Введите имя", error: "Что-то пошло не так, попробуйте ещё раз", reconnecting: "Переподключение…", close: "Закрыть", rate: "Как мы справились?", rateN: "Оценка {n} из 5", rated: "Спасибо за оценку!", you: "Вы", agent: "Оператор" },
  };
  var RTL = { he: true, ar: true };

  var state = { lang: pickLang(script.getAttribute("data-lang")), line: null, session: load(), seen: {}, stream: null, status: null, typingTimer: null, lastTyping: 0, draft: {} };
  function pickLang(wanted) {
    var nav = (wanted || (window.navigator && window.navigator.language) || "he").slice(0, 2);
    return T[nav] ? nav : "he";
  }
  function theme() {
    return (state.line && state.line.theme) || {};
  }
  function color() {
    return COLOR || theme().color || "#0b7285";
  }
  /** The tag's logo, else the line's: an https address or a path on the Moked server. */
  function logo() {
    var url = LOGO || theme().logoUrl || "";
    try {
      return url ? new URL(url, ORIGIN).href : "";
    } catch {
      return "";
    }
  }
  function greeting() {
    var g = theme().greeting || {};
    return g[state.lang] || "";
  }
  function t(key, vars) {
    var s = (T[state.lang] || T.he)[key] || T.en[key] || key;
    for (var k in vars || {}) s = s.replace("{" + k + "}", String(vars[k]));
    return s;
  }
  function load() {
    try {
      return JSON.parse(localStorage.getItem(STORE) || "null");
    } catch {
      return null;
    }
  }
  function save(v) {
    try {
      if (v) localStorage.setItem(STORE, JSON.stringify(v));
      else localStorage.removeItem(STORE);
    } catch {
      /* private mode: the chat lasts as long as the page */
    }
  }
  function call(method, path, body, raw) {
    var headers = {};
    if (state.session) headers["x-chat-token"] = state.session.token;
    if (body !== undefined && !raw) headers["content-type"] = "application/json";
    if (raw) headers["content-type"] = raw;
    return fetch(API + path, { method: method, headers: headers, body: body === undefined ? undefined : raw ? body : JSON.stringify(body) }).then(function (res) {
      return res.text().then(function (text) {
        var data = text ? JSON.parse(text) : {};
        if (!res.ok) throw Object.assign(new Error((data.error && data.error.message) || t("error")), { code: data.error && data.error.code });
        return data;
      });
    });
  }

  // ── DOM ─────────────────────────────────────────────────────────────
  var host = document.createElement("div");
  host.setAttribute("data-moked-chat", LINE);
  document.body.appendChild(host);
  var root = host.attachShadow({ mode: "open" });
  var style = document.createElement("style");
  style.textContent =
    ":host{all:initial}*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Arial,sans-serif}" +
    ".launcher{position:fixed;inset-block-end:20px;inset-inline-end:20px;z-index:2147483000;background:var(--c);color:#fff;border:0;border-radius:24px;padding:12px 18px;font-size:15px;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}" +
    ".panel{position:fixed;inset-block-end:20px;inset-inline-end:20px;z-index:2147483001;width:min(370px,calc(100vw - 24px));height:min(560px,calc(100vh - 40px));background:#fff;color:#1a1a1a;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden;font-size:14px}" +
    ".head{background:var(--c);color:#fff;padding:10px 12px;display:flex;align-items:center;gap:8px}.head img{height:28px;max-width:80px;object-fit:contain}.head h2{font-size:15px;margin:0;flex:1}.head button{background:transparent;border:0;color:#fff;font-size:18px;cursor:pointer}" +
    ".status{padding:6px 12px;background:#f1f3f5;font-size:13px;min-height:28px}.body{flex:1;overflow-y:auto;padding:10px 12px;display:flex;flex-direction:column;gap:6px}" +
    ".msg{max-width:82%;padding:7px 10px;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.4}.visitor{align-self:flex-end;background:var(--c);color:#fff}.agent{align-self:flex-start;background:#e9ecef}.system{align-self:center;color:#666;font-size:12px}.msg img{max-width:100%;border-radius:6px;display:block}.msg a{color:inherit}" +
    "form{display:flex;flex-direction:column;gap:8px;padding:12px}label{display:flex;flex-direction:column;gap:3px;font-size:13px}input,select,textarea{font:inherit;padding:7px;border:1px solid #ced4da;border-radius:6px}" +
    ".btn{background:var(--c);color:#fff;border:0;border-radius:6px;padding:8px 12px;cursor:pointer;font:inherit}.btn.alt{background:#fff;color:var(--c);border:1px solid var(--c)}.btn:disabled{opacity:.5}" +
    ".compose{display:flex;gap:6px;padding:8px;border-top:1px solid #dee2e6;align-items:flex-end}.compose textarea{flex:1;resize:none;height:40px}.icon{background:transparent;border:1px solid #ced4da;border-radius:6px;cursor:pointer;padding:7px 9px;font:inherit}" +
    ".choice{padding:8px 12px;background:#fff8e1;display:flex;flex-wrap:wrap;gap:6px;align-items:center}.choice.strong{background:#ffe8a3}.choice p{margin:0;flex-basis:100%;font-size:13px}" +
    ".pos-left .launcher,.pos-left .panel{inset-inline-end:auto;right:auto;left:20px}.pos-right .launcher,.pos-right .panel{inset-inline-end:auto;left:auto;right:20px}.greeting{margin:0;padding:8px 10px;border-radius:8px;background:#f1f3f5;white-space:pre-wrap}" +
    ".foot{display:flex;justify-content:space-between;padding:6px 12px;border-top:1px solid #f1f3f5}.link{background:none;border:0;color:var(--c);cursor:pointer;font:inherit;font-size:12px;padding:0}.err{color:#c92a2a;font-size:13px;min-height:1em}";
  root.appendChild(style);
  var frame = el("div", {});
  root.appendChild(frame);

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var k in attrs) {
      if (k === "text") node.textContent = attrs[k];
      else if (k.indexOf("on") === 0) node.addEventListener(k.slice(2), attrs[k]);
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) {
      if (c) node.appendChild(c);
    });
    return node;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  var panel, statusBar, body, choiceBox, typingLine, errLine, endButton;
  function render() {
    // Re-rendering (the line's settings arriving, a language change) must not lose what the visitor is typing.
    var focused = root.activeElement && root.activeElement.getAttribute("name");
    clear(frame);
    frame.style.setProperty("--c", color());
    frame.className = "pos-" + (theme().position || "auto");
    frame.setAttribute("data-testid", "chat-frame");
    frame.setAttribute("dir", RTL[state.lang] ? "rtl" : "ltr");
    frame.setAttribute("lang", state.lang);
    if (!state.openPanel) {
      frame.appendChild(el("button", { class: "launcher", "data-testid": "chat-launcher", "aria-label": t("open"), text: t("open"), onclick: openPanel }));
      return;
    }
    panel = el("section", { class: "panel", role: "dialog", "aria-label": t("title") });
    panel.appendChild(
      el("div", { class: "head" }, [
        logo() ? el("img", { src: logo(), alt: "", "data-testid": "chat-logo" }) : null,
        el("h2", { text: (state.line && state.line.name) || t("title") }),
        el("button", { "aria-label": t("close"), text: "×", onclick: function () {
          state.openPanel = false;
          render();
        } }),
      ]),
    );
    if (!state.session) panel.appendChild(preChatForm());
    else chatView();
    frame.appendChild(panel);
    if (focused) {
      var again = panel.querySelector('[name="' + focused + '"]');
      if (again) again.focus();
    }
  }

  function openPanel() {
    state.openPanel = true;
    render();
    if (state.session) connect();
  }

  function preChatForm() {
    var langs = (state.line && state.line.languages) || ["he"];
    var names = { he: "עברית", en: "English", ar: "العربية", ru: "Русский" };
    var lang = el("select", { name: "language", "data-testid": "chat-language", onchange: function () {
      state.lang = lang.value;
      render();
    } }, langs.map(function (l) {
      var o = el("option", { value: l, text: names[l] || l });
      if (l === state.lang) o.selected = true;
      return o;
    }));
    function field(attrs) {
      attrs.oninput = function () {
        state.draft[attrs.name] = node.value;
      };
      var node = el("input", attrs);
      node.value = state.draft[attrs.name] || "";
      return node;
    }
    var name = field({ name: "name", autocomplete: "name", required: "required", "data-testid": "chat-name" });
    var phone = field({ name: "phone", type: "tel", autocomplete: "tel", dir: "ltr", "data-testid": "chat-phone" });
    var email = field({ name: "email", type: "email", autocomplete: "email", dir: "ltr", "data-testid": "chat-email" });
    var topic = field({ name: "topic", "data-testid": "chat-topic" });
    errLine = el("div", { class: "err", role: "alert" });
    var form = el("form", { onsubmit: function (e) {
      e.preventDefault();
      if (!name.value.trim()) return (errLine.textContent = t("required"));
      var body = { line: LINE, name: name.value.trim(), language: state.lang };
      if (phone.value.trim()) body.phone = phone.value.trim();
      if (email.value.trim()) body.email = email.value.trim();
      if (topic.value.trim()) body.topic = topic.value.trim();
      call("POST", "/sessions", body).then(function (res) {
        state.session = { id: res.session.id, token: res.session.token, lang: state.lang, phone: body.phone || "", email: body.email || "" };
        state.draft = {};
        save(state.session);
        render();
        connect();
      }, function (err) {
        errLine.textContent = err.message;
      });
    } }, [
      greeting() ? el("p", { class: "greeting", "data-testid": "chat-greeting", text: greeting() }) : null,
      state.line && !state.line.open ? el("p", { text: t("closed") }) : null,
      el("label", {}, [el("span", { text: t("language") }), lang]),
      el("label", {}, [el("span", { text: t("name") + " *" }), name]),
      el("label", {}, [el("span", { text: t("phone") }), phone]),
      el("label", {}, [el("span", { text: t("email") }), email]),
      el("label", {}, [el("span", { text: t("topic") }), topic]),
      errLine,
      el("button", { class: "btn", type: "submit", "data-testid": "chat-start", text: t("start") }),
    ]);
    return form;
  }

  function chatView() {
    statusBar = el("div", { class: "status", role: "status", "aria-live": "polite", "data-testid": "chat-status", text: t("waiting") });
    body = el("div", { class: "body", "data-testid": "chat-log", "aria-live": "polite" });
    choiceBox = el("div", {});
    typingLine = el("div", { class: "system", "data-testid": "chat-typing", text: "" });
    errLine = el("div", { class: "err", role: "alert" });
    var input = el("textarea", { "aria-label": t("placeholder"), placeholder: t("placeholder"), "data-testid": "chat-input", oninput: function () {
      if (Date.now() - state.lastTyping > 3000) {
        state.lastTyping = Date.now();
        call("POST", "/sessions/" + state.session.id + "/typing").catch(function () {});
      }
    }, onkeydown: function (e) {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        send();
      }
    } });
    var file = el("input", { type: "file", accept: "image/png,image/jpeg,image/gif,image/webp,application/pdf", hidden: "hidden", "data-testid": "chat-file", onchange: function () {
      var f = file.files && file.files[0];
      if (!f) return;
      call("POST", "/sessions/" + state.session.id + "/attachments?name=" + encodeURIComponent(f.name), f, f.type || "application/octet-stream").then(function (res) {
        addMessage(res.message);
      }, showError);
      file.value = "";
    } });
    function send() {
      var text = input.value.trim();
      if (!text) return;
      input.value = "";
      call("POST", "/sessions/" + state.session.id + "/messages", { text: text }).then(function (res) {
        addMessage(res.message);
      }, function (err) {
        input.value = text;
        showError(err);
      });
    }
    panel.appendChild(statusBar);
    panel.appendChild(choiceBox);
    panel.appendChild(body);
    panel.appendChild(typingLine);
    panel.appendChild(errLine);
    panel.appendChild(el("div", { class: "compose" }, [
      el("button", { class: "icon", type: "button", "aria-label": t("attach"), title: t("attach"), text: "📎", onclick: function () {
        file.click();
      } }),
      file,
      input,
      el("button", { class: "btn", type: "button", "data-testid": "chat-send", text: t("send"), onclick: send }),
    ]));
    panel.appendChild(el("div", { class: "foot" }, [
      el("button", { class: "link", type: "button", "data-testid": "chat-transcript", text: t("transcript"), onclick: transcript }),
      (endButton = el("button", { class: "link", type: "button", "data-testid": "chat-end", text: t("end"), onclick: endChat })),
    ]));
    state.seen = {};
  }

  function showError(err) {
    if (errLine) errLine.textContent = (err && err.message) || t("error");
  }
  function isDone(s) {
    return s === "ended" || s === "message" || s === "callback";
  }

  function addMessage(m) {
    if (!body || state.seen[m.seq]) return;
    state.seen[m.seq] = true;
    if (m.author === "system") {
      if (m.text === "visitor_left") body.appendChild(el("div", { class: "msg system", text: t("ended") }));
      return;
    }
    var bubble = el("div", { class: "msg " + (m.author === "visitor" ? "visitor" : "agent"), "data-author": m.author });
    if (m.attachmentId) {
      var url = API + "/sessions/" + state.session.id + "/attachments/" + m.attachmentId + "?token=" + encodeURIComponent(state.session.token);
      if (/\.pdf$/i.test(m.text)) bubble.appendChild(el("a", { href: url, target: "_blank", rel: "noopener", text: "📄 " + m.text }));
      else bubble.appendChild(el("img", { src: url, alt: m.text }));
    } else bubble.textContent = m.text;
    body.appendChild(bubble);
    body.scrollTop = body.scrollHeight;
    if (m.author === "agent") typingLine.textContent = "";
  }

  function showStatus(s) {
    state.status = s;
    if (!statusBar) return;
    var text;
    if (s.state === "queued") text = s.position ? t("queued", { p: s.position }) + (s.expectedWaitSeconds != null ? " · " + t("wait", { m: Math.max(1, Math.round(s.expectedWaitSeconds / 60)) }) : "") : t("waiting");
    else if (s.state === "connected") text = s.agentName ? t("connected", { n: s.agentName }) : t("connectedAnon");
    else if (s.state === "message") text = t("messageLeft");
    else if (s.state === "callback") text = t("callbackSet");
    else text = t("ended");
    statusBar.textContent = text;
    statusBar.setAttribute("data-state", s.state);
    clear(choiceBox);
    choiceBox.className = "";
    if (s.state === "queued") {
      choiceBox.className = "choice" + (s.offerChoice ? " strong" : "");
      choiceBox.setAttribute("data-testid", "chat-choice");
      choiceBox.appendChild(el("p", { text: (s.offerChoice ? (s.lineOpen ? t("long") : t("closed")) + " " : "") + t("choose") }));
      choiceBox.appendChild(el("button", { class: "btn alt", type: "button", "data-testid": "chat-leave-message", text: t("leaveMessage"), onclick: function () {
        leaveForm("message");
      } }));
      choiceBox.appendChild(el("button", { class: "btn alt", type: "button", "data-testid": "chat-callback", text: t("callback"), onclick: function () {
        leaveForm("callback");
      } }));
    }
    if (s.state === "connected") state.session.answered = true;
    // A chat an agent answered can be rated once, when it ends: the line's customer satisfaction.
    if (s.state === "ended" && state.session && state.session.answered && !state.session.rated) rating();
    // Nothing more will come once it is done: the footer offers a new chat instead of ending this one.
    if (endButton) endButton.textContent = isDone(s.state) ? t("newChat") : t("end");
  }

  function leaveForm(choice) {
    clear(choiceBox);
    var text = el("textarea", { "aria-label": t("yourMessage"), "data-testid": "chat-leave-text" });
    var phone = el("input", { type: "tel", dir: "ltr", value: state.session.phone || "", "data-testid": "chat-leave-phone" });
    var when = el("input", { type: "datetime-local", "data-testid": "chat-leave-when" });
    var form = el("form", { onsubmit: function (e) {
      e.preventDefault();
      var bodyOut = { choice: choice };
      if (choice === "message") bodyOut.text = text.value;
      else {
        bodyOut.phone = phone.value;
        if (when.value) bodyOut.windowFrom = new Date(when.value).toISOString();
      }
      call("POST", "/sessions/" + state.session.id + "/leave", bodyOut).then(function (res) {
        showStatus({ state: res.state });
      }, showError);
    } }, choice === "message"
      ? [el("label", {}, [el("span", { text: t("yourMessage") }), text])]
      : [el("label", {}, [el("span", { text: t("phone") }), phone]), el("label", {}, [el("span", { text: t("when") }), when])]);
    form.appendChild(el("div", {}, [
      el("button", { class: "btn", type: "submit", "data-testid": "chat-leave-submit", text: t("submit") }),
      el("button", { class: "link", type: "button", text: " " + t("back"), onclick: function () {
        showStatus(state.status);
      } }),
    ]));
    choiceBox.appendChild(form);
  }

  function rating() {
    choiceBox.className = "choice";
    choiceBox.setAttribute("data-testid", "chat-rating");
    choiceBox.appendChild(el("p", { text: t("rate") }));
    [1, 2, 3, 4, 5].forEach(function (n) {
      choiceBox.appendChild(el("button", { class: "btn alt", type: "button", "data-testid": "chat-rate-" + n, "aria-label": t("rateN", { n: n }), text: n + " ★", onclick: function () {
        call("POST", "/sessions/" + state.session.id + "/rating", { score: n }).then(function () {
          state.session.rated = true;
          save(state.session);
          clear(choiceBox);
          choiceBox.appendChild(el("p", { text: t("rated") }));
        }, showError);
      } }));
    });
  }

  function transcript() {
    var email = state.session.email || window.prompt(t("email"));
    if (!email) return;
    call("POST", "/sessions/" + state.session.id + "/transcript", { email: email }).then(function () {
      errLine.textContent = t("transcriptSent");
    }, showError);
  }

  function endChat() {
    var done = function () {
      disconnect();
      state.session = null;
      state.status = null;
      save(null);
      render();
    };
    if (state.status && isDone(state.status.state)) return done();
    call("POST", "/sessions/" + state.session.id + "/end").then(done, done);
  }

  function disconnect() {
    if (state.stream) state.stream.close();
    state.stream = null;
  }

  /** The live stream: EventSource reconnects by itself and resends the last id, so nothing is missed. */
  function connect() {
    disconnect();
    var es = new EventSource(API + "/sessions/" + state.session.id + "/events?token=" + encodeURIComponent(state.session.token));
    state.stream = es;
    es.addEventListener("message", function (e) {
      addMessage(JSON.parse(e.data));
    });
    es.addEventListener("status", function (e) {
      var s = JSON.parse(e.data);
      var was = state.status && state.status.state;
      showStatus(s);
      if (isDone(s.state) && was !== s.state) disconnect();
    });
    es.addEventListener("typing", function () {
      if (!typingLine) return;
      typingLine.textContent = t("typing");
      clearTimeout(state.typingTimer);
      state.typingTimer = setTimeout(function () {
        typingLine.textContent = "";
      }, 4000);
    });
    es.onopen = function () {
      if (errLine && errLine.textContent === t("reconnecting")) errLine.textContent = "";
    };
    es.onerror = function () {
      if (state.leaving || state.stream !== es) return;
      if (errLine) errLine.textContent = t("reconnecting");
      if (es.readyState !== EventSource.CLOSED) return; // the browser retries by itself
      // Closed for good: either the conversation is gone (start afresh) or the server was away (try again).
      var session = state.session;
      disconnect();
      call("GET", "/sessions/" + session.id + "/messages").then(function () {
        setTimeout(function () {
          if (state.session === session && !state.stream) connect();
        }, 2000);
      }, function (err) {
        if (err.code !== "not_found") {
          return setTimeout(function () {
            if (state.session === session && !state.stream) connect();
          }, 5000);
        }
        state.session = null;
        save(null);
        render();
      });
    };
  }

  if (state.session && state.session.lang) state.lang = state.session.lang;
  window.addEventListener("pagehide", function () {
    state.leaving = true;
  });
  render();
  call("GET", "/lines/" + encodeURIComponent(LINE)).then(function (res) {
    state.line = res.line;
    if (state.line.languages.indexOf(state.lang) < 0 && !state.session) state.lang = state.line.languages[0];
    render();
    // A visitor who was chatting before the page changed goes straight back into the conversation.
    if (state.session) openPanel();
  }, function () {
    host.remove();
  });
})();
