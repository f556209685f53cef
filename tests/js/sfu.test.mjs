import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";

import { createSfu, feedKey, midsOfFeeds } from "../../static/js/video/sfu.js";
import { FakeConnection, FakeSocket, FakeView, fakeStream, member, roomView, settle } from "./fakes.mjs";

const ME = { id: 2, name: "调解员" };
const ICE = [{ urls: "stun:stun.example:3478" }];
const QUIET = { warn() {} };
const CAPS = { video: 400000, audio: 32000 };

let socket, view, made, failing, local, timers;

function start({ policy, caps } = {}) {
  const sfu = createSfu({
    socket,
    createConnection: (config) => {
      const pc = new FakeConnection(config, failing);
      made.push(pc);
      return pc;
    },
    media: () => local,
    view,
    log: QUIET,
    serverName: "视频服务器",
    later: (fn, ms) => timers.push({ fn, ms }),
  });
  sfu.welcome(ME, ICE, policy, caps);
  sfu.sync(roomView([member(2, "调解员"), member(5, "张秀英"), member(7, "刘建国")], [5, 7]));
  socket.sent = []; // the media states told on that first view
  return sfu;
}

function feeds(...ids) {
  return ids.map((id) => ({ feed: "f" + id, member: id }));
}

/** Janus's offer for these feeds: each feed's sound and picture, sharing the feed's stream. */
function offerFor(list) {
  let sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  list.forEach((f, i) => {
    ["audio", "video"].forEach((kind, k) => {
      sdp += `m=${kind} 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:${2 * i + k}\r\na=msid:stream-of-${f.member} track-${k}\r\n`;
    });
  });
  return { type: "offer", sdp };
}

/** Publish in the joint room and apply Janus's answer; return the up connection. */
async function published(sfu, listed = []) {
  sfu.handle("sfu_feeds", { place: "joint", publish: true, feeds: listed });
  await settle();
  sfu.handle("sfu_answer", { answer: { type: "answer", sdp: "janus-answer" }, place: "joint" });
  await settle();
  return made[0];
}

/** Answer the offer for these feeds; return the new down connection. */
async function offered(sfu, list) {
  sfu.handle("sfu_offer", { offer: offerFor(list), feeds: list });
  await settle();
  return made[made.length - 1];
}

beforeEach(() => {
  socket = new FakeSocket();
  view = new FakeView();
  made = [];
  failing = [];
  local = { stream: fakeStream("audio", "video"), screen: null };
  timers = [];
});

describe("publishing", () => {
  test("admission to a place publishes the camera on one up connection with the mesh's ICE servers", async () => {
    const sfu = start();
    sfu.handle("sfu_feeds", { place: "joint", publish: true, feeds: [] });
    await settle();
    assert.equal(made.length, 1);
    assert.deepEqual(made[0].config, { iceServers: ICE });
    assert.deepEqual(made[0].tracks.map((t) => t.track.kind), ["audio", "video"]);
    assert.deepEqual(socket.emitted("sfu_publish"), [{ offer: { type: "offer", sdp: "offer-sdp-1" } }]);
    assert.equal(sfu.pcs.up, made[0]);
  });

  test("the lobby publishes nothing", async () => {
    const sfu = start();
    sfu.handle("sfu_feeds", { place: "lobby", publish: false, feeds: [] });
    await settle();
    assert.equal(made.length, 0);
    assert.deepEqual(socket.sent, []);
  });

  test("a relay policy sends both connections through TURN", async () => {
    const sfu = start({ policy: "relay" });
    await published(sfu, feeds(5));
    await offered(sfu, feeds(5));
    assert.deepEqual(made.map((pc) => pc.config), [
      { iceServers: ICE, iceTransportPolicy: "relay" },
      { iceServers: ICE, iceTransportPolicy: "relay" },
    ]);
  });

  test("the published senders are held to the welcome's bitrate caps", async () => {
    const sfu = start({ caps: CAPS });
    const up = await published(sfu);
    assert.deepEqual(up.getSenders().map((s) => s.params.encodings[0].maxBitrate), [32000, 400000]);
  });

  test("without a camera an empty stream is published, so the person may still subscribe", async () => {
    local = { stream: null, screen: null };
    const sfu = start();
    await published(sfu);
    assert.deepEqual(made[0].transceivers, [
      { kind: "audio", init: { direction: "sendonly" } },
      { kind: "video", init: { direction: "sendonly" } },
    ]);
  });

  test("the up connection's candidates wait for Janus's answer, then trickle, null at the end", async () => {
    const sfu = start();
    sfu.handle("sfu_feeds", { place: "joint", publish: true, feeds: [] });
    await settle();
    made[0].onicecandidate({ candidate: { toJSON: () => ({ candidate: "c1" }) } });
    assert.deepEqual(socket.emitted("sfu_candidate"), []);
    sfu.handle("sfu_answer", { answer: { type: "answer", sdp: "janus-answer" }, place: "joint" });
    await settle();
    assert.deepEqual(made[0].remoteDescription, { type: "answer", sdp: "janus-answer" });
    made[0].onicecandidate({ candidate: null });
    assert.deepEqual(socket.emitted("sfu_candidate"), [
      { pc: "up", candidate: { candidate: "c1" } },
      { pc: "up", candidate: null },
    ]);
  });

  test("an answer for a place we have since left is not applied", async () => {
    const sfu = start();
    sfu.handle("sfu_feeds", { place: "joint", publish: true, feeds: [] });
    sfu.handle("sfu_feeds", { place: "caucus:applicant", publish: true, feeds: [] });
    await settle();
    sfu.handle("sfu_answer", { answer: { type: "answer", sdp: "joint-answer" }, place: "joint" });
    await settle();
    assert.equal(made[1].remoteDescription, null);
    assert.equal(made[0].closed, true);
  });
});

