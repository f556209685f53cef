// The small pure parts of the video client: words, the device check's advice.
import assert from "node:assert/strict";
import { test } from "node:test";

import { explain, peakLevel } from "../../static/js/video/devices.js";
import { createWords } from "../../static/js/video/words.js";
import { startPlayback } from "../../static/js/video/playback.js";

const words = createWords({
  call: "{name}在{place}呼叫您", joint: "联合调解", party: "当事人", applicant: "申请人", you: "您",
});

test("holes in a word are filled with the values as they are", () => {
  assert.equal(words.format("call", { name: "张$&英", place: "联合调解" }), "张$&英在联合调解呼叫您");
});

test("a place without a word keeps its own name", () => {
  assert.equal(words.place("joint"), "联合调解");
  assert.equal(words.place("elsewhere"), "elsewhere");
  assert.equal(words.place(null), "");
});

test("a member is described by name, role and side, and marked when it is us", () => {
  const m = { id: 5, name: "张秀英", role: "party", side: "applicant" };
  assert.equal(words.member(m, { id: 5 }), "张秀英 · 当事人 · 申请人 (您)");
  assert.equal(words.member({ ...m, side: null }, { id: 6 }), "张秀英 · 当事人");
});

test("the device check explains each kind of failure", () => {
  assert.equal(explain({ name: "NotAllowedError" }, true), "denied");
  assert.equal(explain({ name: "NotReadableError" }, true), "busy");
  assert.equal(explain({ name: "OverconstrainedError" }, true), "nodevice");
  assert.equal(explain({ name: "NotAllowedError" }, false), "insecure");
});

test("the microphone level is the loudest sample", () => {
  assert.equal(peakLevel(new Uint8Array([128, 128, 128])), 0);
  assert.equal(peakLevel(new Uint8Array([128, 192, 64])), 0.5);
});

test("a video the browser will not start without a tap asks for one; other refusals do not", async () => {
  const asked = [];
  const video = (error) => ({ play: () => (error ? Promise.reject(error) : Promise.resolve()) });
  await startPlayback(video({ name: "NotAllowedError" }), () => asked.push("blocked"));
  await startPlayback(video({ name: "AbortError" }), () => asked.push("aborted"));
  await startPlayback(video(null), () => asked.push("played"));
  await startPlayback({}, () => asked.push("no play"));
  assert.deepEqual(asked, ["blocked"]);
});
