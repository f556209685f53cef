// A session on the SFU (docs/signaling.md, "Larger sessions through the SFU"): two
// RTCPeerConnections in all, one up that sends our camera to the server's Janus and one down that
// receives the others in our place. The server decides who is where; this follows what it says:
//   sfu_feeds      publish where we may (again after a move or a reconnection), and subscribe to
//                  every listed feed whenever that set differs from what we receive
//   sfu_answer     Janus's answer to our publication: only then may we subscribe
//   sfu_offer      a fresh down connection for the feeds it names (or Janus renegotiating it)
//   sfu_withdrawn  our publication was ended: close both, publish in the new place if allowed
// It offers what peers.js offers to main.js (pcs, welcome, sync, receive, stop, replaceVideo,
// receivedTracks, setAudioOnly, setQuality, audioOnly), so the page treats both kinds of call
// alike. The arguments are those of peers.js, `serverName` (how a call problem names the other
// end: the video server) and `later(fn, ms)`, the retry timer.

const RETRY_MS = 5000; // after sfu_unavailable, try again this much later
// The server sends sfu_feeds only while Janus answers: a page admitted to a place that has heard
// nothing this long publishes anyway, so a Janus that is down is said (sfu_unavailable).
const UNHEARD_MS = 10000;

/** The feeds of a set as one comparable key: the same labels in any order are the same set. */
export function feedKey(feeds) {
  return feeds.map(function (f) { return f.feed; }).sort().join(" ");
}

/**
 * Map each m-line's mid of Janus's offer to the member whose feed it carries. The offer holds
 * each feed's tracks in the order of `feeds`, a feed's tracks sharing one stream (msid); without
 * msid, a feed is taken to be two m-lines (its sound and its picture).
 */
export function midsOfFeeds(sdp, feeds) {
  const sections = sdp.split(/\r?\nm=/).slice(1).map(function (section) {
    const mid = /\r?\na=mid:(\S+)/.exec(section);
    const msid = /\r?\na=msid:(\S+)/.exec(section);
    return { mid: mid ? mid[1] : null, stream: msid ? msid[1] : null };
  });
  const streams = [];
  const byMid = {};
  sections.forEach(function (s, i) {
    let index;
    if (s.stream && s.stream !== "-") {
      if (streams.indexOf(s.stream) < 0) streams.push(s.stream);
      index = streams.indexOf(s.stream);
    } else {
      index = Math.floor(i / 2);
    }
    if (s.mid !== null && feeds[index]) byMid[s.mid] = feeds[index].member;
  });
  return byMid;
}