describe("subscribing", () => {
  test("listed feeds are subscribed to only once our own publication is answered", async () => {
    const sfu = start();
    sfu.handle("sfu_feeds", { place: "joint", publish: true, feeds: feeds(5) });
    await settle();
    assert.deepEqual(socket.emitted("sfu_subscribe"), []);
    sfu.handle("sfu_answer", { answer: { type: "answer", sdp: "janus-answer" }, place: "joint" });
    await settle();
    assert.deepEqual(socket.emitted("sfu_subscribe"), [{ feeds: ["f5"] }]);
  });

  test("the offer is answered on a new down connection, whose candidates say pc down", async () => {
    const sfu = start();
    await published(sfu, feeds(5));
    const down = await offered(sfu, feeds(5));
    assert.equal(sfu.pcs.down, down);
    assert.equal(down.remoteDescription.type, "offer");
    assert.deepEqual(socket.emitted("sfu_answer"), [{ answer: { type: "answer", sdp: "answer-sdp" } }]);
    down.onicecandidate({ candidate: { toJSON: () => ({ candidate: "d1" }) } });
    down.onicecandidate({ candidate: null });
    assert.deepEqual(socket.emitted("sfu_candidate").slice(-2), [
      { pc: "down", candidate: { candidate: "d1" } },
      { pc: "down", candidate: null },
    ]);
  });

  test("a late publisher's feed is received by those already there", async () => {
    const sfu = start();
    await published(sfu, feeds(5));
    const first = await offered(sfu, feeds(5));
    // Member 7 published after us; once their media reached Janus the server lists them.
    sfu.handle("sfu_feeds", { place: "joint", publish: true, feeds: feeds(5, 7) });
    await settle();
    assert.deepEqual(socket.emitted("sfu_subscribe"), [{ feeds: ["f5"] }, { feeds: ["f5", "f7"] }]);
    const second = await offered(sfu, feeds(5, 7));
    assert.equal(first.closed, true);
    assert.equal(sfu.pcs.down, second);
    second.ontrack({ transceiver: { mid: "3" }, streams: ["stream-of-7"], track: "video-of-7" });
    assert.deepEqual(view.videos["7"], { name: "刘建国", stream: "stream-of-7", track: "video-of-7" });
    assert.equal(socket.emitted("sfu_answer").length, 2);
  });

  test("the same feeds in another order are not subscribed to again", async () => {
    const sfu = start();
    await published(sfu, feeds(5, 7));
    await offered(sfu, feeds(5, 7));
    sfu.handle("sfu_feeds", { place: "joint", publish: true, feeds: feeds(7, 5) });
    await settle();
    assert.equal(socket.emitted("sfu_subscribe").length, 1);
  });

  test("feeds that change while a subscription is on its way are asked for after its offer", async () => {
    const sfu = start();
    await published(sfu, feeds(5));
    sfu.handle("sfu_feeds", { place: "joint", publish: true, feeds: feeds(5, 7) });
    await settle();
    assert.equal(socket.emitted("sfu_subscribe").length, 1);
    await offered(sfu, feeds(5));
    assert.deepEqual(socket.emitted("sfu_subscribe"), [{ feeds: ["f5"] }, { feeds: ["f5", "f7"] }]);
  });

  test("each track goes to the tile of the member whose feed it carries, by the offer's order", async () => {
    const sfu = start();
    await published(sfu, feeds(7, 5));
    const down = await offered(sfu, feeds(7, 5));
    down.ontrack({ transceiver: { mid: "1" }, streams: ["s7"], track: "video-of-7" });
    down.ontrack({ transceiver: { mid: "2" }, streams: ["s5"], track: "audio-of-5" });
    assert.equal(view.videos["7"].track, "video-of-7");
    assert.equal(view.videos["5"].name, "张秀英");
  });

  test("a member no longer listed loses their tile when the next offer leaves them out", async () => {
    const sfu = start();
    await published(sfu, feeds(5, 7));
    const down = await offered(sfu, feeds(5, 7));
    down.ontrack({ transceiver: { mid: "1" }, streams: ["s5"], track: "v5" });
    down.ontrack({ transceiver: { mid: "3" }, streams: ["s7"], track: "v7" });
    sfu.handle("sfu_feeds", { place: "joint", publish: true, feeds: feeds(5) });
    await settle();
    await offered(sfu, feeds(5));
    assert.deepEqual(view.removed, ["7"]);
    assert.ok(view.videos["5"]);
  });

  test("when nobody else publishes, the down connection closes", async () => {
    const sfu = start();
    await published(sfu, feeds(5));
    const down = await offered(sfu, feeds(5));
    sfu.handle("sfu_feeds", { place: "joint", publish: true, feeds: [] });
    await settle();
    assert.equal(down.closed, true);
    assert.equal(sfu.pcs.down, undefined);
  });

  test("Janus's renegotiation is answered on the same down connection", async () => {
    const sfu = start();
    await published(sfu, feeds(5, 7));
    const down = await offered(sfu, feeds(5, 7));
    sfu.handle("sfu_offer", { offer: { type: "offer", sdp: "renegotiated" }, feeds: null });
    await settle();
    assert.equal(made.length, 2);
    assert.deepEqual(down.remoteDescription, { type: "offer", sdp: "renegotiated" });
    assert.equal(socket.emitted("sfu_answer").length, 2);
    assert.equal(socket.emitted("sfu_subscribe").length, 1);
  });
});

