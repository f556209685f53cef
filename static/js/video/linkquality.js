// How well one's own link carries the call, from getStats samples: good, weak or poor, and when
// to propose audio only. Pure: samples in, decisions out; tests/js/linkquality.test.mjs.
//
// A sample is { at (ms), outgoingKbps, loss (0..1), rttMs }, any of them null when unknown.

export const QUALITIES = ["good", "weak", "poor"];

// Below `weak` a 640x480 picture turns blurred or stutters; below `poor` what is left for the
// picture beside the sound (about 30 kbit/s) shows little more than still frames.
export const THRESHOLDS = {
  weak: { outgoingKbps: 300, loss: 0.05, rttMs: 400 },
  poor: { outgoingKbps: 180, loss: 0.15, rttMs: 1000 },
};

function breaches(sample, limits, audioOnly) {
  // Without video the browser's estimate of the outgoing bitrate falls with what it sends: it
  // says nothing about the link then.
  const low = !audioOnly && sample.outgoingKbps != null && sample.outgoingKbps < limits.outgoingKbps;
  return low || (sample.loss != null && sample.loss > limits.loss) ||
    (sample.rttMs != null && sample.rttMs > limits.rttMs);
}

/** The level one sample shows on its own, or null when it holds no figure at all. */
export function classify(sample, audioOnly = false, thresholds = THRESHOLDS) {
  if (!sample || (sample.outgoingKbps == null && sample.loss == null && sample.rttMs == null)) {
    return null;
  }
  if (breaches(sample, thresholds.poor, audioOnly)) return "poor";
  if (breaches(sample, thresholds.weak, audioOnly)) return "weak";
  return "good";
}

/** The worst of several calls' samples taken at one time: the link is as weak as its worst. */
export function worstOf(samples, at) {
  const pick = function (key, better) {
    const known = samples.map(function (s) { return s[key]; }).filter(function (v) { return v != null; });
    return known.length ? better.apply(null, known) : null;
  };
  return { at: at, outgoingKbps: pick("outgoingKbps", Math.min), loss: pick("loss", Math.max), rttMs: pick("rttMs", Math.max) };
}

/**
 * Follow the samples: a level is shown once it has held for `holdMs` (so one bad second does
 * not flap the indicator), and audio only is proposed once a poor link has held for
 * `proposeAfterMs`; once per poor spell, so a "keep video" answer is not asked again until the
 * link has recovered.
 */
export function createLinkJudge({ holdMs = 4000, proposeAfterMs = 6000, thresholds = THRESHOLDS } = {}) {
  let quality = "good";
  let candidate = null; // { level, since }
  let poorSince = null;
  let proposed = false;

  function push(sample, audioOnly = false) {
    const level = classify(sample, audioOnly, thresholds);
    if (level === null) return { quality: quality, proposeAudioOnly: false };
    if (!candidate || candidate.level !== level) candidate = { level: level, since: sample.at };
    if (level !== quality && sample.at - candidate.since >= holdMs) quality = level;
    poorSince = level === "poor" ? (poorSince === null ? sample.at : poorSince) : null;
    if (quality === "good") proposed = false;
    let propose = false;
    if (!audioOnly && !proposed && poorSince !== null && sample.at - poorSince >= proposeAfterMs) {
      proposed = true;
      propose = true;
    }
    return { quality: quality, proposeAudioOnly: propose };
  }

  return { push, get quality() { return quality; } };
}

/**
 * One call's sample from its getStats() report (an iterable of stats) and the one before, for
 * the loss since then: the selected candidate pair's outgoing bitrate estimate and round trip,
 * and the share of packets lost both ways (the far end's report of ours, and ours of theirs).
 */
export function sampleFromStats(stats, previous, at) {
  let pair = null;
  let pairId = null;
  const counts = { lost: 0, received: 0, remoteFraction: null, bytesSent: 0 };
  const all = Array.from(stats);
  all.forEach(function (s) { if (s.type === "transport" && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId; });
  all.forEach(function (s) {
    if (s.type === "candidate-pair" && (s.id === pairId || (!pairId && s.nominated && s.state === "succeeded"))) pair = s;
    if (s.type === "inbound-rtp") {
      counts.lost += s.packetsLost || 0;
      counts.received += s.packetsReceived || 0;
    }
    if (s.type === "remote-inbound-rtp" && s.fractionLost != null) {
      counts.remoteFraction = Math.max(counts.remoteFraction || 0, s.fractionLost);
    }
    if (s.type === "outbound-rtp") counts.bytesSent += s.bytesSent || 0;
  });
  let loss = counts.remoteFraction;
  if (previous) {
    const lost = counts.lost - previous.counts.lost;
    const total = lost + counts.received - previous.counts.received;
    if (total > 0) loss = Math.max(loss || 0, Math.max(0, lost) / total);
  }
  const kbps = pair && pair.availableOutgoingBitrate != null ? pair.availableOutgoingBitrate / 1000 : null;
  const rtt = pair && pair.currentRoundTripTime != null ? pair.currentRoundTripTime * 1000 : null;
  return { at: at, outgoingKbps: kbps, loss: loss, rttMs: rtt, counts: counts };
}
