import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";

import { createPeers } from "../../static/js/video/peers.js";
import { FakeConnection, FakeSocket, FakeView, fakeStream, member, roomView, settle } from "./fakes.mjs";

const ME = { id: 2, name: "调解员" };
const ICE = [{ urls: "stun:stun.example:3478" }];
const QUIET = { warn() {} };

let socket, view, made, failing, local;

function start(me = ME) {
  const peers = createPeers({
    socket,
    createConnection: (config) => {
      const pc = new FakeConnection(config, failing);
      made.push(pc);
      return pc;
    },
    media: () => local,
    view,
    log: QUIET,
  });
  peers.welcome(me, ICE);
  return peers;
}

beforeEach(() => {
  socket = new FakeSocket();
  view = new FakeView();
  made = [];
  failing = [];
  local = { stream: fakeStream("audio", "video"), screen: null };
});

describe("opening calls", () => {
  test("a new participant with a larger id gets an offer", async () => {
    const peers = start();
    peers.sync(roomView([member(2, "调解员"), member(5, "张秀英")]));
    await settle();
    assert.equal(made.length, 1);
    assert.deepEqual(made[0].config, { iceServers: ICE });
    assert.deepEqual(socket.signals("offer"), [
      { to: 5, kind: "offer", data: { sdp: "offer-sdp-1", type: "offer", restart: false } },
    ]);
    assert.equal(peers.pcs["5"], made[0]);
  });

  test("a relay policy from the welcome sends every call through TURN", async () => {
    const peers = start();
    peers.welcome(ME, ICE, "relay");
    peers.sync(roomView([member(2, "调解员"), member(5, "张秀英")]));
    await settle();
    assert.deepEqual(made[0].config, { iceServers: ICE, iceTransportPolicy: "relay" });
  });

  test("any other policy leaves the browser's default", async () => {
    const peers = start();
    peers.welcome(ME, ICE, "all");
    peers.sync(roomView([member(2, "调解员"), member(5, "张秀英")]));
    await settle();
    assert.deepEqual(made[0].config, { iceServers: ICE });
  });

  test("a participant with a smaller id is left to make the offer", async () => {
    const peers = start({ id: 7 });
    peers.sync(roomView([member(5, "张秀英"), member(7, "刘建国")]));
    await settle();
    assert.equal(made.length, 0);
    assert.deepEqual(socket.sent, []);
  });

  test("the camera's tracks are sent, or nothing is sent and both kinds are received", () => {
    start().sync(roomView([member(5, "张秀英")]));
    assert.deepEqual(made[0].tracks.map((t) => t.track.kind), ["audio", "video"]);
    local = { stream: null, screen: null };
    start().sync(roomView([member(6, "刘建国")]));
    assert.deepEqual(made[1].transceivers, [
      { kind: "audio", init: { direction: "recvonly" } },
      { kind: "video", init: { direction: "recvonly" } },
    ]);
  });

  test("an offer is answered on a new connection", async () => {
    const peers = start({ id: 7 });
    peers.sync(roomView([member(5, "张秀英")]));
    peers.receive({ from: 5, kind: "offer", data: { type: "offer", sdp: "their-offer" } });
    await settle();
    assert.deepEqual(made[0].remoteDescription, { type: "offer", sdp: "their-offer" });
    assert.deepEqual(socket.signals("answer"), [
      { to: 5, kind: "answer", data: { sdp: "answer-sdp", type: "answer" } },
    ]);
  });

  test("an answer is applied to the connection that offered", async () => {
    const peers = start();
    peers.sync(roomView([member(5, "张秀英")]));
    await settle();
    peers.receive({ from: 5, kind: "answer", data: { type: "answer", sdp: "their-answer" } });
    await settle();
    assert.deepEqual(made[0].remoteDescription, { type: "answer", sdp: "their-answer" });
  });

  test("our ICE candidates are sent to the peer", () => {
    start().sync(roomView([member(5, "张秀英")]));
    made[0].onicecandidate({ candidate: { toJSON: () => ({ candidate: "c1" }) } });
    made[0].onicecandidate({ candidate: null });
    assert.deepEqual(socket.signals("candidate"), [
      { to: 5, kind: "candidate", data: { candidate: { candidate: "c1" } } },
    ]);
  });

  test("a peer's track is shown under its name", () => {
    start().sync(roomView([member(5, "张秀英")]));
    made[0].ontrack({ streams: ["their-stream"], track: "their-track" });
    assert.deepEqual(view.videos["5"], { name: "张秀英", stream: "their-stream", track: "their-track" });
  });
});

