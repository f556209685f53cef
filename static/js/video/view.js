// What the room page shows: notices, which part of the page is visible, the people, the videos,
// the chat, and the problems a person should know about. Only DOM here; no decisions.
import { hasAgreed } from "./signaling.js";
import { startPlayback } from "./playback.js";

export function createView(doc, words) {
  const $ = function (id) { return doc.getElementById(id); };
  const problems = {}; // peer id -> the text shown for it
  const states = {}; // peer id ("me" for ourselves) -> { audio_only, quality, name }

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
      markPeers();
    }
    const source = stream || new MediaStream([track]);
    const v = cell.querySelector("video");
    if (v.srcObject !== source) {
      v.srcObject = source;
      play(v);
    }
    if (states[id]) paintState(id);
  }

  /** Start a video; where the browser wants a tap first (in-app browsers), offer the button. */
  function play(video) {
    startPlayback(video, function () { show("tap-to-play", true); });
  }

  /** The tap the browser waited for: start every video with its sound. */
  function playAll() {
    show("tap-to-play", false);
    doc.querySelectorAll("#videos video").forEach(play);
  }

  function removeVideo(id) {
    const cell = videoCell(id);
    if (cell) cell.remove();
    delete states[id];
    markPeers();
  }

  // On a phone the other person fills the screen and we go small in a corner (video.css).
  function markPeers() {
    const others = doc.querySelectorAll('#videos .video-cell:not([data-peer="me"])').length;
    $("videos").classList.toggle("has-peers", others > 0);
  }

  /** Show a peer's (or with id "me", our own) audio only and link quality on their tile. */
  function showMediaState(id, state, name) {
    states[id] = { audio_only: state.audio_only, quality: state.quality, name: name };
    paintState(id);
  }

  function paintState(id) {
    const cell = videoCell(id);
    const state = states[id];
    if (!cell || !state) return;
    let cover = cell.querySelector(".audio-only-cover");
    if (!cover) {
      cover = doc.createElement("div");
      cover.className = "audio-only-cover";
      cell.insertBefore(cover, cell.querySelector("figcaption"));
    }
    cover.textContent = id === "me" ? words.text("audio_only_me")
      : words.format("audio_only_of", { name: state.name || words.text("someone") });
    cover.classList.toggle("d-none", !state.audio_only);
    cell.classList.toggle("is-audio-only", !!state.audio_only);
    let badge = cell.querySelector(".link-badge");
    if (!badge) {
      badge = doc.createElement("span");
      badge.className = "link-badge";
      cell.querySelector("figcaption").appendChild(badge);
    }
    badge.dataset.quality = state.quality;
    badge.textContent = words.text("link_" + state.quality);
    // Others' tiles say only when something is wrong; our own always says how we are doing.
    badge.classList.toggle("d-none", id !== "me" && state.quality === "good");
  }

  /** Offer audio only when the link cannot carry video (or hide the offer). */
  function proposeAudioOnly(visible) {
    show("audio-only-offer", visible);
  }

  /** The audio-only button says what pressing it does. */
  function showAudioOnly(on) {
    const button = $("audio-only");
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = words.text(on ? "video_back" : "audio_only");
    if (on) proposeAudioOnly(false);
  }

  /** The in-app browser's notice: how to open the link in the phone's own browser. */
  function inAppNotice(text) {
    $("inapp-notice").textContent = text;
    show("inapp-notice", true);
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

  /** The page has stopped (left, ended, replaced, removed): hide the room, say why. */
  function stopped(message) {
    ["room", "lobby", "console", "consent-bar"].forEach(function (id) { show(id, false); });
    Object.keys(problems).forEach(function (id) { delete problems[id]; });
    showProblems();
    notice(message, "secondary");
  }

  return {
    $, show, notice, showRoom, consentChosen, attachVideo, removeVideo, showLocal,
    reportProblem, clearProblem, deviceProblem, showMediaState, proposeAudioOnly, showAudioOnly,
    inAppNotice, playAll, showPreview, micLevel, clearChat, addChat,
    toggleTracks, stopped,
  };
}
