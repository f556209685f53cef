// The caucus countdown: time left from the server's instants, whatever this browser's clock says.
import assert from "node:assert/strict";
import { test } from "node:test";

import { formatLeft, inWarning, minutesFrom, secondsLeft } from "../../static/js/video/caucus-timer.js";

const timer = { ends_at: "2026-12-02T01:35:00+00:00", now: "2026-12-02T01:30:00+00:00" };

test("the time left counts down from the server's own now", () => {
  assert.equal(secondsLeft(timer, 1000, 1000), 300);
  assert.equal(secondsLeft(timer, 1000, 61000), 240);
});

test("a browser clock far off the server's does not change the time left", () => {
  const farAhead = Date.parse("2030-01-01T00:00:00Z");
  assert.equal(secondsLeft(timer, farAhead, farAhead + 30000), 270);
});

test("the countdown stops at zero and says nothing without a timer", () => {
  assert.equal(secondsLeft(timer, 0, 10 * 60 * 1000), 0);
  assert.equal(secondsLeft(null, 0, 0), null);
});

test("the last minute is a warning", () => {
  assert.equal(inWarning(61), false);
  assert.equal(inWarning(60), true);
  assert.equal(inWarning(null), false);
});

test("time left reads as minutes and seconds", () => {
  assert.equal(formatLeft(300), "5:00");
  assert.equal(formatLeft(59), "0:59");
  assert.equal(formatLeft(-3), "0:00");
});

test("minutes for a private room are a whole 1 to 60, else no timer", () => {
  assert.equal(minutesFrom("10"), 10);
  assert.equal(minutesFrom(""), null);
  assert.equal(minutesFrom("0"), null);
  assert.equal(minutesFrom("61"), null);
  assert.equal(minutesFrom("2.5"), null);
});