describe("ICE candidates", () => {
  test("candidates that come before the remote description wait for it", async () => {
    const peers = start();
    peers.sync(roomView([member(5, "张秀英")]));
    await settle();
    peers.receive({ from: 5, kind: "candidate", data: { candidate: { candidate: "early" } } });
    await settle();
    assert.deepEqual(made[0].candidates, []);
    peers.receive({ from: 5, kind: "answer", data: { type: "answer", sdp: "their-answer" } });
    await settle();
    assert.deepEqual(made[0].candidates, [{ candidate: "early" }]);
  });

  test("candidates after the remote description are added at once", async () => {
    const peers = start();
    peers.sync(roomView([member(5, "张秀英")]));
    peers.receive({ from: 5, kind: "answer", data: { type: "answer", sdp: "their-answer" } });
    await settle();
    peers.receive({ from: 5, kind: "candidate", data: { candidate: { candidate: "late" } } });
    await settle();
    assert.deepEqual(made[0].candidates, [{ candidate: "late" }]);
  });

  test("candidates from someone we have no call with are ignored", async () => {
    const peers = start();
    peers.receive({ from: 9, kind: "candidate", data: { candidate: { candidate: "stray" } } });
    await settle();
    assert.equal(made.length, 0);
  });
});

describe("problems the person is told about", () => {
  test("a failed setRemoteDescription of an answer is reported with the peer's name", async () => {
    failing = ["setRemoteDescription"];
    const peers = start();
    peers.sync(roomView([member(5, "张秀英")]));
    peers.receive({ from: 5, kind: "answer", data: { type: "answer", sdp: "bad" } });
    await settle();
    assert.deepEqual(view.problems["5"], { problem: "connect_failed", name: "张秀英" });
  });

  test("an offer that cannot be answered is reported", async () => {
    failing = ["setRemoteDescription"];
    const peers = start({ id: 7 });
    peers.sync(roomView([member(5, "张秀英")]));
    peers.receive({ from: 5, kind: "offer", data: { type: "offer", sdp: "bad" } });
    await settle();
    assert.deepEqual(view.problems["5"], { problem: "answer_failed", name: "张秀英" });
    assert.deepEqual(socket.signals("answer"), []);
  });

  test("an offer that cannot be made is reported", async () => {
    failing = ["createOffer"];
    start().sync(roomView([member(5, "张秀英")]));
    await settle();
    assert.deepEqual(view.problems["5"], { problem: "offer_failed", name: "张秀英" });
    assert.deepEqual(socket.signals("offer"), []);
  });

  test("a refused ICE candidate is reported", async () => {
    failing = ["addIceCandidate"];
    const peers = start();
    peers.sync(roomView([member(5, "张秀英")]));
    peers.receive({ from: 5, kind: "answer", data: { type: "answer", sdp: "their-answer" } });
    await settle();
    peers.receive({ from: 5, kind: "candidate", data: { candidate: { candidate: "bad" } } });
    await settle();
    assert.deepEqual(view.problems["5"], { problem: "candidate_failed", name: "张秀英" });
  });

  test("the problem goes away once the call connects", async () => {
    failing = ["addIceCandidate"];
    const peers = start();
    peers.sync(roomView([member(5, "张秀英")]));
    peers.receive({ from: 5, kind: "answer", data: { type: "answer", sdp: "their-answer" } });
    peers.receive({ from: 5, kind: "candidate", data: { candidate: { candidate: "bad" } } });
    await settle();
    made[0].become("connected");
    assert.deepEqual(view.problems, {});
  });

  test("a failure on a connection already replaced is not reported", async () => {
    failing = ["setRemoteDescription"];
    const peers = start();
    peers.sync(roomView([member(5, "张秀英")]));
    peers.receive({ from: 5, kind: "answer", data: { type: "answer", sdp: "bad" } });
    peers.sync(roomView([]));
    await settle();
    assert.deepEqual(view.problems, {});
  });
});

