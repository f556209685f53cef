// What the room page shows: notices, which part of the page is visible, the people, the videos,
// the chat, and the problems a person should know about. Only DOM here; no decisions.
import { hasAgreed } from "./signaling.js";

export function createView(doc, words) {
  const $ = function (id) { return doc.getElementById(id); };
  const problems = {}; // peer id -> the text shown for it

  function show(id, visible) {
    const el = $(id);
    if (el) el.classList.toggle("d-none", !visible);
  }

  function notice(text, kind) {
    const el = $("notice");
    el.className = "alert alert-" + (kind || "info");
    el.textContent = text;
    if (!text) el.classList.add("d-none");
  }

  /** Show the part of the page for the room's place, and who is in it. */
  function showRoom(room, me, isConsole) {
    $("place-label").textContent = words.place(room.place);
    const inLobby = room.place === "lobby";
    show("precheck", false);
    show("lobby", inLobby);
    show("room", !inLobby);
    show("chat-panel", !inLobby);
    show("console", isConsole);
    const flag = $("recording-flag");
    flag.textContent = words.text("recording_on");
    flag.classList.toggle("d-none", !room.recording);
    showConsent(hasAgreed(room, me));
    showPeople(room.members, me);
    const mediatorHere = room.members.some(function (m) { return m.role === "mediator"; });
    show("call-mediator", !isConsole && !inLobby && !mediatorHere);
  }

  /** Anyone may give or withdraw their agreement to recording at any time, lobby included. */
  function showConsent(agreed) {
    show("consent-bar", true);
    $("consent-state").textContent = words.text(agreed ? "consent_yes" : "consent_no");
    const toggle = $("consent-toggle");
    toggle.textContent = words.text(agreed ? "consent_withdraw" : "consent_give");
    toggle.setAttribute("aria-pressed", agreed ? "true" : "false");
    // A reconnection sends the radios' answer again: keep it the latest one.
    $("consent-yes").checked = agreed;
    $("consent-no").checked = !agreed;
  }

  function consentChosen() {
    return $("consent-yes").checked;
  }

  function showPeople(members, me) {
    const list = $("people");
    list.innerHTML = "";
    members.forEach(function (m) {
      const li = doc.createElement("li");
      li.className = "list-group-item";
      li.textContent = words.member(m, me);
      li.dataset.member = m.id;
      list.appendChild(li);
    });
  }

  function videoCell(id) {
    return doc.querySelector('.video-cell[data-peer="' + id + '"]');
  }

  /** Show a peer's stream (or its one track, when it came without a stream). */
  function attachVideo(id, name, stream, track) {
    let cell = videoCell(id);
    if (!cell) {
      cell = doc.createElement("figure");
      cell.className = "video-cell";
      cell.dataset.peer = id;
      const video = doc.createElement("video");
      video.className = "video-tile";
      video.autoplay = true;
      video.playsInline = true;
      const caption = doc.createElement("figcaption");
      caption.textContent = name;
      cell.appendChild(video);
      cell.appendChild(caption);
      $("videos").appendChild(cell);
    }
    const source = stream || new MediaStream([track]);
    const v = cell.querySelector("video");
    if (v.srcObject !== source) v.srcObject = source;
  }

  function removeVideo(id) {
    const cell = videoCell(id);
    if (cell) cell.remove();
  }

  function showLocal(stream) {
    $("local-video").srcObject = stream;
  }

  /** Tell the person that the call with one peer went wrong (role="alert": read out at once). */
  function reportProblem(id, problem, name) {
    problems[id] = words.format(problem, { name: name || words.text("someone") });
    showProblems();
  }

  function clearProblem(id) {
    if (!(id in problems)) return;
    delete problems[id];
    showProblems();
  }

  function showProblems() {
    const box = $("call-problems");
    box.innerHTML = "";
    Object.keys(problems).forEach(function (id) {
      const p = doc.createElement("p");
      p.className = "mb-0";
      p.dataset.peer = id;
      p.textContent = problems[id];
      box.appendChild(p);
    });
    show("call-problems", Object.keys(problems).length > 0);
  }

  /** The device check's message under the preview; null hides it. */
  function deviceProblem(text) {
    if (text) $("device-problem").textContent = text;
    show("device-problem", !!text);
  }

  function showPreview(stream) {
    $("preview").srcObject = stream;
    showLocal(stream);
  }

  function micLevel(level) {
    $("mic-level").value = level;
  }

  function clearChat() {
    $("chat-log").innerHTML = "";
  }

  function addChat(item) {
    const li = doc.createElement("li");
    const time = new Date(item.at).toLocaleTimeString();
    li.textContent = time + " " + item.name + "（" + words.place(item.place) + "）: " + item.body;
    const log = $("chat-log");
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
  }

  /** Turn the microphone or camera on or off; the button says what pressing it again does. */
  function toggleTracks(tracks, button, onWord, offWord) {
    const off = tracks.length && tracks[0].enabled;
    tracks.forEach(function (t) { t.enabled = !off; });
    button.setAttribute("aria-pressed", off ? "true" : "false");
    button.textContent = words.text(off ? onWord : offWord);
  }

  /** Offer a finished recording as a download (it never leaves this computer otherwise). */
  function save(blob, name) {
    const a = doc.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.click();
  }

  /** The page has stopped (left, ended, replaced, removed): hide the room, say why. */
  function stopped(message) {
    ["room", "lobby", "console", "consent-bar"].forEach(function (id) { show(id, false); });
    Object.keys(problems).forEach(function (id) { delete problems[id]; });
    showProblems();
    notice(message, "secondary");
  }

  return {
    $, show, notice, showRoom, consentChosen, attachVideo, removeVideo, showLocal,
    reportProblem, clearProblem, deviceProblem, showPreview, micLevel, clearChat, addChat,
    toggleTracks, save, stopped,
  };
}
