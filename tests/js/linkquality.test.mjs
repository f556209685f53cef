import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { classify, createLinkJudge, sampleFromStats, worstOf } from "../../static/js/video/linkquality.js";

const GOOD = { outgoingKbps: 900, loss: 0, rttMs: 60 };
const WEAK = { outgoingKbps: 200, loss: 0.01, rttMs: 120 };
const POOR = { outgoingKbps: 90, loss: 0.2, rttMs: 1500 };

/** Feed one sample a second from `start` (s); return the judge's answers. */
function run(judge, samples, { start = 0, audioOnly = false } = {}) {
  return samples.map((s, i) => judge.push({ ...s, at: (start + i) * 1000 }, audioOnly));
}

function repeat(sample, n) {
  return Array.from({ length: n }, () => sample);
}

describe("classify", () => {
  test("each figure alone can make a link weak or poor", () => {
    assert.equal(classify(GOOD), "good");
    assert.equal(classify({ outgoingKbps: 200 }), "weak");
    assert.equal(classify({ loss: 0.08 }), "weak");
    assert.equal(classify({ rttMs: 500 }), "weak");
    assert.equal(classify({ outgoingKbps: 100 }), "poor");
    assert.equal(classify({ ...GOOD, loss: 0.3 }), "poor");
    assert.equal(classify({ ...GOOD, rttMs: 2000 }), "poor");
  });

  test("a sample with no figures says nothing", () => {
    assert.equal(classify({ outgoingKbps: null, loss: null, rttMs: null }), null);
    assert.equal(classify(null), null);
  });

  test("in audio only a low outgoing estimate is not held against the link", () => {
    assert.equal(classify({ outgoingKbps: 40, loss: 0, rttMs: 80 }, true), "good");
    assert.equal(classify({ outgoingKbps: 40, loss: 0.2, rttMs: 80 }, true), "poor");
  });
});

describe("the link judge", () => {
  test("one bad second does not change the indicator", () => {
    const judge = createLinkJudge();
    const answers = run(judge, [GOOD, GOOD, POOR, GOOD, GOOD, GOOD, GOOD, GOOD]);
    assert.deepEqual(answers.map((a) => a.quality), repeat("good", 8));
    assert.ok(answers.every((a) => !a.proposeAudioOnly));
  });

  test("a level is shown once it has held for the hold time", () => {
    const judge = createLinkJudge({ holdMs: 4000 });
    const answers = run(judge, repeat(WEAK, 6));
    assert.deepEqual(answers.map((a) => a.quality), ["good", "good", "good", "good", "weak", "weak"]);
  });

  test("a poor link held long enough proposes audio only, once", () => {
    const judge = createLinkJudge({ holdMs: 4000, proposeAfterMs: 6000 });
    const answers = run(judge, repeat(POOR, 12));
    assert.equal(answers[4].quality, "poor");
    assert.deepEqual(answers.map((a) => a.proposeAudioOnly).map(Number).join(""), "000000100000");
  });

  test("a weak link is shown but does not propose audio only", () => {
    const judge = createLinkJudge();
    const answers = run(judge, repeat(WEAK, 20));
    assert.equal(answers.at(-1).quality, "weak");
    assert.ok(answers.every((a) => !a.proposeAudioOnly));
  });

  test("poor seconds broken by a weak one start the count again", () => {
    const judge = createLinkJudge({ proposeAfterMs: 6000 });
    const answers = run(judge, [...repeat(POOR, 5), WEAK, ...repeat(POOR, 6)]);
    assert.ok(answers.every((a) => !a.proposeAudioOnly));
  });

  test("after recovering, a new poor spell proposes again", () => {
    const judge = createLinkJudge({ holdMs: 2000, proposeAfterMs: 3000 });
    const answers = run(judge, [...repeat(POOR, 5), ...repeat(GOOD, 4), ...repeat(POOR, 5)]);
    assert.equal(answers.filter((a) => a.proposeAudioOnly).length, 2);
    assert.equal(answers[8].quality, "good");
  });

  test("nothing is proposed to someone already in audio only", () => {
    const judge = createLinkJudge();
    const answers = run(judge, repeat(POOR, 12), { audioOnly: true });
    assert.equal(answers.at(-1).quality, "poor");
    assert.ok(answers.every((a) => !a.proposeAudioOnly));
  });

  test("empty samples keep the level as it was", () => {
    const judge = createLinkJudge({ holdMs: 1000 });
    run(judge, repeat(WEAK, 3));
    const empty = { outgoingKbps: null, loss: null, rttMs: null };
    assert.deepEqual(run(judge, repeat(empty, 5), { start: 3 }).map((a) => a.quality), repeat("weak", 5));
  });
});

describe("samples from getStats", () => {
  const report = (extra = []) => [
    { type: "transport", selectedCandidatePairId: "P1" },
    { type: "candidate-pair", id: "P0", nominated: true, state: "succeeded", availableOutgoingBitrate: 5e6 },
    { type: "candidate-pair", id: "P1", availableOutgoingBitrate: 280000, currentRoundTripTime: 0.25 },
    { type: "outbound-rtp", kind: "video", bytesSent: 1000 },
    { type: "outbound-rtp", kind: "audio", bytesSent: 500 },
    ...extra,
  ];

  test("the selected pair gives the outgoing estimate and the round trip", () => {
    const s = sampleFromStats(report(), null, 7);
    assert.deepEqual([s.at, s.outgoingKbps, s.rttMs, s.loss, s.counts.bytesSent], [7, 280, 250, null, 1500]);
  });

  test("loss is the worse of the far end's report and our own since the last sample", () => {
    const first = sampleFromStats(report([
      { type: "inbound-rtp", packetsLost: 10, packetsReceived: 990 },
      { type: "remote-inbound-rtp", fractionLost: 0.02 },
    ]), null, 0);
    assert.equal(first.loss, 0.02);
    const next = sampleFromStats(report([
      { type: "inbound-rtp", packetsLost: 40, packetsReceived: 1060 },
      { type: "remote-inbound-rtp", fractionLost: 0.02 },
    ]), first, 1000);
    assert.equal(next.loss, 0.3);
  });

  test("the worst call sets the link's sample", () => {
    const worst = worstOf([
      { outgoingKbps: 900, loss: 0.01, rttMs: null },
      { outgoingKbps: 150, loss: null, rttMs: 300 },
    ], 5);
    assert.deepEqual(worst, { at: 5, outgoingKbps: 150, loss: 0.01, rttMs: 300 });
  });
});
