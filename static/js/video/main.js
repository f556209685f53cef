// The video room page: device check, then signaling on /signal and the calls: one
// RTCPeerConnection per peer (a mesh, peers.js) or two through the server's SFU (sfu.js), as the
// welcome's `media` says. This module only reads what the page embeds and wires the parts together:
// signaling.js (Socket.IO events), peers.js and sfu.js (the calls), view.js and console-view.js (the DOM),
// devices.js (camera and microphone), recorder.js (the mediator's recording and its upload), linkquality.js
// (how our link is doing, from the calls' statistics), inapp.js (WeChat's and other apps' browsers).
import { createWords } from "./words.js";
import { commands, hasAgreed, listen, openSocket } from "./signaling.js";
import { createPeers } from "./peers.js";
import { createSfu } from "./sfu.js";
import { createView } from "./view.js";
import { renderConsole } from "./console-view.js";
import { explain, openCamera, watchLevel } from "./devices.js";
import { compositeTiles, createRecorder, createUploader, mixVoices } from "./recorder.js";
import { createCaucusTimer } from "./caucus-timer.js";
import { createLinkJudge, sampleFromStats, worstOf } from "./linkquality.js";
import { inAppBrowser } from "./inapp.js";

const SAMPLE_MS = 2000; // how often the calls' statistics are read