describe("who we have calls with", () => {
  test("a caucus keeps the call with the side in it and closes the other", async () => {
    const peers = start();
    peers.sync(roomView([member(5, "张秀英"), member(6, "刘建国")]));
    const [applicant, respondent] = made;
    peers.sync(roomView([member(5, "张秀英", "s5", { place: "caucus:applicant" })]));
    assert.deepEqual(Object.keys(peers.pcs), ["5"]);
    assert.equal(peers.pcs["5"], applicant);
    assert.equal(applicant.closed, false);
    assert.equal(respondent.closed, true);
    assert.deepEqual(view.removed, ["6"]);
  });

  test("a member listed but not a peer gets no call", () => {
    const peers = start();
    peers.sync(roomView([member(5, "张秀英"), member(6, "刘建国")], [5]));
    assert.deepEqual(Object.keys(peers.pcs), ["5"]);
  });

  test("a participant who leaves has their call closed", () => {
    const peers = start();
    peers.sync(roomView([member(5, "张秀英")]));
    peers.sync(roomView([]));
    assert.equal(made[0].closed, true);
    assert.deepEqual(peers.pcs, {});
  });

  test("a participant who reconnected gets a fresh call", async () => {
    const peers = start();
    peers.sync(roomView([member(5, "张秀英", "first")]));
    peers.sync(roomView([member(5, "张秀英", "second")]));
    await settle();
    assert.equal(made.length, 2);
    assert.equal(made[0].closed, true);
    assert.equal(peers.pcs["5"], made[1]);
  });

  test("a fresh offer replaces the call, an ICE-restart offer keeps it", async () => {
    const peers = start({ id: 7 });
    peers.sync(roomView([member(5, "张秀英")]));
    peers.receive({ from: 5, kind: "offer", data: { type: "offer", sdp: "one" } });
    peers.receive({ from: 5, kind: "offer", data: { type: "offer", sdp: "two", restart: true } });
    await settle();
    assert.equal(made.length, 1);
    peers.receive({ from: 5, kind: "offer", data: { type: "offer", sdp: "three" } });
    await settle();
    assert.equal(made.length, 2);
    assert.equal(made[0].closed, true);
  });

  test("stopping closes every call", () => {
    const peers = start();
    peers.sync(roomView([member(5, "张秀英"), member(6, "刘建国")]));
    peers.stop();
    assert.deepEqual(made.map((pc) => pc.closed), [true, true]);
    assert.deepEqual(peers.pcs, {});
  });
});

describe("ICE restarts", () => {
  test("when a call fails the smaller id offers again with an ICE restart", async () => {
    const peers = start();
    peers.sync(roomView([member(5, "张秀英")]));
    await settle();
    made[0].become("failed");
    await settle();
    assert.deepEqual(made[0].offers, [{}, { iceRestart: true }]);
    assert.equal(socket.signals("offer")[1].data.restart, true);
  });

  test("when a call fails the larger id asks the other side to restart", async () => {
    const peers = start({ id: 7 });
    peers.sync(roomView([member(5, "张秀英")]));
    peers.receive({ from: 5, kind: "offer", data: { type: "offer", sdp: "one" } });
    await settle();
    made[0].become("failed");
    assert.deepEqual(socket.signals("restart"), [{ to: 5, kind: "restart", data: {} }]);
  });

  test("a request to restart is answered with a restart offer", async () => {
    const peers = start();
    peers.sync(roomView([member(5, "张秀英")]));
    peers.receive({ from: 5, kind: "restart", data: {} });
    await settle();
    assert.deepEqual(made[0].offers, [{}, { iceRestart: true }]);
  });
});

