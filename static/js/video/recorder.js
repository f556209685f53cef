// The mediator's recording: every voice mixed into one track, the tiles drawn into one picture,
// recorded with MediaRecorder and uploaded to the server in numbered chunks while it records.
// The server keeps each chunk once and says which it holds, so a dropped connection only
// delays the upload (docs/signaling.md, "Recording").

export const CHUNK_MS = 5000;
const REFUSED = ["consent_withdrawn", "no_consent", "not_in_room", "recording_stopped", "recording_too_large", "room_ended", "not_mediator"];

/** One audio track mixing every track added; silent, never missing, when nobody speaks. */
export function mixVoices(AudioContextCtor, MediaStreamCtor) {
  const ctx = new AudioContextCtor();
  const out = ctx.createMediaStreamDestination();
  const mixed = new Set();
  return {
    track: out.stream.getAudioTracks()[0],
    add(tracks) {
      tracks.forEach(function (t) {
        if (t.kind !== "audio" || mixed.has(t.id) || t.readyState === "ended") return;
        mixed.add(t.id);
        ctx.createMediaStreamSource(new MediaStreamCtor([t])).connect(out);
      });
    },
    close() { ctx.close(); },
  };
}

/** A picture of every playing video on the page side by side, redrawn `fps` times a second. */
export function compositeTiles(doc, fps) {
  const canvas = doc.createElement("canvas");
  canvas.width = 1280;
  canvas.height = 720;
  const g = canvas.getContext("2d");
  function draw() {
    const videos = Array.from(doc.querySelectorAll("video")).filter(function (v) { return v.videoWidth > 0; });
    g.fillStyle = "#000";
    g.fillRect(0, 0, canvas.width, canvas.height);
    const cols = Math.ceil(Math.sqrt(videos.length || 1));
    const rows = Math.ceil((videos.length || 1) / cols);
    const w = canvas.width / cols;
    const h = canvas.height / rows;
    videos.forEach(function (v, i) { g.drawImage(v, (i % cols) * w, Math.floor(i / cols) * h, w, h); });
  }
  draw();
  const timer = setInterval(draw, 1000 / fps);
  return { track: canvas.captureStream(fps).getVideoTracks()[0], stop() { clearInterval(timer); } };
}

/**
 * Uploads numbered chunks to `base` (the mediator's /video/join/<token>/recordings), keeping
 * each until the server has it. fetch as window.fetch; sleep(ms) => Promise.
 */
export function createUploader({ fetch, base, sleep, onRefused }) {
  let id = null;
  let next = 0;
  let refused = null;
  const pending = new Map(); // seq -> Blob, until the server answers that it holds it
  let running = null;

  async function answer(response) {
    const body = await response.json().catch(function () { return {}; });
    const error = body.error || {};
    if (REFUSED.indexOf(error.code) >= 0 && !refused) {
      refused = error;
      onRefused(error);
    }
    return { ok: response.ok, status: response.status, body, code: error.code };
  }

  async function send(method, url, options) {
    for (let wait = 1000; ; wait = Math.min(wait * 2, 30000)) {
      try {
        return await answer(await fetch(url, Object.assign({ method }, options)));
      } catch {
        await sleep(wait); // offline: try the same request again
      }
    }
  }

  async function drain() {
    while (pending.size && !refused) {
      const seq = Math.min.apply(null, Array.from(pending.keys()));
      const r = await send("PUT", `${base}/${id}/chunks/${seq}`, {
        body: pending.get(seq), headers: { "Content-Type": "application/octet-stream" },
      });
      if (r.ok || r.code === "chunk_differs") pending.delete(seq);
      else if (!refused) await sleep(1000);
    }
  }

  function kick() {
    if (!running) running = drain().finally(function () { running = null; if (pending.size && !refused) kick(); });
    return running;
  }

  return {
    async begin(mimeType) {
      const r = await send("POST", base, { body: JSON.stringify({ mime_type: mimeType }), headers: { "Content-Type": "application/json" } });
      if (!r.ok) return r;
      id = r.body.id;
      return r;
    },
    push(blob) {
      if (refused || !id || !blob.size) return;
      pending.set(next, blob);
      next += 1;
      kick();
    },
    /** Resend what the server lacks, then ask it to put the file together. */
    async finish() {
      for (let tries = 0; tries < 20 && !refused; tries += 1) {
        await kick();
        const r = await send("POST", `${base}/${id}/finish`, { body: JSON.stringify({ chunks: next }), headers: { "Content-Type": "application/json" } });
        if (r.ok || refused) return r;
        if (r.code !== "chunks_missing") return r;
        await sleep(500); // a lost answer: what was sent is still held here until acknowledged
      }
      return { ok: false, code: refused ? refused.code : "chunks_missing" };
    },
    get id() { return id; },
    get sent() { return next; },
    get refused() { return refused; },
    get waiting() { return pending.size; },
  };
}

/**
 * The recording: start() mixes the voices of tracks(), draws the tiles, and uploads.
 * makeRecorder(stream) => MediaRecorder; mixer() => mixVoices(...); picture() => compositeTiles(...).
 */
export function createRecorder({ makeRecorder, makeStream, mixer, picture, uploader, tracks }) {
  let current = null;

  async function start() {
    if (current) return { ok: true };
    const up = uploader();
    const rec = { up, mix: mixer(), pic: picture(), timer: null, media: null, done: null };
    current = rec;
    rec.mix.add(tracks());
    rec.timer = setInterval(function () { rec.mix.add(tracks()); }, 1000); // newcomers' voices
    rec.media = makeRecorder(makeStream([rec.mix.track, rec.pic.track]));
    const opened = await up.begin(rec.media.mimeType || "video/webm");
    if (!opened.ok) {
      release(rec);
      return opened;
    }
    rec.media.ondataavailable = function (e) { up.push(e.data); };
    rec.done = new Promise(function (resolve) { rec.media.onstop = resolve; });
    rec.media.start(CHUNK_MS);
    return opened;
  }

  function release(rec) {
    clearInterval(rec.timer);
    rec.pic.stop();
    rec.mix.close();
    if (current === rec) current = null;
  }

  async function stop() {
    const rec = current;
    if (!rec) return null;
    current = null;
    if (rec.media.state !== "inactive") rec.media.stop();
    await rec.done;
    release(rec);
    return rec.up.refused ? { ok: false, code: rec.up.refused.code } : rec.up.finish();
  }

  return {
    start,
    stop,
    get active() { return current !== null; },
    get uploader() { return current ? current.up : null; },
  };
}