describe("moves and reconnections", () => {
  test("withdrawn closes both connections; the new place's sfu_feeds publishes there", async () => {
    const sfu = start();
    const up = await published(sfu, feeds(5));
    const down = await offered(sfu, feeds(5));
    down.ontrack({ transceiver: { mid: "1" }, streams: ["s5"], track: "v5" });
    sfu.handle("sfu_withdrawn", { place: "joint" });
    assert.equal(up.closed, true);
    assert.equal(down.closed, true);
    assert.deepEqual(view.removed, ["5"]);
    assert.deepEqual(sfu.pcs, {});
    sfu.handle("sfu_feeds", { place: "caucus:applicant", publish: true, feeds: feeds(5) });
    await settle();
    assert.equal(socket.emitted("sfu_publish").length, 2);
    sfu.handle("sfu_answer", { answer: { type: "answer", sdp: "a2" }, place: "caucus:applicant" });
    await settle();
    assert.deepEqual(socket.emitted("sfu_subscribe").at(-1), { feeds: ["f5"] });
  });

  test("withdrawn after the new place's sfu_feeds publishes there at once", async () => {
    const sfu = start();
    await published(sfu);
    sfu.handle("sfu_feeds", { place: "caucus:applicant", publish: true, feeds: [] });
    await settle();
    sfu.handle("sfu_withdrawn", { place: "joint" });
    await settle();
    assert.equal(socket.emitted("sfu_publish").length, 3);
    assert.equal(sfu.pcs.up, made.at(-1));
  });

  test("back to the lobby closes both connections and publishes nothing", async () => {
    const sfu = start();
    await published(sfu, feeds(5));
    await offered(sfu, feeds(5));
    sfu.handle("sfu_feeds", { place: "lobby", publish: false, feeds: [] });
    await settle();
    assert.ok(made.every((pc) => pc.closed));
    assert.equal(socket.emitted("sfu_publish").length, 1);
  });

  test("after a reconnection the calls start again and publish at the next sfu_feeds", async () => {
    const sfu = start();
    await published(sfu, feeds(5));
    await offered(sfu, feeds(5));
    sfu.welcome(ME, ICE);
    assert.ok(made.every((pc) => pc.closed));
    sfu.handle("sfu_feeds", { place: "joint", publish: true, feeds: feeds(5) });
    await settle();
    assert.equal(socket.emitted("sfu_publish").length, 2);
    sfu.handle("sfu_answer", { answer: { type: "answer", sdp: "a2" }, place: "joint" });
    await settle();
    assert.equal(socket.emitted("sfu_subscribe").length, 2);
  });

  test("a failed up connection publishes again", async () => {
    const sfu = start();
    const up = await published(sfu);
    up.become("failed");
    await settle();
    assert.equal(up.closed, true);
    assert.equal(socket.emitted("sfu_publish").length, 2);
    assert.deepEqual(view.problems.sfu, { problem: "connect_failed", name: "视频服务器" });
  });

  test("after stop nothing is published any more", async () => {
    const sfu = start();
    await published(sfu);
    sfu.stop();
    sfu.handle("sfu_feeds", { place: "joint", publish: true, feeds: feeds(5) });
    await settle();
    assert.ok(made.every((pc) => pc.closed));
    assert.equal(socket.emitted("sfu_publish").length, 1);
  });
});