export function createSfu({
  socket, createConnection, media, view, log = console, serverName = "", later = setTimeout,
}) {
  const pcs = {}; // "up" and "down", while they are open (main.js samples their statistics)
  let iceServers = [];
  let transportPolicy = null;
  let caps = {};
  let members = [];
  let peerIds = []; // whom we may signal now: our `media` state goes to them
  let since = {}; // peer id -> the `since` we told our state to
  let latest = null; // the latest sfu_feeds
  let up = null; // { pc, place, answered, held: [candidates], picture: { sender, track } }
  let down = null; // { pc, key, mids: { mid -> member id }, members: [ids] }
  let asked = null; // the feed key of the sfu_subscribe waiting for its sfu_offer
  let chosenPicture; // set by replaceVideo (a shared screen, or the camera again)
  let own = { audio_only: false, quality: "good" };
  const theirs = {}; // member id -> { audio_only, quality }
  const shown = {}; // member ids whose tiles the down connection fills
  let retry = null;
  let roomPlace = null; // our place, as the latest room view says
  let unheard = null; // the timer waiting for a first sfu_feeds in a place
  let stopped = false;

  function welcome(_you, servers, policy, bitrateCaps) {
    // A welcome starts every connection, a reconnection too: the server holds no publication of
    // this connection yet, so everything starts again from the next sfu_feeds.
    iceServers = servers || [];
    transportPolicy = policy === "relay" ? "relay" : null;
    caps = bitrateCaps || {};
    closeAll();
    latest = null;
    since = {};
  }

  function config() {
    const c = { iceServers: iceServers };
    if (transportPolicy) c.iceTransportPolicy = transportPolicy;
    return c;
  }

  function memberOf(id) {
    return members.find(function (m) { return m.id === id; }) || { id: id, name: "" };
  }

  /** Follow each room view: names for the tiles, and our media state to whoever is new. */
  function sync(room) {
    roomPlace = room.place;
    if (roomPlace !== "lobby" && !up && unheard === null && !stopped) {
      unheard = later(function () {
        unheard = null;
        if (!up && !latest) resume();
      }, UNHEARD_MS);
    }
    members = room.members;
    peerIds = room.peers.slice();
    const next = {};
    room.members.forEach(function (m) {
      if (peerIds.indexOf(m.id) < 0) return;
      next[m.id] = m.since;
      if (since[m.id] !== m.since) sendState(m.id);
    });
    since = next;
    Object.keys(theirs).forEach(function (id) {
      if (!(id in next)) delete theirs[id];
    });
  }

  // Publishing -------------------------------------------------------------------------------

  function publish(place) {
    closeAll();
    const pc = createConnection(config());
    pcs.up = pc;
    up = { pc: pc, place: place, answered: false, held: [], picture: null };
    const mine = up;
    const local = media();
    if (local.stream) {
      local.stream.getTracks().forEach(function (t) {
        const track = t.kind === "video" && local.screen ? local.screen.getVideoTracks()[0] : t;
        const sender = pc.addTrack(track, local.stream);
        if (t.kind === "video" && sender) {
          mine.picture = { sender: sender, track: track };
          if (!picture()) replace(sender, null);
        }
      });
    } else {
      // Nothing to send, yet Janus lets only a publisher subscribe: publish an empty stream.
      pc.addTransceiver("audio", { direction: "sendonly" });
      pc.addTransceiver("video", { direction: "sendonly" });
    }
    pc.onicecandidate = function (e) {
      const candidate = e.candidate ? e.candidate.toJSON() : null;
      if (mine.answered) sendCandidate("up", candidate);
      else mine.held.push(candidate);
    };
    pc.onconnectionstatechange = function () {
      if (pc.connectionState === "connected") view.clearProblem("sfu");
      if (pc.connectionState === "failed" && up === mine) {
        fail(pc, "connect_failed");
        publish(mine.place); // a fresh publication; the others re-subscribe once it is live
      }
    };
    pc.createOffer()
      .then(function (o) { return pc.setLocalDescription(o); })
      .then(function () {
        applyCaps(pc);
        socket.emit("sfu_publish", { offer: { type: "offer", sdp: pc.localDescription.sdp } });
      })
      .catch(function (e) { fail(pc, "offer_failed", e); });
  }

  function onAnswer(data) {
    const mine = up;
    // An answer for an earlier publication (we have moved since) is not ours any more.
    if (!mine || mine.answered || !data || !data.answer || data.place !== mine.place) return;
    mine.pc.setRemoteDescription(data.answer).then(function () {
      mine.answered = true;
      mine.held.forEach(function (c) { sendCandidate("up", c); });
      mine.held = [];
      follow();
    }).catch(function (e) { fail(mine.pc, "connect_failed", e); });
  }

  // Receiving --------------------------------------------------------------------------------

  /** Do what the latest sfu_feeds asks: publish where we may, subscribe to what is there. */
  function follow() {
    if (stopped || !latest) return;
    if (!latest.publish) {
      closeAll();
      return;
    }
    if (!up || up.place !== latest.place) {
      publish(latest.place);
      return;
    }
    if (!up.answered || asked !== null) return; // after the answer, or after the offer
    const key = feedKey(latest.feeds);
    if (down && down.key === key) return;
    if (!latest.feeds.length) {
      closeDown();
      return;
    }
    subscribe(latest.feeds);
  }

  function subscribe(feeds) {
    asked = feedKey(feeds);
    socket.emit("sfu_subscribe", { feeds: feeds.map(function (f) { return f.feed; }) });
  }

  function onFeeds(data) {
    latest = { place: data.place, publish: !!data.publish, feeds: data.feeds || [] };
    follow();
  }

  function onOffer(data) {
    if (!data || !data.offer) return;
    if (data.feeds === null || data.feeds === undefined) {
      // Janus renegotiates the down connection we have (a feed in it went away).
      if (down) answerDown(down, data.offer);
      return;
    }
    asked = null;
    const wanted = data.feeds.map(function (f) { return f.member; });
    closeDown(wanted); // the tiles of those still received stay, and get the new tracks
    const pc = createConnection(config());
    pcs.down = pc;
    const mids = midsOfFeeds(data.offer.sdp, data.feeds);
    const mine = { pc: pc, key: feedKey(data.feeds), mids: mids };
    down = mine;
    pc.onicecandidate = function (e) {
      sendCandidate("down", e.candidate ? e.candidate.toJSON() : null);
    };
    pc.ontrack = function (e) {
      const id = mine.mids[e.transceiver && e.transceiver.mid];
      if (id === undefined || down !== mine) return;
      view.attachVideo(String(id), memberOf(id).name, e.streams && e.streams[0], e.track);
    };
    pc.onconnectionstatechange = function () {
      if (pc.connectionState === "connected") view.clearProblem("sfu");
      if (pc.connectionState === "failed" && down === mine) {
        fail(pc, "connect_failed");
        closeDown();
        follow();
      }
    };
    wanted.forEach(function (id) { shown[id] = true; });
    answerDown(mine, data.offer);
  }

  function hide(id) {
    delete shown[id];
    view.removeVideo(String(id));
  }

  function answerDown(mine, offer) {
    const pc = mine.pc;
    pc.setRemoteDescription(offer)
      .then(function () {
        // In audio only we take no picture either: Janus sends nothing on an inactive m-line.
        if (own.audio_only && pc.getTransceivers) {
          pc.getTransceivers().forEach(function (t) {
            if (t.receiver && t.receiver.track && t.receiver.track.kind === "video") t.direction = "inactive";
          });
        }
        return pc.createAnswer();
      })
      .then(function (a) { return pc.setLocalDescription(a); })
      .then(function () {
        if (down !== mine) return;
        socket.emit("sfu_answer", { answer: { type: "answer", sdp: pc.localDescription.sdp } });
        follow(); // feeds that changed while the offer was on its way
      })
      .catch(function (e) { fail(pc, "answer_failed", e); });
  }

  function onWithdrawn(data) {
    closeAll();
    // The sfu_feeds of the new place usually follows; if it came first, act on it now.
    if (latest && latest.publish && data && latest.place !== data.place) follow();
  }

  /** An error event: after sfu_unavailable try again later; other refusals wait for new feeds. */
  function refused(error) {
    if (!error) return;
    if (error.event === "sfu_subscribe") asked = null;
    if (error.event === "sfu_publish") closeAll(); // the next sfu_feeds publishes again
    if (error.code !== "sfu_unavailable") return;
    if (error.event === "sfu_answer") closeDown();
    if (retry === null && !stopped) {
      retry = later(function () {
        retry = null;
        resume();
      }, RETRY_MS);
    }
  }

  /** Act on the latest sfu_feeds; without one, publish in the room view's place. */
  function resume() {
    if (stopped) return;
    if (latest) follow();
    else if (roomPlace && roomPlace !== "lobby" && !up) publish(roomPlace);
  }

  /** Handle one of the server's SFU events by name. */
  function handle(name, data) {
    if (stopped) return;
    if (name === "sfu_feeds") onFeeds(data || {});
    else if (name === "sfu_answer") onAnswer(data);
    else if (name === "sfu_offer") onOffer(data);
    else if (name === "sfu_withdrawn") onWithdrawn(data);
  }

  function sendCandidate(which, candidate) {
    socket.emit("sfu_candidate", { pc: which, candidate: candidate });
  }

  function fail(pc, problem, error) {
    log.warn(problem, error);
    if (stopped || (pcs.up !== pc && pcs.down !== pc)) return;
    view.reportProblem("sfu", problem, serverName);
  }

  /** Close the down connection; every tile it filled goes, but those of `keep` (member ids). */
  function closeDown(keep = []) {
    asked = null;
    if (down) down.pc.close();
    down = null;
    delete pcs.down;
    Object.keys(shown).forEach(function (id) {
      if (keep.indexOf(Number(id)) < 0) hide(id);
    });
  }

  function closeAll() {
    closeDown();
    if (up) up.pc.close();
    up = null;
    delete pcs.up;
  }

  function stop() {
    stopped = true;
    closeAll();
  }

  // Our picture and our media state ------------------------------------------------------------

  /** The picture our publication carries: none in audio only, else the chosen one. */
  function picture() {
    if (own.audio_only || !up || !up.picture) return null;
    return chosenPicture !== undefined ? chosenPicture : up.picture.track;
  }

  function replace(sender, track) {
    if (sender.track === track) return;
    Promise.resolve(sender.replaceTrack(track)).catch(function (e) { log.warn("replaceTrack failed", e); });
  }

  function refreshPicture() {
    if (up && up.picture) replace(up.picture.sender, picture());
  }

  /** Send `track` instead of the camera's picture (a shared screen), or the camera again. */
  function replaceVideo(track) {
    chosenPicture = track;
    refreshPicture();
  }

  function applyCaps(pc) {
    pc.getSenders().forEach(function (sender) {
      const kind = up && up.picture && up.picture.sender === sender ? "video" : sender.track && sender.track.kind;
      const max = caps[kind];
      if (!max || !sender.getParameters || !sender.setParameters) return;
      const params = sender.getParameters();
      if (!params.encodings || !params.encodings.length) return;
      params.encodings.forEach(function (e) { e.maxBitrate = max; });
      sender.setParameters(params).catch(function (e) { log.warn("setParameters failed", e); });
    });
  }

  function sendState(id) {
    socket.emit("signal", { to: Number(id), kind: "media", data: { audio_only: own.audio_only, quality: own.quality } });
  }

  /**
   * Stop or resume sending our picture, and tell everyone here. One upload serves everyone, so
   * another's audio only cannot stop it; instead the person in audio only takes no pictures down
   * (a new subscription, answered with the pictures inactive).
   */
  function setAudioOnly(on) {
    if (own.audio_only === !!on) return;
    own = { audio_only: !!on, quality: own.quality };
    refreshPicture();
    peerIds.forEach(sendState);
    if (down && up && up.answered && latest && latest.feeds.length && asked === null) {
      closeDown();
      follow();
    }
  }

  function setQuality(quality) {
    if (quality === own.quality) return;
    own = { audio_only: own.audio_only, quality: quality };
    peerIds.forEach(sendState);
  }

  /** A relayed `signal`: on the SFU only the others' media states come this way. */
  function receive(message) {
    const data = message.data || {};
    if (message.kind !== "media" || typeof data.audio_only !== "boolean") return;
    theirs[message.from] = { audio_only: data.audio_only, quality: data.quality };
    view.showMediaState(String(message.from), theirs[message.from], memberOf(message.from).name);
  }

  function receivedTracks() {
    if (!down) return [];
    return down.pc.getReceivers().map(function (r) { return r.track; }).filter(Boolean);
  }

  return {
    pcs, welcome, sync, receive, handle, refused, stop, replaceVideo, receivedTracks,
    setAudioOnly, setQuality,
    get audioOnly() { return own.audio_only; },
  };
}
