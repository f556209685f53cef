// Stand-ins for what the browser gives the video client: a socket, RTCPeerConnection, the view.

/** Let every pending promise callback run. */
export function settle() {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A Socket.IO socket that keeps what was emitted and lets a test fire server events. */
export class FakeSocket {
  constructor() {
    this.sent = [];
    this.handlers = {};
    this.io = { on: (event, handler) => { this.handlers["io:" + event] = handler; } };
    this.disconnected = false;
  }

  emit(event, payload) {
    this.sent.push({ event, payload });
  }

  on(event, handler) {
    this.handlers[event] = handler;
  }

  fire(event, payload) {
    this.handlers[event](payload);
  }

  disconnect() {
    this.disconnected = true;
  }

  /** The payloads of one event, in the order they were emitted. */
  emitted(event) {
    return this.sent.filter((s) => s.event === event).map((s) => s.payload);
  }

  signals(kind) {
    return this.sent.filter((s) => s.event === "signal" && s.payload.kind === kind).map((s) => s.payload);
  }
}

/** An RTCPeerConnection whose steps succeed, or fail where `failing` names them. */
export class FakeConnection {
  constructor(config, failing = []) {
    this.config = config;
    this.failing = failing;
    this.tracks = [];
    this.transceivers = [];
    this.candidates = [];
    this.offers = [];
    this.localDescription = null;
    this.remoteDescription = null;
    this.closed = false;
    this.connectionState = "new";
    this.iceConnectionState = "new";
  }

  step(name, result) {
    if (this.failing.includes(name)) return Promise.reject(new Error(name + " failed"));
    return Promise.resolve(result);
  }

  addTrack(track, stream) {
    const pc = this;
    const sender = {
      track,
      params: { encodings: [{}] },
      replaceTrack(next) {
        this.track = next;
        pc.replaced = next;
        return Promise.resolve();
      },
      getParameters() { return structuredClone(this.params); },
      setParameters(params) {
        this.params = params;
        return Promise.resolve();
      },
    };
    this.tracks.push({ track, stream, sender });
    return sender;
  }

  addTransceiver(kind, init) {
    this.transceivers.push({ kind, init });
  }

  createOffer(options) {
    this.offers.push(options);
    return this.step("createOffer", { type: "offer", sdp: "offer-sdp-" + this.offers.length });
  }

  createAnswer() {
    return this.step("createAnswer", { type: "answer", sdp: "answer-sdp" });
  }

  setLocalDescription(description) {
    return this.step("setLocalDescription").then(() => { this.localDescription = description; });
  }

  setRemoteDescription(description) {
    return this.step("setRemoteDescription").then(() => { this.remoteDescription = description; });
  }

  addIceCandidate(candidate) {
    return this.step("addIceCandidate").then(() => { this.candidates.push(candidate); });
  }

  close() {
    this.closed = true;
    this.connectionState = "closed";
  }

  getSenders() {
    return this.tracks.map(({ sender }) => sender);
  }

  getReceivers() {
    return [];
  }

  getTransceivers() {
    return this.transceivers;
  }

  /** Play the browser's part: move to a connection state and tell the listener. */
  become(state) {
    this.connectionState = state;
    this.onconnectionstatechange();
  }
}

/** The view's side of the peers: what it was asked to show. */
export class FakeView {
  constructor() {
    this.videos = {};
    this.problems = {};
    this.removed = [];
    this.states = {};
  }

  attachVideo(id, name, stream, track) {
    this.videos[id] = { name, stream, track };
  }

  removeVideo(id) {
    this.removed.push(id);
    delete this.videos[id];
  }

  reportProblem(id, problem, name) {
    this.problems[id] = { problem, name };
  }

  clearProblem(id) {
    delete this.problems[id];
  }

  showMediaState(id, state, name) {
    this.states[id] = { ...state, name };
  }
}

/** A MediaStream-like object with tracks of the given kinds. */
export function fakeStream(...kinds) {
  const tracks = kinds.map((kind, i) => ({ kind, id: kind + i, enabled: true }));
  return {
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((t) => t.kind === "audio"),
    getVideoTracks: () => tracks.filter((t) => t.kind === "video"),
  };
}

/** A member of a room view. */
export function member(id, name, since = "s" + id, extra = {}) {
  return { id, name, role: "party", side: null, place: "joint", online: true, since, ...extra };
}

/** A room view: the members of our place and the ids we may signal. */
export function roomView(members, peers = members.map((m) => m.id)) {
  return { place: "joint", members, peers, consents: {}, recording: false };
}