describe("audio only", () => {
  test("audio only stops the published picture and tells everyone here", async () => {
    const sfu = start();
    const up = await published(sfu);
    sfu.setAudioOnly(true);
    await settle();
    assert.equal(up.tracks[1].sender.track, null);
    assert.deepEqual(socket.signals("media"), [
      { to: 5, kind: "media", data: { audio_only: true, quality: "good" } },
      { to: 7, kind: "media", data: { audio_only: true, quality: "good" } },
    ]);
    sfu.setAudioOnly(false);
    await settle();
    assert.equal(up.tracks[1].sender.track.kind, "video");
  });

  test("in audio only no picture is taken down: a new subscription answered with video inactive", async () => {
    const sfu = start();
    await published(sfu, feeds(5));
    await offered(sfu, feeds(5));
    sfu.setAudioOnly(true);
    assert.equal(socket.emitted("sfu_subscribe").length, 2);
    sfu.handle("sfu_offer", { offer: offerFor(feeds(5)), feeds: feeds(5) });
    const down = made.at(-1);
    down.transceivers = [
      { receiver: { track: { kind: "audio" } }, direction: "recvonly" },
      { receiver: { track: { kind: "video" } }, direction: "recvonly" },
    ];
    await settle();
    assert.deepEqual(down.transceivers.map((t) => t.direction), ["recvonly", "inactive"]);
  });

  test("a publication made in audio only carries no picture", async () => {
    const sfu = start();
    sfu.setAudioOnly(true);
    const up = await published(sfu);
    assert.equal(up.tracks[1].sender.track, null);
  });

  test("a peer's media state is shown on their tile; a new peer is told ours", () => {
    const sfu = start();
    sfu.receive({ from: 5, kind: "media", data: { audio_only: true, quality: "poor" } });
    assert.deepEqual(view.states["5"], { audio_only: true, quality: "poor", name: "张秀英" });
    sfu.sync(roomView([member(2, "调解员"), member(5, "张秀英"), member(7, "刘建国"), member(9, "陈静")], [5, 7, 9]));
    assert.deepEqual(socket.signals("media").map((s) => s.to), [9]);
  });

  test("a change of link quality is told to everyone here", () => {
    const sfu = start();
    sfu.setQuality("weak");
    sfu.setQuality("weak");
    assert.deepEqual(socket.signals("media").map((s) => [s.to, s.data.quality]), [[5, "weak"], [7, "weak"]]);
  });
});

