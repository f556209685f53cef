/* The video room client: device check, signaling on /signal, one RTCPeerConnection per peer.
 * Protocol: docs/signaling.md. The member with the smaller id makes the offer of each pair. */
(function () {
  "use strict";
  var app = document.getElementById("video-app");
  if (!app || !document.getElementById("precheck")) return;
  var words = JSON.parse(document.getElementById("video-words").textContent);
  var token = app.dataset.token;
  var isConsole = app.dataset.console === "true";
  var $ = function (id) { return document.getElementById(id); };

  var state = {
    me: null, place: null, view: null, iceServers: [], stream: null, screen: null,
    pcs: {}, since: {}, socket: null, stopped: false, recorder: null,
  };
  window.videoRoom = state; // for tests and troubleshooting in the browser console

  function notice(text, kind) {
    var el = $("notice");
    el.className = "alert alert-" + (kind || "info");
    el.textContent = text;
    if (!text) el.classList.add("d-none");
  }
  function show(id, visible) { var el = $(id); if (el) el.classList.toggle("d-none", !visible); }
  function placeName(place) { return words[place] || place || ""; }
  function button(label, cls, onclick) {
    var b = document.createElement("button");
    b.type = "button"; b.className = "btn btn-sm " + cls; b.textContent = label;
    b.addEventListener("click", onclick);
    return b;
  }

  /* Device check ------------------------------------------------------------------------- */
  var meterTimer = null;
  function explain(error) {
    var name = error && error.name;
    if (!window.isSecureContext) return words.insecure;
    if (name === "NotAllowedError" || name === "SecurityError") return words.denied;
    if (name === "NotFoundError" || name === "OverconstrainedError") return words.nodevice;
    if (name === "NotReadableError" || name === "AbortError") return words.busy;
    return words.nodevice;
  }
  function startMeter(stream) {
    if (!stream.getAudioTracks().length || !window.AudioContext) return;
    var ctx = new AudioContext();
    var analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    ctx.createMediaStreamSource(stream).connect(analyser);
    var data = new Uint8Array(analyser.fftSize);
    clearInterval(meterTimer);
    meterTimer = setInterval(function () {
      analyser.getByteTimeDomainData(data);
      var peak = 0;
      for (var i = 0; i < data.length; i++) peak = Math.max(peak, Math.abs(data[i] - 128) / 128);
      $("mic-level").value = peak;
    }, 100);
  }
  function checkDevices() {
    show("device-problem", false);
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      $("device-problem").textContent = words.insecure;
      show("device-problem", true);
      return Promise.resolve(null);
    }
    var wanted = { audio: true, video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: "user" } };
    return navigator.mediaDevices.getUserMedia(wanted).catch(function (error) {
      // Try audio alone before giving up: a phone without a usable camera can still talk.
      if (error.name === "NotFoundError" || error.name === "NotReadableError") {
        return navigator.mediaDevices.getUserMedia({ audio: true }).catch(function () { throw error; });
      }
      throw error;
    }).then(function (stream) {
      if (state.stream) state.stream.getTracks().forEach(function (t) { t.stop(); });
      state.stream = stream;
      $("preview").srcObject = stream;
      $("local-video").srcObject = stream;
      startMeter(stream);
      if (!stream.getVideoTracks().length) {
        $("device-problem").textContent = words.nodevice;
        show("device-problem", true);
      }
      return stream;
    }).catch(function (error) {
      $("device-problem").textContent = explain(error);
      show("device-problem", true);
      return null;
    });
  }

  /* Signaling ----------------------------------------------------------------------------- */
  function connect() {
    var socket = io("/signal", {
      auth: { token: token },
      transports: ["websocket", "polling"],
      reconnectionDelayMax: 5000,
    });
    state.socket = socket;
    socket.on("connect_error", function (err) {
      var data = err && err.data;
      if (data && data.code) { notice(data.message, "warning"); socket.disconnect(); return; }
      notice(words.reconnecting, "warning");
    });
    socket.on("disconnect", function (reason) {
      if (!state.stopped && reason !== "io client disconnect") notice(words.reconnecting, "warning");
    });
    socket.io.on("reconnect", function () { notice(words.reconnected, "success"); });
    socket.on("welcome", function (data) {
      state.me = data.you;
      state.iceServers = data.ice_servers || [];
      $("chat-log").innerHTML = "";
      (data.chat || []).forEach(addChat);
      var consent = $("consent-yes").checked;
      socket.emit("consent", { consent: consent });
      notice("");
    });
    socket.on("room", onRoom);
    socket.on("signal", onSignal);
    socket.on("chat", addChat);
    socket.on("call", function (c) {
      notice(words.call.replace("{name}", c.name).replace("{place}", placeName(c.place)), "warning");
    });
    socket.on("called", function () { notice(words.called, "success"); });
    socket.on("error", function (e) { if (e && e.message) notice(e.message, "warning"); });
    ["replaced", "ended", "removed"].forEach(function (name) {
      socket.on(name, function (e) { stop((e && e.message) || words[name]); });
    });
  }

  function stop(message) {
    state.stopped = true;
    if (state.socket) state.socket.disconnect();
    Object.keys(state.pcs).forEach(closePeer);
    if (state.stream) state.stream.getTracks().forEach(function (t) { t.stop(); });
    show("room", false); show("lobby", false); show("console", false); show("consent-bar", false);
    notice(message, "secondary");
  }

  /* Room state ---------------------------------------------------------------------------- */
  function onRoom(view) {
    state.view = view;
    state.place = view.place;
    $("place-label").textContent = placeName(view.place);
    var inLobby = view.place === "lobby";
    show("precheck", false);
    show("lobby", inLobby);
    show("room", !inLobby);
    show("chat-panel", !inLobby);
    show("console", isConsole);
    var flag = $("recording-flag");
    flag.textContent = words.recording_on;
    flag.classList.toggle("d-none", !view.recording);
    renderConsent(view);
    renderPeople(view);
    if (isConsole) renderConsole(view);
    var mediatorHere = view.members.some(function (m) { return m.role === "mediator"; });
    show("call-mediator", !isConsole && !inLobby && !mediatorHere);
    syncPeers(view);
  }

  function myConsent(view) {
    return !!(state.me && view && view.consents && view.consents[String(state.me.id)]);
  }

  /* Anyone may give or withdraw their agreement to recording at any time, lobby included. */
  function renderConsent(view) {
    var agreed = myConsent(view);
    show("consent-bar", true);
    $("consent-state").textContent = agreed ? words.consent_yes : words.consent_no;
    var toggle = $("consent-toggle");
    toggle.textContent = agreed ? words.consent_withdraw : words.consent_give;
    toggle.setAttribute("aria-pressed", agreed ? "true" : "false");
    // A reconnection sends the radios' answer again: keep it the latest one.
    $("consent-yes").checked = agreed;
    $("consent-no").checked = !agreed;
  }

  function describe(m) {
    var text = m.name + " · " + (words[m.role] || m.role);
    if (m.side) text += " · " + (words[m.side] || m.side);
    if (state.me && m.id === state.me.id) text += " (" + words.you + ")";
    return text;
  }

  function renderPeople(view) {
    var list = $("people");
    list.innerHTML = "";
    view.members.forEach(function (m) {
      var li = document.createElement("li");
      li.className = "list-group-item";
      li.textContent = describe(m);
      li.dataset.member = m.id;
      list.appendChild(li);
    });
  }

  function control(payload) { state.socket.emit("control", payload); }

  function renderConsole(view) {
    var list = $("everyone");
    list.innerHTML = "";
    view.everyone.forEach(function (m) {
      var li = document.createElement("li");
      li.className = "list-group-item d-flex flex-wrap gap-2 align-items-center";
      li.dataset.member = m.id;
      var label = document.createElement("span");
      label.className = "me-auto";
      label.textContent = describe(m) + " — " + (m.online ? placeName(m.place) : words.offline);
      li.appendChild(label);
      if (m.role !== "mediator") {
        if (m.place === "lobby" && m.online) {
          li.appendChild(button(words.admit, "btn-success", function () { control({ action: "admit", participant: m.id }); }));
        } else if (m.place && m.place !== "lobby") {
          li.appendChild(button(words.send_lobby, "btn-outline-secondary", function () { control({ action: "lobby", participant: m.id }); }));
        }
        li.appendChild(moveSelect(m));
        li.appendChild(button(words.remove, "btn-outline-danger", function () { control({ action: "remove", participant: m.id }); }));
      } else if (state.me && m.id === state.me.id) {
        li.appendChild(moveSelect(m));
      }
      list.appendChild(li);
    });
    renderMap(view);
    var names = {};
    view.everyone.forEach(function (m) { names[m.id] = m.name; });
    var hearing = $("hearing");
    hearing.innerHTML = "";
    Object.keys(view.hearing).forEach(function (id) {
      var li = document.createElement("li");
      var heard = view.hearing[id].map(function (x) { return names[x]; });
      li.textContent = names[id] + " " + words.hears + ": " + (heard.length ? heard.join("、") : words.nobody);
      hearing.appendChild(li);
    });
    var record = $("record");
    record.disabled = !view.may_record && !view.recording;
    record.textContent = view.recording ? words.stop_recording : words.start_recording;
    record.title = view.may_record ? "" : words.consent_needed;
    if (!view.recording && state.recorder) stopRecorder();
  }

  /* The mediator's picture of the session: one box per place with the people connected there,
     and a last box for those not connected. */
  function renderMap(view) {
    var map = $("room-map");
    map.innerHTML = "";
    ["lobby", "joint", "caucus:applicant", "caucus:respondent", "offline"].forEach(function (place) {
      var box = document.createElement("div");
      box.className = "room-box room-box-" + place.replace(":", "-");
      box.dataset.place = place;
      box.setAttribute("role", "listitem");
      var title = document.createElement("div");
      title.className = "room-box-title";
      title.textContent = place === "offline" ? words.offline : placeName(place);
      box.appendChild(title);
      view.everyone.forEach(function (m) {
        if (place === "offline" ? m.online : (!m.online || m.place !== place)) return;
        var chip = document.createElement("span");
        chip.className = "room-chip room-chip-" + (m.side || m.role);
        chip.dataset.member = m.id;
        chip.textContent = m.name;
        box.appendChild(chip);
      });
      map.appendChild(box);
    });
  }

  function moveSelect(m) {
    var select = document.createElement("select");
    select.className = "form-select form-select-sm w-auto";
    select.setAttribute("aria-label", words.move_to + " " + m.name);
    var places = ["joint", "caucus:applicant", "caucus:respondent"];
    if (m.role !== "mediator") places.unshift("lobby");
    places.forEach(function (p) {
      if (m.role === "party" && p.indexOf("caucus:") === 0 && p !== "caucus:" + m.side) return;
      var o = document.createElement("option");
      o.value = p; o.textContent = placeName(p); o.selected = p === m.place;
      select.appendChild(o);
    });
    select.addEventListener("change", function () {
      control({ action: "move", participant: m.id, place: select.value });
    });
    return select;
  }

  /* Peer connections ---------------------------------------------------------------------- */
  function syncPeers(view) {
    var wanted = {};
    view.members.forEach(function (m) { if (view.peers.indexOf(m.id) >= 0) wanted[m.id] = m; });
    Object.keys(state.pcs).forEach(function (id) {
      var m = wanted[id];
      if (!m || m.since !== state.since[id]) closePeer(id);
    });
    Object.keys(wanted).forEach(function (id) {
      var m = wanted[id];
      if (state.pcs[id]) return;
      state.since[id] = m.since;
      if (state.me.id < m.id) offer(createPeer(m), m.id, false);
    });
  }

  function send(to, kind, data) { state.socket.emit("signal", { to: Number(to), kind: kind, data: data }); }

  function createPeer(m) {
    var id = String(m.id);
    var pc = new RTCPeerConnection({ iceServers: state.iceServers });
    state.pcs[id] = pc;
    if (state.stream) {
      state.stream.getTracks().forEach(function (t) {
        var track = (t.kind === "video" && state.screen) ? state.screen.getVideoTracks()[0] : t;
        pc.addTrack(track, state.stream);
      });
    } else {
      pc.addTransceiver("audio", { direction: "recvonly" });
      pc.addTransceiver("video", { direction: "recvonly" });
    }
    pc.onicecandidate = function (e) { if (e.candidate) send(id, "candidate", { candidate: e.candidate.toJSON() }); };
    pc.ontrack = function (e) { attachVideo(id, m.name, e.streams[0] || new MediaStream([e.track])); };
    pc.oniceconnectionstatechange = function () {
      if (pc.iceConnectionState === "failed") restartIce(id);
    };
    pc.onconnectionstatechange = function () {
      if (pc.connectionState === "failed") restartIce(id);
    };
    return pc;
  }

  function restartIce(id) {
    if (!state.pcs[id] || state.stopped) return;
    if (state.me.id < Number(id)) offer(state.pcs[id], id, true);
    else send(id, "restart", {});
  }

  function offer(pc, to, restart) {
    pc.createOffer(restart ? { iceRestart: true } : {}).then(function (o) {
      return pc.setLocalDescription(o);
    }).then(function () {
      send(to, "offer", { sdp: pc.localDescription.sdp, type: "offer", restart: !!restart });
    }).catch(function (e) { console.warn("offer failed", e); });
  }

  function onSignal(msg) {
    var id = String(msg.from), data = msg.data || {};
    var pc = state.pcs[id];
    var member = (state.view && state.view.members.find(function (m) { return m.id === msg.from; })) || { id: msg.from, name: "" };
    if (msg.kind === "offer") {
      // A fresh offer (not an ICE restart) means the other side started over: so do we.
      if (pc && !data.restart) { closePeer(id); pc = null; }
      if (!pc) { pc = createPeer(member); state.since[id] = member.since; }
      pc.setRemoteDescription({ type: "offer", sdp: data.sdp }).then(function () {
        return pc.createAnswer();
      }).then(function (a) { return pc.setLocalDescription(a); }).then(function () {
        send(id, "answer", { sdp: pc.localDescription.sdp, type: "answer" });
      }).catch(function (e) { console.warn("answer failed", e); });
    } else if (msg.kind === "answer" && pc) {
      pc.setRemoteDescription({ type: "answer", sdp: data.sdp }).catch(function (e) { console.warn(e); });
    } else if (msg.kind === "candidate" && pc && data.candidate) {
      pc.addIceCandidate(data.candidate).catch(function (e) { console.warn(e); });
    } else if (msg.kind === "restart" && pc && state.me.id < msg.from) {
      offer(pc, id, true);
    }
  }

  function attachVideo(id, name, stream) {
    var cell = document.querySelector('.video-cell[data-peer="' + id + '"]');
    if (!cell) {
      cell = document.createElement("figure");
      cell.className = "video-cell";
      cell.dataset.peer = id;
      var video = document.createElement("video");
      video.className = "video-tile"; video.autoplay = true; video.playsInline = true;
      var caption = document.createElement("figcaption");
      caption.textContent = name;
      cell.appendChild(video); cell.appendChild(caption);
      $("videos").appendChild(cell);
    }
    var v = cell.querySelector("video");
    if (v.srcObject !== stream) v.srcObject = stream;
  }

  function closePeer(id) {
    var pc = state.pcs[id];
    if (pc) pc.close();
    delete state.pcs[id];
    delete state.since[id];
    var cell = document.querySelector('.video-cell[data-peer="' + id + '"]');
    if (cell) cell.remove();
  }

  /* Controls ------------------------------------------------------------------------------ */
  function toggleTracks(kind, btn, onWord, offWord) {
    if (!state.stream) return;
    var tracks = kind === "audio" ? state.stream.getAudioTracks() : state.stream.getVideoTracks();
    var off = tracks.length && tracks[0].enabled;
    tracks.forEach(function (t) { t.enabled = !off; });
    btn.setAttribute("aria-pressed", off ? "true" : "false");
    btn.textContent = off ? onWord : offWord;
  }

  function replaceVideo(track) {
    Object.keys(state.pcs).forEach(function (id) {
      state.pcs[id].getSenders().forEach(function (s) {
        if (s.track && s.track.kind === "video") s.replaceTrack(track);
      });
    });
    $("local-video").srcObject = track ? new MediaStream([track]) : state.stream;
  }

  function toggleShare() {
    if (state.screen) {
      state.screen.getTracks().forEach(function (t) { t.stop(); });
      state.screen = null;
      replaceVideo(state.stream && state.stream.getVideoTracks()[0]);
      $("local-video").srcObject = state.stream;
      $("share").textContent = words.share;
      return;
    }
    navigator.mediaDevices.getDisplayMedia({ video: true }).then(function (screen) {
      state.screen = screen;
      var track = screen.getVideoTracks()[0];
      track.onended = function () { if (state.screen) toggleShare(); };
      replaceVideo(track);
      $("share").textContent = words.stop_share;
    }).catch(function () {});
  }

  function startRecorder() {
    // Recorded on this computer only: the server never receives media.
    var tracks = [];
    Object.keys(state.pcs).forEach(function (id) {
      state.pcs[id].getReceivers().forEach(function (r) { if (r.track) tracks.push(r.track); });
    });
    if (state.stream) state.stream.getAudioTracks().forEach(function (t) { tracks.push(t); });
    var chunks = [];
    var rec = new MediaRecorder(new MediaStream(tracks.filter(function (t, i) {
      return t.kind === "audio" || tracks.findIndex(function (x) { return x.kind === "video"; }) === i;
    })));
    rec.ondataavailable = function (e) { if (e.data.size) chunks.push(e.data); };
    rec.onstop = function () {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob(chunks, { type: rec.mimeType }));
      a.download = "mediation-" + new Date().toISOString().slice(0, 19) + ".webm";
      a.click();
    };
    rec.start(1000);
    state.recorder = rec;
  }
  function stopRecorder() { if (state.recorder) { state.recorder.stop(); state.recorder = null; } }

  function addChat(item) {
    var li = document.createElement("li");
    var time = new Date(item.at).toLocaleTimeString();
    li.textContent = time + " " + item.name + "（" + placeName(item.place) + "）: " + item.body;
    $("chat-log").appendChild(li);
    $("chat-log").scrollTop = $("chat-log").scrollHeight;
  }

  function wire() {
    $("retry-devices").addEventListener("click", checkDevices);
    $("join-button").addEventListener("click", function () {
      $("join-button").disabled = true;
      connect();
    });
    $("mute").addEventListener("click", function () { toggleTracks("audio", $("mute"), words.unmute, words.mute); });
    $("camera").addEventListener("click", function () { toggleTracks("video", $("camera"), words.camera_on, words.camera_off); });
    var desktop = navigator.mediaDevices && navigator.mediaDevices.getDisplayMedia && !/Mobi|Android/i.test(navigator.userAgent);
    if (desktop) { show("share", true); $("share").addEventListener("click", toggleShare); }
    $("call-mediator").addEventListener("click", function () { state.socket.emit("call_mediator", {}); });
    $("leave").addEventListener("click", function () { stop(""); window.location.reload(); });
    $("chat-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var body = $("chat-input").value.trim();
      if (body) state.socket.emit("chat", { body: body });
      $("chat-input").value = "";
    });
    $("consent-toggle").addEventListener("click", function () {
      state.socket.emit("consent", { consent: !myConsent(state.view) });
    });
    ["consent-yes", "consent-no"].forEach(function (id) {
      $(id).addEventListener("change", function () {
        if (state.socket && state.socket.connected) state.socket.emit("consent", { consent: $("consent-yes").checked });
      });
    });
    if (isConsole) {
      document.querySelectorAll("[data-caucus]").forEach(function (b) {
        b.addEventListener("click", function () { control({ action: "caucus", side: b.dataset.caucus }); });
      });
      $("gather").addEventListener("click", function () { control({ action: "gather" }); });
      $("end").addEventListener("click", function () { if (window.confirm(words.confirm_end)) control({ action: "end" }); });
      $("record").addEventListener("click", function () {
        var on = !(state.view && state.view.recording);
        state.socket.emit("recording", { active: on });
        if (on) startRecorder(); else stopRecorder();
      });
    }
    window.addEventListener("online", function () {
      if (state.socket && !state.socket.connected && !state.stopped) state.socket.connect();
    });
  }

  wire();
  checkDevices();
})();