function startRoom(app) {
  const words = createWords(JSON.parse(document.getElementById("video-words").textContent));
  const view = createView(document, words);
  const $ = view.$;
  const token = app.dataset.token;
  const isConsole = app.dataset.console === "true";
  let peers = null; // the calls: peers.js or sfu.js, chosen at the welcome
  let send = null;
  let timer = null;
  let stopMeter = function () {};
  const inApp = inAppBrowser(navigator.userAgent);
  const judge = createLinkJudge();
  const lastSamples = new WeakMap(); // RTCPeerConnection -> its previous sample
  let sampler = null;

  const state = {
    me: null, place: null, view: null, iceServers: [], stream: null, screen: null,
    socket: null, stopped: false, inApp: inApp, link: { quality: "good", sample: null },
    media: null, // "mesh" or "sfu", from the welcome
    get pcs() { return peers ? peers.pcs : {}; },
  };
  window.videoRoom = state; // for tests and troubleshooting in the browser console

  const recorder = createRecorder({
    makeRecorder: function (stream) { return new MediaRecorder(stream, { mimeType: "video/webm;codecs=vp8,opus" }); },
    makeStream: function (tracks) { return new MediaStream(tracks); },
    mixer: function () { return mixVoices(window.AudioContext, MediaStream); },
    picture: function () { return compositeTiles(document, 15); },
    tracks: function () { return (peers ? peers.receivedTracks() : []).concat(state.stream ? state.stream.getAudioTracks() : []); },
    uploader: function () {
      return createUploader({
        fetch: window.fetch.bind(window),
        base: "/video/join/" + token + "/recordings",
        sleep: function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); },
        onRefused: function (error) {
          view.notice(error.message || words.text("recording_failed"), "warning");
          if (send) send.recording(false);
          stopRecording();
        },
      });
    },
  });

  function stopRecording() {
    recorder.stop().then(function (r) {
      state.saved = r;
      if (r && r.ok) view.notice(words.text("recording_saved"), "success");
      else if (r && r.code === "chunks_missing") view.notice(words.text("recording_failed"), "warning");
    });
  }
  state.recorder = recorder;

  function checkDevices() {
    view.deviceProblem(null);
    const media = navigator.mediaDevices;
    if (!media || !media.getUserMedia) {
      view.deviceProblem(inApp ? inAppWords("inapp_devices") : words.text("insecure"));
      return Promise.resolve(null);
    }
    return openCamera(media).then(function (stream) {
      if (state.stream) state.stream.getTracks().forEach(function (t) { t.stop(); });
      state.stream = stream;
      view.showPreview(stream);
      stopMeter();
      stopMeter = watchLevel(stream, window.AudioContext, view.micLevel);
      if (!stream.getVideoTracks().length) view.deviceProblem(words.text("nodevice"));
      return stream;
    }).catch(function (error) {
      console.warn("getUserMedia failed", error);
      // In an app's own browser the way out is the phone's browser, whatever the error was.
      view.deviceProblem(inApp ? inAppWords("inapp_devices") : words.text(explain(error, window.isSecureContext)));
      return null;
    });
  }

  function inAppWords(key) {
    return words.format(key, { app: words.text("app_" + inApp) });
  }

  /** Read every connected call's statistics; judge our link; show it and tell the peers. */
  function sampleLinks() {
    const now = Date.now();
    const calls = Object.values(peers.pcs).filter(function (pc) { return pc.connectionState === "connected"; });
    Promise.all(calls.map(function (pc) {
      return pc.getStats().then(function (report) {
        const sample = sampleFromStats(report.values(), lastSamples.get(pc), now);
        lastSamples.set(pc, sample);
        // A connection that only receives (the SFU's down one) says nothing of our uplink.
        const sends = pc.getSenders().some(function (s) { return !!s.track; });
        return sends ? sample : Object.assign({}, sample, { outgoingKbps: null });
      }).catch(function () { return null; });
    })).then(function (samples) {
      const known = samples.filter(Boolean);
      if (!known.length || state.stopped) return;
      const sample = worstOf(known, now);
      const verdict = judge.push(sample, peers.audioOnly);
      state.link = { quality: verdict.quality, sample: sample };
      showOwnState();
      peers.setQuality(verdict.quality);
      if (verdict.proposeAudioOnly) view.proposeAudioOnly(true);
    });
  }

  function showOwnState() {
    view.showMediaState("me", { audio_only: peers.audioOnly, quality: state.link.quality }, "");
  }

  function setAudioOnly(on) {
    if (!peers) return;
    peers.setAudioOnly(on);
    view.showAudioOnly(on);
    showOwnState();
  }

  function connect() {
    const socket = openSocket(window.io, token);
    state.socket = socket;
    send = commands(socket);
    timer = createCaucusTimer(document, words, function (event, payload) { socket.emit(event, payload); }, view.notice);
    timer.listen(socket);
    listen(socket, {
      refused: function (message) { view.notice(message, "warning"); },
      lost: function () { if (!state.stopped) view.notice(words.text("reconnecting"), "warning"); },
      reconnected: function () { view.notice(words.text("reconnected"), "success"); },
      welcome: onWelcome,
      room: onRoom,
      signal: function (message) { if (peers) peers.receive(message); },
      sfu: function (name, payload) { if (peers && peers.handle) peers.handle(name, payload); },
      chat: view.addChat,
      call: function (c) {
        view.notice(words.format("call", { name: c.name, place: words.place(c.place) }), "warning");
      },
      called: function () { view.notice(words.text("called"), "success"); },
      error: onError,
      final: function (name, e) { stop((e && e.message) || words.text(name)); },
    });
  }

  /** The calls of the welcome's kind; a reconnection keeps them (the same session, the same kind). */
  function openCalls(kind) {
    if (peers && state.media === kind) return peers;
    if (peers) peers.stop();
    state.media = kind;
    const parts = {
      socket: state.socket,
      createConnection: function (config) { return new RTCPeerConnection(config); },
      media: function () { return { stream: state.stream, screen: state.screen }; },
      view: view,
    };
    return kind === "sfu" ? createSfu({ ...parts, serverName: words.text("video_server") }) : createPeers(parts);
  }

  function onError(e) {
    if (!e) return;
    // The video server down is said in the page's own words; the room and its controls go on.
    if (e.code === "sfu_unavailable") view.notice(words.text("sfu_unavailable"), "warning");
    else if (e.message) view.notice(e.message, "warning");
    if (peers && peers.refused) peers.refused(e);
  }

  function onWelcome(data) {
    peers = openCalls(data.media === "sfu" ? "sfu" : "mesh");
    state.me = data.you;
    state.iceServers = data.ice_servers || [];
    peers.welcome(state.me, state.iceServers, data.ice_transport_policy, data.bitrate_caps);
    if (!sampler) sampler = setInterval(sampleLinks, SAMPLE_MS);
    view.clearChat();
    (data.chat || []).forEach(view.addChat);
    send.consent(view.consentChosen());
    view.notice("");
  }

  function onRoom(room) {
    state.view = room;
    state.place = room.place;
    view.showRoom(room, state.me, isConsole);
    timer.show(room);
    if (isConsole) {
      renderConsole(document, words, room, state.me, send.control);
      timer.renderConsole(room);
      if (!room.recording && recorder.active) stopRecording();
    }
    if (peers) peers.sync(room);
  }

  function stop(message) {
    state.stopped = true;
    if (recorder.active) stopRecording(); // the upload goes on over HTTP after the room ends
    if (sampler) clearInterval(sampler);
    if (state.socket) state.socket.disconnect();
    if (peers) peers.stop();
    if (state.stream) state.stream.getTracks().forEach(function (t) { t.stop(); });
    view.stopped(message);
  }

  function showVideo(track) {
    if (peers) peers.replaceVideo(track);
    view.showLocal(track ? new MediaStream([track]) : state.stream);
  }

  function toggleShare() {
    if (state.screen) {
      state.screen.getTracks().forEach(function (t) { t.stop(); });
      state.screen = null;
      showVideo(state.stream && state.stream.getVideoTracks()[0]);
      view.showLocal(state.stream);
      $("share").textContent = words.text("share");
      return;
    }
    navigator.mediaDevices.getDisplayMedia({ video: true }).then(function (screen) {
      state.screen = screen;
      const track = screen.getVideoTracks()[0];
      track.onended = function () { if (state.screen) toggleShare(); };
      showVideo(track);
      $("share").textContent = words.text("stop_share");
    }).catch(function (error) {
      // Closing the browser's picker is a choice, not a problem.
      if (error && error.name !== "NotAllowedError") view.notice(words.text("share_failed"), "warning");
    });
  }

  function toggleTracks(kind, id, onWord, offWord) {
    if (!state.stream) return;
    const tracks = kind === "audio" ? state.stream.getAudioTracks() : state.stream.getVideoTracks();
    view.toggleTracks(tracks, $(id), onWord, offWord);
  }

  function wireConsole() {
    document.querySelectorAll("[data-caucus]").forEach(function (b) {
      b.addEventListener("click", function () { send.control({ action: "caucus", side: b.dataset.caucus, minutes: timer.minutes() }); });
    });
    $("gather").addEventListener("click", function () { send.control({ action: "gather" }); });
    $("end").addEventListener("click", function () {
      if (window.confirm(words.text("confirm_end"))) send.control({ action: "end" });
    });
    $("record").addEventListener("click", function () {
      const on = !(state.view && state.view.recording);
      if (state.media === "sfu") {
        // On the SFU the server has Janus record once everyone present agrees; nothing is
        // recorded or uploaded by this browser.
        send.recording(on);
        return;
      }
      if (!on) {
        send.recording(false);
        stopRecording();
        return;
      }
      recorder.start().then(function (r) {
        if (r.ok) send.recording(true);
        else view.notice((r.body && r.body.error && r.body.error.message) || words.text("recording_failed"), "warning");
      });
    });
  }

  function wire() {
    $("retry-devices").addEventListener("click", checkDevices);
    $("join-button").addEventListener("click", function () {
      $("join-button").disabled = true;
      connect();
    });
    $("mute").addEventListener("click", function () { toggleTracks("audio", "mute", "unmute", "mute"); });
    $("camera").addEventListener("click", function () { toggleTracks("video", "camera", "camera_on", "camera_off"); });
    const media = navigator.mediaDevices;
    const desktop = media && media.getDisplayMedia && !/Mobi|Android/i.test(navigator.userAgent);
    if (desktop) {
      view.show("share", true);
      $("share").addEventListener("click", toggleShare);
    }
    $("audio-only").addEventListener("click", function () { setAudioOnly(!(peers && peers.audioOnly)); });
    $("accept-audio-only").addEventListener("click", function () { setAudioOnly(true); });
    $("keep-video").addEventListener("click", function () { view.proposeAudioOnly(false); });
    $("tap-to-play").addEventListener("click", view.playAll);
    $("call-mediator").addEventListener("click", function () { send.callMediator(); });
    $("leave").addEventListener("click", function () {
      stop("");
      window.location.reload();
    });
    $("chat-form").addEventListener("submit", function (e) {
      e.preventDefault();
      const body = $("chat-input").value.trim();
      if (body) send.chat(body);
      $("chat-input").value = "";
    });
    $("consent-toggle").addEventListener("click", function () {
      send.consent(!hasAgreed(state.view, state.me));
    });
    ["consent-yes", "consent-no"].forEach(function (id) {
      $(id).addEventListener("change", function () {
        if (state.socket && state.socket.connected) send.consent(view.consentChosen());
      });
    });
    if (isConsole) wireConsole();
    window.addEventListener("online", function () {
      if (state.socket && !state.socket.connected && !state.stopped) state.socket.connect();
    });
  }

  wire();
  if (inApp) view.inAppNotice(inAppWords("inapp"));
  checkDevices();
}

const app = document.getElementById("video-app");
if (app && document.getElementById("precheck")) startRoom(app);
