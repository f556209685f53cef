// One RTCPeerConnection per peer the room lets us see and hear. For each pair the member with
// the smaller id makes the offer (docs/signaling.md). Everything from outside is passed in:
//   socket            emits "signal" to the server (Socket.IO's socket, or a fake in tests)
//   createConnection  (config) => RTCPeerConnection
//   media             () => ({ stream, screen }): the local camera and a shared screen, or null
//   view              attachVideo(id, name, stream, track), removeVideo(id),
//                     reportProblem(id, problem, name), clearProblem(id),
//                     showMediaState(id, state, name): a peer's audio only and link quality
//   log               console-like, for the details a person cannot act on

/** Start with no peers; welcome() tells who we are, sync() follows each room view. */
export function createPeers({ socket, createConnection, media, view, log = console }) {
  const pcs = {}; // peer id (a string) -> its RTCPeerConnection
  const since = {}; // peer id -> the `since` of the peer's connection ours was made for
  // Candidates that came before the remote description; addIceCandidate would refuse them.
  const held = new Map(); // RTCPeerConnection -> [RTCIceCandidateInit]
  let me = null;
  let iceServers = [];
  // "relay" sends every call through TURN (ICE_TRANSPORT_POLICY); otherwise the browser's default.
  let transportPolicy = null;
  let members = [];
  let stopped = false;
  // The most each sender may send, in bit/s, by kind ("video", "audio"): from the welcome.
  let caps = {};
  // Our picture's sender on each call, and the track it sends when video is wanted.
  const pictures = new Map(); // RTCPeerConnection -> { sender, track }
  let chosenPicture; // set by replaceVideo (a shared screen, or the camera again)
  // Our own media state, sent to every peer, and each peer's as they sent it.
  let own = { audio_only: false, quality: "good" };
  const theirs = {}; // peer id -> { audio_only, quality }

  function send(to, kind, data) {
    socket.emit("signal", { to: Number(to), kind: kind, data: data });
  }

  function welcome(you, servers, policy, bitrateCaps) {
    me = you;
    iceServers = servers || [];
    transportPolicy = policy === "relay" ? "relay" : null;
    caps = bitrateCaps || {};
  }

  /** Close connections to peers no longer listed (or reconnected); offer to the new ones. */
  function sync(room) {
    members = room.members;
    const wanted = {};
    room.members.forEach(function (m) { if (room.peers.indexOf(m.id) >= 0) wanted[m.id] = m; });
    Object.keys(pcs).forEach(function (id) {
      const m = wanted[id];
      if (!m || m.since !== since[id]) close(id);
    });
    Object.keys(wanted).forEach(function (id) {
      const m = wanted[id];
      if (pcs[id]) return;
      since[id] = m.since;
      if (me.id < m.id) offer(open(m), m.id, false);
    });
  }

  function memberOf(id) {
    return members.find(function (m) { return m.id === id; }) || { id: id, name: "" };
  }

  function open(member) {
    const id = String(member.id);
    const config = { iceServers: iceServers };
    if (transportPolicy) config.iceTransportPolicy = transportPolicy;
    const pc = createConnection(config);
    pcs[id] = pc;
    held.set(pc, []);
    const local = media();
    if (local.stream) {
      local.stream.getTracks().forEach(function (t) {
        const track = t.kind === "video" && local.screen ? local.screen.getVideoTracks()[0] : t;
        const sender = pc.addTrack(track, local.stream);
        if (t.kind === "video" && sender) {
          pictures.set(pc, { sender: sender, track: track });
          if (!pictureFor(id, pc)) replace(sender, null);
        }
      });
    } else {
      pc.addTransceiver("audio", { direction: "recvonly" });
      pc.addTransceiver("video", { direction: "recvonly" });
    }
    pc.onicecandidate = function (e) {
      if (e.candidate) send(id, "candidate", { candidate: e.candidate.toJSON() });
    };
    pc.ontrack = function (e) { view.attachVideo(id, member.name, e.streams[0], e.track); };
    pc.oniceconnectionstatechange = function () {
      if (pc.iceConnectionState === "failed") restartIce(id);
    };
    pc.onconnectionstatechange = function () {
      if (pc.connectionState === "failed") restartIce(id);
      if (pc.connectionState === "connected") {
        view.clearProblem(id);
        sendState(id);
      }
    };
    return pc;
  }

  /** Tell the person, unless the connection has since been replaced or the page stopped. */
  function fail(id, pc, problem, error) {
    log.warn(problem, error);
    if (stopped || pcs[id] !== pc) return;
    view.reportProblem(id, problem, memberOf(Number(id)).name);
  }

  function restartIce(id) {
    if (!pcs[id] || stopped) return;
    if (me.id < Number(id)) offer(pcs[id], id, true);
    else send(id, "restart", {});
  }

  function offer(pc, to, restart) {
    const id = String(to);
    pc.createOffer(restart ? { iceRestart: true } : {})
      .then(function (o) { return pc.setLocalDescription(o); })
      .then(function () {
        applyCaps(pc);
        send(id, "offer", { sdp: pc.localDescription.sdp, type: "offer", restart: !!restart });
      })
      .catch(function (e) { fail(id, pc, "offer_failed", e); });
  }

  function describe(pc, id, description) {
    return pc.setRemoteDescription(description).then(function () {
      const waiting = held.get(pc) || [];
      held.delete(pc);
      waiting.forEach(function (candidate) { addCandidate(pc, id, candidate); });
    });
  }

  function addCandidate(pc, id, candidate) {
    if (held.has(pc)) {
      held.get(pc).push(candidate);
      return;
    }
    pc.addIceCandidate(candidate).catch(function (e) { fail(id, pc, "candidate_failed", e); });
  }

  function answer(pc, id, sdp) {
    describe(pc, id, { type: "offer", sdp: sdp })
      .then(function () { return pc.createAnswer(); })
      .then(function (a) { return pc.setLocalDescription(a); })
      .then(function () {
        applyCaps(pc);
        send(id, "answer", { sdp: pc.localDescription.sdp, type: "answer" });
      })
      .catch(function (e) { fail(id, pc, "answer_failed", e); });
  }

  /** Handle one relayed "signal" event: {from, kind, data}. */
  function receive(message) {
    const id = String(message.from);
    const data = message.data || {};
    let pc = pcs[id];
    if (message.kind === "offer") {
      // A fresh offer (not an ICE restart) means the other side started over: so do we.
      if (pc && !data.restart) {
        close(id);
        pc = null;
      }
      if (!pc) {
        const member = memberOf(message.from);
        pc = open(member);
        since[id] = member.since;
      }
      answer(pc, id, data.sdp);
    } else if (message.kind === "answer" && pc) {
      const current = pc;
      describe(pc, id, { type: "answer", sdp: data.sdp })
        .catch(function (e) { fail(id, current, "connect_failed", e); });
    } else if (message.kind === "candidate" && pc && data.candidate) {
      addCandidate(pc, id, data.candidate);
    } else if (message.kind === "restart" && pc && me.id < message.from) {
      offer(pc, id, true);
    } else if (message.kind === "media" && typeof data.audio_only === "boolean") {
      theirs[id] = { audio_only: data.audio_only, quality: data.quality };
      refreshPicture(id);
      view.showMediaState(id, theirs[id], memberOf(message.from).name);
    }
  }

  function close(id) {
    const pc = pcs[id];
    if (pc) {
      pc.close();
      held.delete(pc);
      pictures.delete(pc);
    }
    delete pcs[id];
    delete since[id];
    delete theirs[id];
    view.removeVideo(id);
    view.clearProblem(id);
  }

  function stop() {
    stopped = true;
    Object.keys(pcs).forEach(close);
  }

  /** Send `track` instead of the camera's picture (a shared screen), or the camera again. */
  function replaceVideo(track) {
    chosenPicture = track;
    Object.keys(pcs).forEach(refreshPicture);
  }

  /** The picture a call should carry: none in audio only, ours or theirs; else the chosen one. */
  function pictureFor(id, pc) {
    if (own.audio_only || (theirs[id] && theirs[id].audio_only)) return null;
    const entry = pictures.get(pc);
    return chosenPicture !== undefined ? chosenPicture : entry ? entry.track : null;
  }

  function refreshPicture(id) {
    const pc = pcs[id];
    const entry = pc && pictures.get(pc);
    if (entry) replace(entry.sender, pictureFor(id, pc));
  }

  function replace(sender, track) {
    if (sender.track === track) return;
    Promise.resolve(sender.replaceTrack(track)).catch(function (e) { log.warn("replaceTrack failed", e); });
  }

  /** Hold every sender of the call to its kind's cap, once the call has its encodings. */
  function applyCaps(pc) {
    pc.getSenders().forEach(function (sender) {
      const entry = pictures.get(pc);
      const kind = entry && entry.sender === sender ? "video" : sender.track && sender.track.kind;
      const max = caps[kind];
      if (!max || !sender.getParameters || !sender.setParameters) return;
      const params = sender.getParameters();
      if (!params.encodings || !params.encodings.length) return;
      params.encodings.forEach(function (e) { e.maxBitrate = max; });
      sender.setParameters(params).catch(function (e) { log.warn("setParameters failed", e); });
    });
  }

  function sendState(id) {
    send(id, "media", { audio_only: own.audio_only, quality: own.quality });
  }

  /** Stop or resume sending our picture on every call, and tell every peer. */
  function setAudioOnly(on) {
    own = { audio_only: !!on, quality: own.quality };
    Object.keys(pcs).forEach(function (id) {
      refreshPicture(id);
      sendState(id);
    });
  }

  /** Tell every peer how our link is doing (good, weak, poor), when that changes. */
  function setQuality(quality) {
    if (quality === own.quality) return;
    own = { audio_only: own.audio_only, quality: quality };
    Object.keys(pcs).forEach(sendState);
  }

  function receivedTracks() {
    const tracks = [];
    Object.keys(pcs).forEach(function (id) {
      pcs[id].getReceivers().forEach(function (r) { if (r.track) tracks.push(r.track); });
    });
    return tracks;
  }

  return {
    pcs, welcome, sync, receive, stop, replaceVideo, receivedTracks, setAudioOnly, setQuality,
    get audioOnly() { return own.audio_only; },
  };
}
