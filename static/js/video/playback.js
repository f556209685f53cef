// Starting a video with its sound. Some browsers (WeChat's and other apps' on iPhones, most of
// all) refuse play() until the person taps; the page then offers a button for that tap.

/** Start `video`; call `blocked()` when the browser wants a tap first. Other refusals (a
 *  stream replaced while starting) are not the person's to fix. */
export function startPlayback(video, blocked) {
  const started = video.play && video.play();
  if (started && started.catch) {
    return started.catch(function (error) {
      if (error && error.name === "NotAllowedError") blocked();
    });
  }
  return Promise.resolve();
}