describe("errors", () => {
  test("sfu_unavailable for the publication keeps the room and tries again later", async () => {
    const sfu = start();
    sfu.handle("sfu_feeds", { place: "joint", publish: true, feeds: [] });
    await settle();
    sfu.refused({ code: "sfu_unavailable", event: "sfu_publish", message: "…" });
    assert.equal(made[0].closed, true);
    const retries = timers.filter((t) => t.ms === 5000);
    assert.equal(retries.length, 1);
    retries[0].fn();
    await settle();
    assert.equal(socket.emitted("sfu_publish").length, 2);
  });

  test("sfu_unavailable twice before the retry schedules one retry", async () => {
    const sfu = start();
    sfu.refused({ code: "sfu_unavailable", event: "sfu_publish" });
    sfu.refused({ code: "sfu_unavailable", event: "sfu_candidate" });
    assert.equal(timers.filter((t) => t.ms === 5000).length, 1);
  });

  test("a refused subscription is not repeated until the feeds change", async () => {
    const sfu = start();
    await published(sfu, feeds(5));
    sfu.refused({ code: "not_allowed", event: "sfu_subscribe" });
    assert.deepEqual(timers.filter((t) => t.ms === 5000), []);
    sfu.handle("sfu_feeds", { place: "joint", publish: true, feeds: feeds(5, 7) });
    await settle();
    assert.deepEqual(socket.emitted("sfu_subscribe"), [{ feeds: ["f5"] }, { feeds: ["f5", "f7"] }]);
  });

  test("admitted to a place with no sfu_feeds heard (Janus down), the page publishes anyway", async () => {
    start();
    const waiting = timers.filter((t) => t.ms === 10000);
    assert.equal(waiting.length, 1);
    waiting[0].fn();
    await settle();
    assert.equal(socket.emitted("sfu_publish").length, 1);
    assert.equal(made[0].closed, false);
  });

  test("once sfu_feeds has been heard, the wait for it publishes nothing more", async () => {
    const sfu = start();
    await published(sfu);
    timers.filter((t) => t.ms === 10000)[0].fn();
    await settle();
    assert.equal(socket.emitted("sfu_publish").length, 1);
  });

  test("after sfu_unavailable with no sfu_feeds yet, the retry publishes in the room's place", async () => {
    const sfu = start();
    sfu.refused({ code: "sfu_unavailable", event: "sfu_publish" });
    timers.filter((t) => t.ms === 5000)[0].fn();
    await settle();
    assert.equal(socket.emitted("sfu_publish").length, 1);
  });

  test("a down connection that cannot answer is reported under the video server's name", async () => {
    const sfu = start();
    await published(sfu, feeds(5));
    failing.push("createAnswer");
    await offered(sfu, feeds(5));
    assert.deepEqual(view.problems.sfu, { problem: "answer_failed", name: "视频服务器" });
  });
});

describe("feeds and m-lines", () => {
  test("a set of feeds has one key whatever its order", () => {
    assert.equal(feedKey(feeds(7, 5)), feedKey(feeds(5, 7)));
    assert.notEqual(feedKey(feeds(5)), feedKey(feeds(5, 7)));
  });

  test("each mid belongs to the feed of its stream, in the order of the feeds", () => {
    assert.deepEqual(midsOfFeeds(offerFor(feeds(7, 5)).sdp, feeds(7, 5)), { 0: 7, 1: 7, 2: 5, 3: 5 });
  });

  test("without msid a feed is taken to be two m-lines", () => {
    const sdp = "v=0\r\nm=audio 9 x\r\na=mid:a\r\nm=video 9 x\r\na=mid:b\r\nm=audio 9 x\r\na=mid:c\r\n";
    assert.deepEqual(midsOfFeeds(sdp, feeds(5, 7)), { a: 5, b: 5, c: 7 });
  });
});
