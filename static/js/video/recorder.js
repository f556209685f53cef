// The mediator's recording, made on this computer only: the server never receives media.

/** Every audio track and the first video track. */
export function recordedTracks(tracks) {
  const firstVideo = tracks.findIndex(function (t) { return t.kind === "video"; });
  return tracks.filter(function (t, i) { return t.kind === "audio" || i === firstVideo; });
}

/** "mediation-2026-12-08T01:30:00.webm" for a recording that ends at that instant (UTC). */
export function recordingName(instant) {
  return "mediation-" + instant.toISOString().slice(0, 19) + ".webm";
}

/**
 * A recorder that records given tracks until stopped, then hands the file to `save`.
 * makeRecorder(tracks) => MediaRecorder; save(blob, name); now() => Date.
 */
export function createRecorder({ makeRecorder, save, now }) {
  let current = null;

  function start(tracks) {
    const chunks = [];
    const rec = makeRecorder(recordedTracks(tracks));
    rec.ondataavailable = function (e) { if (e.data.size) chunks.push(e.data); };
    rec.onstop = function () { save(new Blob(chunks, { type: rec.mimeType }), recordingName(now())); };
    rec.start(1000);
    current = rec;
  }

  function stop() {
    if (current) {
      current.stop();
      current = null;
    }
  }

  return {
    start,
    stop,
    get active() { return current !== null; },
  };
}
