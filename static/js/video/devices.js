// The device check before joining: the camera and microphone, and plain words when they fail.

const WANTED = { audio: true, video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: "user" } };

/** The key of the words that explain why the camera or microphone could not be used. */
export function explain(error, secure) {
  const name = error && error.name;
  if (!secure) return "insecure";
  if (name === "NotAllowedError" || name === "SecurityError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "nodevice";
  if (name === "NotReadableError" || name === "AbortError") return "busy";
  return "nodevice";
}

/** Ask for camera and microphone; without a usable camera, for the microphone alone. */
export function openCamera(mediaDevices) {
  return mediaDevices.getUserMedia(WANTED).catch(function (error) {
    // A phone without a usable camera can still talk.
    if (error.name === "NotFoundError" || error.name === "NotReadableError") {
      return mediaDevices.getUserMedia({ audio: true }).catch(function () { throw error; });
    }
    throw error;
  });
}

/** The loudest sample of a time-domain byte buffer, from 0 (silence) to 1. */
export function peakLevel(data) {
  let peak = 0;
  for (let i = 0; i < data.length; i++) peak = Math.max(peak, Math.abs(data[i] - 128) / 128);
  return peak;
}

/** Report the microphone's level ten times a second; return what stops it. */
export function watchLevel(stream, AudioContextClass, onLevel) {
  if (!stream.getAudioTracks().length || !AudioContextClass) return function () {};
  const ctx = new AudioContextClass();
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 512;
  ctx.createMediaStreamSource(stream).connect(analyser);
  const data = new Uint8Array(analyser.fftSize);
  const timer = setInterval(function () {
    analyser.getByteTimeDomainData(data);
    onLevel(peakLevel(data));
  }, 100);
  return function () { clearInterval(timer); };
}
