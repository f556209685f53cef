"""Page weight and first paint on a rural phone's link, cold and warm, in headless Chromium.

The home page, the filing form, a case page (as the demo coordinator) and the video room (as
the demo call's applicant), each loaded twice in a fresh 360x740 phone context throttled to
400 kbps down and up with a 400 ms round trip (CDP Network.emulateNetworkConditions): first with
an empty cache (cold), then again by a new navigation with what the first load cached (warm).
Prints, per load, the bytes transferred (headers and bodies as sent, compressed where they
were), the requests that reached the network, and the first contentful paint.

The server is a real `gunicorn -k gevent` on a demo county the bench seeds into a SQLite file of
its own (BENCH_DATABASE_URL gives another database, which must be empty or hold the demo);
ports follow LIVE_PORT_OFFSET as the live tests do. Debian's Chromium, never a downloaded one.

    .venv/bin/python bench/pages.py            # one run per page
    .venv/bin/python bench/pages.py --runs 3   # the median of three
"""

import sys
from pathlib import Path

# bench/ holds a signal.py, which must not shadow the standard library's module: off the path
# before anything imports it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from tests.video import live  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--disable-background-networking",
]
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}
# 400 kbps each way (CDP wants bytes a second) and 400 ms from request to response headers.
SLOW_LINK = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}
COORDINATOR = ("13900000002", "demo1234")  # the demo county's centre coordinator
TIMEOUT_MS = 180_000
FCP = """() => {
  const entry = performance.getEntriesByName('first-contentful-paint')[0];
  return entry ? entry.startTime : null;
}"""


@dataclass
class Load:
    bytes: int
    requests: int
    fcp_ms: float


class Traffic:
    """What one page's loads send over the network, read from the DevTools protocol."""

    def __init__(self, cdp) -> None:
        self.bytes = 0
        self.requests = 0
        self.from_cache: set[str] = set()
        self.urls: list[str] = []
        cdp.on("Network.requestServedFromCache", self._cached)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)

    def _cached(self, event: dict) -> None:
        self.from_cache.add(event["requestId"])

    def _response(self, event: dict) -> None:
        response = event["response"]
        cached = (
            event["requestId"] in self.from_cache
            or response.get("fromDiskCache")
            or response.get("fromPrefetchCache")
        )
        if not cached and not response["url"].startswith("data:"):
            self.requests += 1
            self.urls.append(f"{response['status']} {response['url']}")

    def _finished(self, event: dict) -> None:
        self.bytes += int(event.get("encodedDataLength") or 0)

    def reset(self) -> None:
        self.bytes = 0
        self.requests = 0
        self.urls = []


def measure(page, traffic: Traffic, url: str) -> Load:
    traffic.reset()
    page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
    fcp = None
    deadline = time.monotonic() + 30
    while fcp is None and time.monotonic() < deadline:
        fcp = page.evaluate(FCP)
        if fcp is None:
            page.wait_for_timeout(100)
    if os.environ.get("BENCH_VERBOSE"):
        print("\n".join(["", url, *traffic.urls]), file=sys.stderr)
    return Load(traffic.bytes, traffic.requests, float("nan") if fcp is None else fcp)


def cold_and_warm(browser, url: str, log_in: str | None) -> tuple[Load, Load]:
    """Load a page with an empty cache, then again with the first load's cache."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        if log_in:  # at full speed: the log-in is not what is measured
            sign_in(page, log_in)
        cdp.send("Network.clearBrowserCache")
        traffic = Traffic(cdp)
        cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
        cold = measure(page, traffic, url)
        warm = measure(page, traffic, url)
        return cold, warm
    finally:
        context.close()


def sign_in(page, base: str) -> None:
    mobile, password = COORDINATOR
    page.goto(f"{base}/login")
    page.fill("#mobile", mobile)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("main form [type=submit]")


def first_case(browser, base: str) -> str:
    """Return the address of the first case on the coordinator's list."""
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, base)
        page.goto(f"{base}/disputes")
        href = page.eval_on_selector(
            "main a[href^='/disputes/']:not([href='/disputes/new'])", "a => a.getAttribute('href')"
        )
        return f"{base}{href}"
    finally:
        context.close()


def flask(environment: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 (fixed interpreter and commands)
        [str(ROOT / ".venv" / "bin" / "flask"), *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def applicant_link(listing: str) -> str:
    """Return the demo call's first party link from `flask demo-logins`."""
    links = re.findall(r"https?://\S+/video/join/\S+", listing)
    if len(links) < 2:
        raise RuntimeError(f"flask demo-logins printed no join links:\n{listing}")
    return links[1]  # the mediator's comes first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="loads per page; medians are shown")
    arguments = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-pages-") as directory:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{directory}/pages.sqlite3"
        port = live.free_port()
        base = f"http://127.0.0.1:{port}"
        environment = {
            k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "TEST_"))
        } | {
            "FLASK_APP": "wsgi",
            "DATABASE_URL": url,
            "SECRET_KEY": live.SECRET,
            "PUBLIC_URL": base,
            "REDIS_URL": "",
        }
        print("Seeding the demo county...", file=sys.stderr)
        flask(environment, "db", "upgrade")
        flask(environment, "seed-demo", "--if-empty")
        video = applicant_link(flask(environment, "demo-logins"))
        server = live.start_server(url, port)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                try:
                    pages = [
                        ("home", f"{base}/", None),
                        ("filing", f"{base}/disputes/new", None),
                        ("case", first_case(browser, base), base),
                        ("video", video, None),
                    ]
                    rows = []
                    for name, address, log_in in pages:
                        loads = [
                            cold_and_warm(browser, address, log_in) for _ in range(arguments.runs)
                        ]
                        rows.append((name, loads))
                        print(f"  measured {name}", file=sys.stderr)
                finally:
                    browser.close()
        finally:
            live.stop_server(server)
    report(rows, arguments.runs)


def median(loads: list[Load], attribute: str) -> float:
    return statistics.median(getattr(load, attribute) for load in loads)


def report(rows: list, runs: int) -> None:
    print()
    print("Phone 360x740, 400 kbps down/up, 400 ms round trip; gunicorn -k gevent, one worker")
    print(f"({runs} run{'s' if runs > 1 else ''} per page, medians; KB = 1000 bytes)")
    print()
    header = (
        f"{'page':<8} {'cold KB':>8} {'cold req':>8} {'cold FCP s':>10}"
        f" {'warm KB':>8} {'warm req':>8} {'warm FCP s':>10}"
    )
    print(header)
    print("-" * len(header))
    for name, loads in rows:
        cold = [c for c, _ in loads]
        warm = [w for _, w in loads]
        print(
            f"{name:<8}"
            f" {median(cold, 'bytes') / 1000:>8.1f} {median(cold, 'requests'):>8.0f}"
            f" {median(cold, 'fcp_ms') / 1000:>10.2f}"
            f" {median(warm, 'bytes') / 1000:>8.1f} {median(warm, 'requests'):>8.0f}"
            f" {median(warm, 'fcp_ms') / 1000:>10.2f}"
        )


if __name__ == "__main__":
    main()
