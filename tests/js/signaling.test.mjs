import assert from "node:assert/strict";
import { test } from "node:test";

import { commands, hasAgreed, listen, openSocket } from "../../static/js/video/signaling.js";
import { FakeSocket } from "./fakes.mjs";

function heard() {
  const calls = [];
  const on = new Proxy({}, { get: (_, name) => (...args) => calls.push([name, ...args]) });
  return { calls, on };
}

test("the socket opens on /signal with the join token", () => {
  let opened;
  openSocket((...args) => { opened = args; }, "tok");
  assert.equal(opened[0], "/signal");
  assert.deepEqual(opened[1].auth, { token: "tok" });
});

test("a refusal with a code is shown and not retried", () => {
  const socket = new FakeSocket();
  const { calls, on } = heard();
  listen(socket, on);
  socket.fire("connect_error", { data: { code: "link_expired", message: "链接已过期" } });
  assert.deepEqual(calls, [["refused", "链接已过期"]]);
  assert.equal(socket.disconnected, true);
});

test("a connection error without a code means reconnecting", () => {
  const socket = new FakeSocket();
  const { calls, on } = heard();
  listen(socket, on);
  socket.fire("connect_error", new Error("timeout"));
  socket.fire("disconnect", "transport close");
  socket.fire("disconnect", "io client disconnect");
  assert.deepEqual(calls, [["lost"], ["lost"]]);
  assert.equal(socket.disconnected, false);
});

test("replaced, ended and removed stop the page with the server's payload", () => {
  const socket = new FakeSocket();
  const { calls, on } = heard();
  listen(socket, on);
  socket.fire("ended", { message: "调解员已结束本次调解" });
  socket.fire("replaced", undefined);
  assert.deepEqual(calls, [["final", "ended", { message: "调解员已结束本次调解" }], ["final", "replaced", undefined]]);
});

test("the SFU's events go to one handler by name", () => {
  const socket = new FakeSocket();
  const { calls, on } = heard();
  listen(socket, on);
  socket.fire("sfu_feeds", { place: "joint", publish: true, feeds: [] });
  socket.fire("sfu_withdrawn", { place: "joint" });
  assert.deepEqual(calls, [
    ["sfu", "sfu_feeds", { place: "joint", publish: true, feeds: [] }],
    ["sfu", "sfu_withdrawn", { place: "joint" }],
  ]);
});

test("commands emit the protocol's events", () => {
  const socket = new FakeSocket();
  const send = commands(socket);
  send.consent(true);
  send.control({ action: "gather" });
  send.chat("你好");
  send.callMediator();
  send.recording(false);
  assert.deepEqual(socket.sent, [
    { event: "consent", payload: { consent: true } },
    { event: "control", payload: { action: "gather" } },
    { event: "chat", payload: { body: "你好" } },
    { event: "call_mediator", payload: {} },
    { event: "recording", payload: { active: false } },
  ]);
});

test("only a recorded yes counts as agreement to recording", () => {
  const me = { id: 5 };
  assert.equal(hasAgreed({ consents: { 5: true } }, me), true);
  assert.equal(hasAgreed({ consents: { 5: false } }, me), false);
  assert.equal(hasAgreed({ consents: {} }, me), false);
  assert.equal(hasAgreed(null, me), false);
  assert.equal(hasAgreed({ consents: { 5: true } }, null), false);
});
