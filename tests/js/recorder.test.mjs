import { test } from "node:test";
import assert from "node:assert/strict";
import { CHUNK_MS, createRecorder, createUploader } from "../../static/js/video/recorder.js";

// A server that holds chunks once, drops the connection when told, and refuses on demand.
function fakeServer() {
  const held = new Map();
  const server = { held, offline: 0, refuse: null, calls: [] };
  server.fetch = async function (url, options) {
    server.calls.push(options.method + " " + url);
    if (server.offline > 0) {
      server.offline -= 1;
      throw new TypeError("network");
    }
    const reply = (status, body) => ({ ok: status < 300, status, json: async () => body });
    if (server.refuse) return reply(409, { error: { code: server.refuse, message: "no" } });
    if (options.method === "POST" && url === "/r") return reply(201, { id: 7, chunks: [] });
    const chunk = url.match(/\/r\/7\/chunks\/(\d+)$/);
    if (chunk) {
      const stored = !held.has(Number(chunk[1]));
      held.set(Number(chunk[1]), options.body);
      return reply(200, { stored });
    }
    if (url === "/r/7/finish") {
      const total = JSON.parse(options.body).chunks;
      const missing = [];
      for (let i = 0; i < total; i += 1) if (!held.has(i)) missing.push(i);
      if (missing.length) return reply(409, { error: { code: "chunks_missing", missing } });
      return reply(200, { id: 7, state: "saved" });
    }
    return reply(404, {});
  };
  return server;
}

function blob(text) {
  return { size: text.length, text };
}

function uploader(server, refusals = []) {
  return createUploader({
    fetch: server.fetch,
    base: "/r",
    sleep: async () => {},
    onRefused: (e) => refusals.push(e.code),
  });
}

test("chunks are numbered in order and the recording is finished with their count", async () => {
  const server = fakeServer();
  const up = uploader(server);
  assert.equal((await up.begin("video/webm")).ok, true);
  ["a", "b", "c"].forEach((t) => up.push(blob(t)));
  const done = await up.finish();
  assert.equal(done.ok, true);
  assert.deepEqual([...server.held.keys()].sort(), [0, 1, 2]);
  assert.ok(server.calls.includes("POST /r/7/finish"));
});

test("a dropped connection is retried until the server holds every chunk", async () => {
  const server = fakeServer();
  const up = uploader(server);
  await up.begin("video/webm");
  server.offline = 3;
  up.push(blob("a"));
  up.push(blob("b"));
  assert.equal((await up.finish()).ok, true);
  assert.equal(server.held.size, 2);
  assert.equal(up.waiting, 0);
});

test("a refusal stops the upload and is reported once", async () => {
  const server = fakeServer();
  const refusals = [];
  const up = uploader(server, refusals);
  await up.begin("video/webm");
  server.refuse = "consent_withdrawn";
  up.push(blob("a"));
  const done = await up.finish();
  assert.equal(done.ok, false);
  assert.deepEqual(refusals, ["consent_withdrawn"]);
  up.push(blob("b"));
  assert.equal(up.sent, 1);
});

test("the recording mixes every voice, newcomers too, and uploads what it records", async () => {
  const server = fakeServer();
  const mixed = [];
  let media;
  let voices = [{ kind: "audio", id: "me" }, { kind: "audio", id: "applicant" }];
  const recorder = createRecorder({
    makeStream: (tracks) => ({ tracks }),
    makeRecorder: (stream) => {
      media = {
        stream, mimeType: "video/webm", state: "inactive",
        start(slice) { this.slice = slice; this.state = "recording"; },
        stop() { this.state = "inactive"; this.ondataavailable({ data: blob("last") }); this.onstop(); },
      };
      return media;
    },
    mixer: () => ({ track: { kind: "audio", id: "mix" }, add: (t) => mixed.push(...t.map((x) => x.id)), close() {} }),
    picture: () => ({ track: { kind: "video", id: "tiles" }, stop() {} }),
    tracks: () => voices,
    uploader: () => uploader(server),
  });
  assert.equal((await recorder.start()).ok, true);
  assert.deepEqual(media.stream.tracks.map((t) => t.id), ["mix", "tiles"]);
  assert.equal(media.slice, CHUNK_MS);
  media.ondataavailable({ data: blob("first") });
  voices = [...voices, { kind: "audio", id: "respondent" }];
  await new Promise((r) => setTimeout(r, 1100));
  assert.ok(mixed.includes("respondent"));
  const done = await recorder.stop();
  assert.equal(done.ok, true);
  assert.equal(recorder.active, false);
  assert.deepEqual([...server.held.values()].map((b) => b.text), ["first", "last"]);
});
