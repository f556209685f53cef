// Caucus timers and phone attendance on the page: the countdown everyone in a timed private
// room sees, and the mediator's timer and phone controls. Protocol: docs/signaling.md.

export const WARNING_SECONDS = 60;
export const DEFAULT_MINUTES = 10;

/**
 * Seconds left on a timer the server sent at `receivedAt` (this browser's clock, in ms), now
 * being `clientNow`. Only the time elapsed here counts, so a browser clock set wrong is harmless:
 * the server's own `now` and `ends_at` give the time left when it was sent.
 */
export function secondsLeft(timer, receivedAt, clientNow) {
  if (!timer) return null;
  const atSending = Date.parse(timer.ends_at) - Date.parse(timer.now);
  const left = atSending - Math.max(0, clientNow - receivedAt);
  return Math.max(0, Math.ceil(left / 1000));
}

/** "m:ss" for a number of seconds. */
export function formatLeft(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}

export function inWarning(seconds) {
  return seconds !== null && seconds <= WARNING_SECONDS;
}

/** The minutes typed beside the private-room buttons: a whole 1 to 60, or null for no timer. */
export function minutesFrom(value) {
  if (value === "" || value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 60 ? n : null;
}

/**
 * Wire the countdown and, on the console, the controls.
 * send(event, payload) emits to the server; notice(text, kind) shows a message.
 */
export function createCaucusTimer(doc, words, send, notice, now) {
  const clock = now || Date.now;
  let shown = null; // { timer, at }
  let ticking = null;

  function $(id) { return doc.getElementById(id); }

  function paint() {
    const badge = $("caucus-timer");
    if (!badge) return;
    const left = shown ? secondsLeft(shown.timer, shown.at, clock()) : null;
    badge.classList.toggle("d-none", left === null);
    if (left === null) return;
    badge.textContent = words.format("time_left", { time: formatLeft(left) });
    badge.classList.toggle("text-bg-warning", inWarning(left));
    badge.classList.toggle("text-bg-info", !inWarning(left));
  }

  /** Show the timer of the viewer's own place from a room view. */
  function show(room) {
    shown = room && room.timer ? { timer: room.timer, at: clock() } : null;
    if (shown && !ticking) ticking = setInterval(paint, 1000);
    if (!shown && ticking) { clearInterval(ticking); ticking = null; }
    paint();
  }

  function button(label, cls, onclick) {
    const b = doc.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm " + cls;
    b.textContent = label;
    b.addEventListener("click", onclick);
    return b;
  }

  /** The console: each running timer with extend and stop, and each seat's phone switch. */
  function renderConsole(room) {
    const list = $("caucus-timers");
    if (list) {
      list.innerHTML = "";
      Object.keys(room.timers || {}).forEach(function (place) {
        const timer = room.timers[place];
        const li = doc.createElement("li");
        li.className = "list-group-item d-flex flex-wrap gap-2 align-items-center";
        li.dataset.timer = place;
        const label = doc.createElement("span");
        label.className = "me-auto";
        label.textContent = words.place(place) + " — " + words.format("ends_in", { time: formatLeft(timer.seconds_left) });
        li.appendChild(label);
        li.appendChild(button(words.text("extend_5"), "btn-outline-primary", function () {
          send("caucus_timer", { action: "extend", place: place, minutes: 5 });
        }));
        li.appendChild(button(words.text("stop_timer"), "btn-outline-secondary", function () {
          send("caucus_timer", { action: "clear", place: place });
        }));
        list.appendChild(li);
      });
    }
    const phones = $("phone-seats");
    if (!phones) return;
    phones.innerHTML = "";
    const calling = room.phone || [];
    (room.everyone || []).forEach(function (m) {
      if (m.role === "mediator") return;
      const on = calling.indexOf(m.id) !== -1;
      const li = doc.createElement("li");
      li.className = "list-group-item d-flex flex-wrap gap-2 align-items-center";
      li.dataset.phone = m.id;
      const label = doc.createElement("span");
      label.className = "me-auto";
      label.textContent = m.name + (on ? " — " + words.text("by_phone") : "");
      li.appendChild(label);
      li.appendChild(button(words.text(on ? "phone_unmark" : "phone_mark"), on ? "btn-outline-secondary" : "btn-outline-primary", function () {
        send("phone", { participant: m.id, joined: !on });
      }));
      phones.appendChild(li);
    });
  }

  /** Hear the server's warning and the end of a timed caucus. */
  function listen(socket) {
    socket.on("caucus_warning", function () { notice(words.text("one_minute_left"), "warning"); });
    socket.on("caucus_ended", function () { notice(words.text("caucus_time_up"), "info"); });
  }

  /** The minutes the mediator chose for the next private room (null: no timer). */
  function minutes() {
    const input = $("caucus-minutes");
    return input ? minutesFrom(input.value) : null;
  }

  return { show, renderConsole, listen, minutes };
}