describe("the local picture", () => {
  test("a shared screen replaces the video sent on every call", () => {
    const peers = start();
    peers.sync(roomView([member(5, "张秀英"), member(6, "刘建国")]));
    peers.replaceVideo("screen-track");
    assert.deepEqual(made.map((pc) => pc.replaced), ["screen-track", "screen-track"]);
  });
});

describe("weak links", () => {
  const CAPS = { video: 300000, audio: 32000 };

  function videoSender(pc) {
    return pc.tracks.find((t) => t.track.kind === "video").sender;
  }

  test("every sender is held to its kind's cap once the call has its description", async () => {
    const peers = start();
    peers.welcome(ME, ICE, "all", CAPS);
    peers.sync(roomView([member(2, "调解员"), member(5, "张秀英")]));
    await settle();
    const caps = made[0].tracks.map(({ track, sender }) => [track.kind, sender.params.encodings[0].maxBitrate]);
    assert.deepEqual(caps, [["audio", 32000], ["video", 300000]]);
  });

  test("the answering side caps its senders too", async () => {
    const peers = start({ id: 7, name: "王芳" });
    peers.welcome({ id: 7, name: "王芳" }, ICE, "all", CAPS);
    peers.sync(roomView([member(5, "张秀英"), member(7, "王芳")]));
    peers.receive({ from: 5, kind: "offer", data: { sdp: "o" } });
    await settle();
    assert.equal(videoSender(made[0]).params.encodings[0].maxBitrate, 300000);
  });

  test("audio only stops our picture on every call and tells every peer", async () => {
    const peers = start();
    peers.sync(roomView([member(5, "张秀英"), member(6, "刘建国")]));
    peers.setAudioOnly(true);
    await settle();
    assert.deepEqual(made.map((pc) => videoSender(pc).track), [null, null]);
    assert.deepEqual(socket.signals("media"), [
      { to: 5, kind: "media", data: { audio_only: true, quality: "good" } },
      { to: 6, kind: "media", data: { audio_only: true, quality: "good" } },
    ]);
    assert.ok(peers.audioOnly);
    peers.setAudioOnly(false);
    await settle();
    assert.deepEqual(made.map((pc) => videoSender(pc).track.kind), ["video", "video"]);
  });

  test("a call opened in audio only starts without our picture", async () => {
    const peers = start();
    peers.setAudioOnly(true);
    peers.sync(roomView([member(5, "张秀英")]));
    await settle();
    assert.equal(videoSender(made[0]).track, null);
    assert.equal(made[0].tracks.find((t) => t.track.kind === "audio").sender.track.kind, "audio");
  });

  test("a peer in audio only is shown so and is sent no picture", async () => {
    const peers = start();
    peers.sync(roomView([member(5, "张秀英"), member(6, "刘建国")]));
    peers.receive({ from: 5, kind: "media", data: { audio_only: true, quality: "poor" } });
    await settle();
    assert.deepEqual(view.states["5"], { audio_only: true, quality: "poor", name: "张秀英" });
    assert.equal(videoSender(made[0]).track, null);
    assert.equal(videoSender(made[1]).track.kind, "video");
  });

  test("the link quality is sent only when it changes, and when a call connects", () => {
    const peers = start();
    peers.sync(roomView([member(5, "张秀英")]));
    peers.setQuality("good");
    assert.equal(socket.signals("media").length, 0);
    peers.setQuality("weak");
    made[0].become("connected");
    assert.deepEqual(socket.signals("media").map((s) => s.data.quality), ["weak", "weak"]);
  });
});
