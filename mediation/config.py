"""Configuration classes read from environment variables."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def database_url(raw: str | None) -> str:
    """Return a SQLAlchemy URL, choosing the psycopg 3 driver for PostgreSQL."""
    if not raw:
        return f"sqlite:///{INSTANCE_DIR / 'mediation.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


DEVELOPMENT_KEY = "dev-only-change-me"  # noqa: S105 (the known key production refuses)


class FromEnvironment:
    """A setting read from the environment when an app is built from the class, not at import."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type) -> str | None:
        return os.environ.get(self.name) or None


def check_secret_key(key: str | None) -> None:
    """Refuse a missing key or the development key where a real one is required."""
    if not key:
        raise RuntimeError("Set SECRET_KEY: production must not run without a secret key.")
    if key == DEVELOPMENT_KEY:
        raise RuntimeError("Set SECRET_KEY: production must not run with the development key.")


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_KEY)
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # The Redis channel the server processes share Socket.IO messages on: deployments that
    # share one Redis server each need a channel of their own.
    SOCKETIO_CHANNEL = os.environ.get("SOCKETIO_CHANNEL") or "flask-socketio"
    # The dashboard's aggregates kept between requests while their rows are unchanged
    # (mediation/reports/kept.py): in Redis when the deployment has it, shared by every
    # process; otherwise in each process's memory. Deployments sharing one Redis server each
    # need a prefix of their own.
    CACHE_TYPE = "RedisCache" if REDIS_URL else "SimpleCache"
    CACHE_REDIS_URL = REDIS_URL
    CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX") or "mediation:"
    # At most this long, even when nothing it counts seems to have changed (rows deleted
    # below the newest ones leave no trace the check can see).
    REPORTS_KEEP_SECONDS = int(os.environ.get("REPORTS_KEEP_SECONDS") or 600)
    TIMEZONE = os.environ.get("TIMEZONE", "Asia/Shanghai")
    # The address printed in QR codes, texts, e-mails and calendars. Unset, it is the local
    # server on PORT (the port `make run` serves on): http://127.0.0.1:PORT.
    PORT = int(os.environ.get("PORT") or 5000)
    PUBLIC_URL = os.environ.get("PUBLIC_URL") or None

    # Requests larger than this are refused with 413 before any handler runs.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 25 * 1024 * 1024))
    ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
    ATTACHMENTS_PER_DISPUTE = 20
    # History imports (docs/imports.md): the largest file (413 above) and most rows (422 above)
    # one upload may carry; rows written per committed chunk; how long a worker's claim holds.
    IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 10 * 1024 * 1024))
    IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 20000))
    IMPORT_CHUNK_ROWS = int(os.environ.get("IMPORT_CHUNK_ROWS", 500))
    IMPORT_CLAIM_SECONDS = int(os.environ.get("IMPORT_CLAIM_SECONDS", 300))
    # Files kept from a filing form that came back with an error, until sent again or expired.
    HELD_UPLOAD_HOURS = int(os.environ.get("HELD_UPLOAD_HOURS", 24))
    # How long browsers keep a static file whose name carries no content hash (a fingerprinted
    # one is kept a year: mediation/core/assets.py); 0 makes them ask again every time.
    STATIC_MAX_AGE = int(os.environ.get("STATIC_MAX_AGE", 3600))

    # The case list counts at most this many matching cases past the page it shows ("of more
    # than ..."); the API always counts them all.
    CASE_LIST_COUNT_AHEAD = int(os.environ.get("CASE_LIST_COUNT_AHEAD") or 1000)

    API_TOKEN_TTL = timedelta(hours=int(os.environ.get("API_TOKEN_TTL_HOURS", 12)))
    CASE_LINK_TTL = timedelta(days=int(os.environ.get("CASE_LINK_TTL_DAYS", 90)))
    # The last month of the statistics report's year: 12 for the calendar year; 11 where the
    # county's statistical year runs 1 December to 30 November (unconfirmed; docs/reports.md).
    STATISTICS_YEAR_END_MONTH = int(os.environ.get("STATISTICS_YEAR_END_MONTH", 12))

    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = TIMEZONE
    LANGUAGES = ("zh_CN", "en")

    API_TITLE = "People's mediation API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"

    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True

    # Notifications: comma-separated backends among log, smtp, webhook.
    NOTIFY_BACKENDS = tuple(
        b.strip() for b in os.environ.get("NOTIFY_BACKENDS", "log").split(",") if b.strip()
    )
    MAIL_FROM = os.environ.get("MAIL_FROM", "noreply@mediation.local")
    SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", 25))
    SMTP_USER = os.environ.get("SMTP_USER", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "0") == "1"
    SMS_WEBHOOK_URL = os.environ.get("SMS_WEBHOOK_URL", "")
    SMS_WEBHOOK_SECRET = os.environ.get("SMS_WEBHOOK_SECRET", "")
    # /dev/outbox lists recent messages for admins and coordinators, so a demo shows what
    # parties receive; on in development unless turned off, never in production.
    DEV_OUTBOX_PAGE = (
        os.environ.get(
            "DEV_OUTBOX_PAGE", "0" if os.environ.get("FLASK_ENV") == "production" else "1"
        )
        == "1"
    )

    # The scheduler process: how often it looks for due outbox rows, and how late a job may
    # still run after a restart (reminders must not be dropped).
    OUTBOX_POLL_SECONDS = int(os.environ.get("OUTBOX_POLL_SECONDS", 10))
    # A scheduler claims this many due rows at a time, each for this long, renewed before every
    # send; rows held by a scheduler that died are sent by another within one claim length. A
    # claim must outlast one send (the SMS webhook gives up after 15 s, SMTP after 30 s).
    OUTBOX_BATCH_SIZE = int(os.environ.get("OUTBOX_BATCH_SIZE", 5))
    OUTBOX_CLAIM_SECONDS = int(os.environ.get("OUTBOX_CLAIM_SECONDS", 45))
    # Starts each message's idempotency key, so deployments sharing one gateway never collide.
    OUTBOX_KEY_PREFIX = os.environ.get("OUTBOX_KEY_PREFIX") or (
        urlsplit(PUBLIC_URL).hostname or "mediation"
    )
    SCHEDULER_MISFIRE_GRACE_SECONDS = 6 * 3600

    # Audit anchors: the chain's head, appended to a file and optionally posted (HMAC-signed)
    # to another office every AUDIT_ANCHOR_MINUTES (0: never), so a removed tail shows.
    AUDIT_ANCHOR_FILE = os.environ.get("AUDIT_ANCHOR_FILE") or str(
        INSTANCE_DIR / "audit-anchors.jsonl"
    )
    AUDIT_ANCHOR_MINUTES = int(os.environ.get("AUDIT_ANCHOR_MINUTES", 60))
    AUDIT_ANCHOR_WEBHOOK = os.environ.get("AUDIT_ANCHOR_WEBHOOK", "")
    AUDIT_ANCHOR_WEBHOOK_SECRET = os.environ.get("AUDIT_ANCHOR_WEBHOOK_SECRET", "")

    # Scheduling: reminders before each session (minutes, comma-separated), how close to its
    # start parties and mediators may still move or cancel one, how long a party's link works.
    SESSION_REMINDER_MINUTES = tuple(
        int(m)
        for m in os.environ.get("SESSION_REMINDER_MINUTES", "1440,60").split(",")
        if m.strip()
    )
    SESSION_CHANGE_CUTOFF = timedelta(hours=int(os.environ.get("SESSION_CHANGE_CUTOFF_HOURS", 24)))
    # A party's session link works until its session ends, and this long after (to see it).
    SESSION_LINK_AFTER_END = timedelta(days=int(os.environ.get("SESSION_LINK_DAYS_AFTER_END", 7)))
    # Follow-up visits (回访) after an agreement takes effect, in days.
    FOLLOW_UP_DAYS = tuple(
        int(d) for d in os.environ.get("FOLLOW_UP_DAYS", "30,90").split(",") if d.strip()
    )

    # Documents (PDF): the TrueType font embedded in every PDF, and for a .ttc collection the
    # index of the face to use. The default is Noto Sans SC from the npm package that
    # `make setup` installs; Debian's fonts-wqy-zenhei works too
    # (PDF_FONT_PATH=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc, PDF_FONT_INDEX=0). A font
    # with CFF outlines (an .otf) cannot be embedded. Without the file, PDFs fall back to a
    # font that is not embedded, and a warning is logged.
    PDF_FONT_PATH = os.environ.get("PDF_FONT_PATH") or str(
        Path(__file__).resolve().parent.parent
        / "node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"
    )
    PDF_FONT_INDEX = int(os.environ.get("PDF_FONT_INDEX") or 0)
    # Documents are Chinese documents whatever language the page around them is in.
    DOCUMENT_LOCALE = os.environ.get("DOCUMENT_LOCALE", "zh_CN")
    # The case file's retention period (保管期限): the choices offered, and the default. No
    # national rule fixes them; 永久 / 长期 / 短期 is common practice, the committee decides.
    CASE_FILE_RETENTION_PERIODS = tuple(
        p.strip()
        for p in os.environ.get("CASE_FILE_RETENTION_PERIODS", "永久,长期,短期").split(",")
        if p.strip()
    )
    CASE_FILE_RETENTION_DEFAULT = os.environ.get("CASE_FILE_RETENTION_DEFAULT", "长期")

    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "gevent")

    # Video rooms: when they open and close around a session, how long join links last.
    VIDEO_ROOM_OPENS_MINUTES_BEFORE = int(os.environ.get("VIDEO_ROOM_OPENS_MINUTES_BEFORE", 15))
    VIDEO_ROOM_CLOSES_MINUTES_AFTER = int(os.environ.get("VIDEO_ROOM_CLOSES_MINUTES_AFTER", 120))
    VIDEO_LINK_TTL = timedelta(days=int(os.environ.get("VIDEO_LINK_TTL_DAYS", 30)))
    # Signaling limits per connection: events a second (sustained, burst) and payload bytes.
    SIGNAL_RATE = float(os.environ.get("SIGNAL_RATE", 50))
    SIGNAL_BURST = int(os.environ.get("SIGNAL_BURST", 200))
    SIGNAL_MAX_BYTES = int(os.environ.get("SIGNAL_MAX_BYTES", 64 * 1024))
    # How often each server process checks caucus timers, in seconds (0: never; tests sweep).
    CAUCUS_SWEEP_SECONDS = float(os.environ.get("CAUCUS_SWEEP_SECONDS", 1))
    # ICE: comma-separated STUN and TURN URLs; TURN credentials by the coturn REST scheme.
    ICE_STUN_URLS = tuple(
        u.strip() for u in os.environ.get("ICE_STUN_URLS", "").split(",") if u.strip()
    )
    TURN_URLS = tuple(u.strip() for u in os.environ.get("TURN_URLS", "").split(",") if u.strip())
    TURN_SECRET = os.environ.get("TURN_SECRET", "")
    TURN_TTL = int(os.environ.get("TURN_TTL", 6 * 3600))
    # "all" (the browsers' default) or "relay": every call through TURN (needs TURN configured).
    ICE_TRANSPORT_POLICY = os.environ.get("ICE_TRANSPORT_POLICY", "all")
    # Consented recordings: where their files live, the most one may hold, and how many days
    # a saved recording is kept before the scheduler removes its file (0: kept for good).
    RECORDING_DIR = os.environ.get("RECORDING_DIR") or str(INSTANCE_DIR / "recordings")
    RECORDING_MAX_BYTES = int(os.environ.get("RECORDING_MAX_BYTES", 2 * 1024**3))
    RECORDING_RETENTION_DAYS = int(os.environ.get("RECORDING_RETENTION_DAYS", 365))
    # Upper limits on what each browser sends to each peer (kbit/s), sent in `welcome`: a
    # village phone on a weak mobile link can keep the call up within them.
    VIDEO_MAX_KBPS = int(os.environ.get("VIDEO_MAX_KBPS", 400))
    AUDIO_MAX_KBPS = int(os.environ.get("AUDIO_MAX_KBPS", 32))
    # Larger sessions through Janus's VideoRoom (docs/deployment.md, "Janus"): VIDEO_SFU is
    # "off" (default: every session a browser-to-browser mesh), "auto" (a session expecting
    # more than SFU_THRESHOLD people goes through Janus) or "on" (every session does).
    # SFU_URL is Janus's HTTP API on 127.0.0.1; SFU_API_SECRET is its api_secret and the
    # VideoRoom's admin_key, known to this server only (the browsers never talk to Janus).
    VIDEO_SFU = os.environ.get("VIDEO_SFU", "off")
    SFU_URL = os.environ.get("SFU_URL", "http://127.0.0.1:8088/janus")
    SFU_API_SECRET = os.environ.get("SFU_API_SECRET", "")
    SFU_THRESHOLD = int(os.environ.get("SFU_THRESHOLD", 4))
    # How long one call to Janus may take, and how long a long poll for its events waits.
    SFU_TIMEOUT = float(os.environ.get("SFU_TIMEOUT", 10))
    # Janus writes each SFU recording's raw files under SFU_RECORDING_DIR/<id>/ until they are
    # composed into RECORDING_DIR: a folder Janus may write, outside its protected_folders
    # (/var among them; docs/deployment.md, "Recording on the SFU").
    SFU_RECORDING_DIR = os.environ.get("SFU_RECORDING_DIR") or str(INSTANCE_DIR / "sfu-recordings")
    JANUS_PP_REC = os.environ.get("JANUS_PP_REC", "janus-pp-rec")
    FFMPEG = os.environ.get("FFMPEG", "ffmpeg")
    # Warn (start-up log, admin pages) when calls would have no STUN/TURN; on in production.
    ICE_WARN_MISSING = os.environ.get("ICE_WARN_MISSING", "0") == "1"
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True

    # Proxies in front of the app whose X-Forwarded-For/Proto/Host are believed. 0 trusts none,
    # so a client talking to gunicorn directly cannot pick its own address (and rate-limit
    # bucket); behind one nginx it is 1.
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS") or 0)
    # The level of the app's log ("mediation" and its modules) on standard error; unset
    # leaves Python's default (warnings and worse).
    LOG_LEVEL = os.environ.get("LOG_LEVEL") or None
    # Hardening (mediation/core/security.py, accounts throttling, attachment checks).
    # HSTS is sent on HTTPS responses only when on; production turns it on.
    HSTS_ENABLED = os.environ.get("HSTS_ENABLED", "0") == "1"
    HSTS_MAX_AGE = int(os.environ.get("HSTS_MAX_AGE", 365 * 24 * 3600))
    # Images whose header declares more pixels than this (or a longer side) are refused.
    ATTACHMENT_MAX_PIXELS = int(os.environ.get("ATTACHMENT_MAX_PIXELS", 40_000_000))
    ATTACHMENT_MAX_SIDE = int(os.environ.get("ATTACHMENT_MAX_SIDE", 20_000))
    # Failed log-ins on one account before it is locked; the first lock, doubling to the cap.
    LOGIN_LOCK_AFTER = int(os.environ.get("LOGIN_LOCK_AFTER", 5))
    LOGIN_LOCK_MINUTES = int(os.environ.get("LOGIN_LOCK_MINUTES", 1))
    LOGIN_LOCK_MAX_MINUTES = int(os.environ.get("LOGIN_LOCK_MAX_MINUTES", 60))
    # SMS log-in codes: how long one works, wrong tries before it dies, and per number the
    # seconds between two codes and the codes an hour.
    SMS_CODE_TTL_MINUTES = int(os.environ.get("SMS_CODE_TTL_MINUTES", 5))
    SMS_CODE_MAX_TRIES = int(os.environ.get("SMS_CODE_MAX_TRIES", 5))
    SMS_CODE_RESEND_SECONDS = int(os.environ.get("SMS_CODE_RESEND_SECONDS", 60))
    SMS_CODE_MAX_PER_HOUR = int(os.environ.get("SMS_CODE_MAX_PER_HOUR", 5))
    # How long a code entered on a phone proves that phone holds the case's mobile, for the
    # acts done next (consent, signatures); afterwards a new code is asked for.
    MOBILE_PROOF_MINUTES = int(os.environ.get("MOBILE_PROOF_MINUTES", 30))
    # The least assurance (mediation/accounts/assurance.py) a party's own act done online needs,
    # and each kind of agreement signature: online, and a paper copy recorded by staff.
    PARTY_ACT_ASSURANCE = os.environ.get("PARTY_ACT_ASSURANCE", "sms_code")
    SIGNATURE_ONLINE_ASSURANCE = os.environ.get("SIGNATURE_ONLINE_ASSURANCE", "sms_code")
    SIGNATURE_PAPER_ASSURANCE = os.environ.get("SIGNATURE_PAPER_ASSURANCE", "id_in_person")
    # The agreement's number (协议书编号, docs/outcomes.md): each committee counts per year.
    # The county's abbreviation (乐 for Lezhi) stands where a committee has none of its own;
    # the format is the 卷号 pattern （YYYY）X人调字第N号, which the county may change.
    AGREEMENT_NUMBER_PREFIX = os.environ.get("AGREEMENT_NUMBER_PREFIX", "乐")
    AGREEMENT_NUMBER_FORMAT = os.environ.get(
        "AGREEMENT_NUMBER_FORMAT", "（{year}）{abbreviation}人调字第{serial}号"
    )
    # Whether the agreement prints each party's ID number in full; masked (the default) keeps
    # the birth date off every copy a party downloads. The county decides (reference §3.6).
    AGREEMENT_FULL_RESIDENT_ID = os.environ.get("AGREEMENT_FULL_RESIDENT_ID", "") == "1"
    # A committee's seal image: a PNG of at most this many bytes and pixels a side.
    SEAL_MAX_BYTES = int(os.environ.get("SEAL_MAX_BYTES", 512 * 1024))
    SEAL_MIN_PIXELS = int(os.environ.get("SEAL_MIN_PIXELS", 100))
    SEAL_MAX_PIXELS = int(os.environ.get("SEAL_MAX_PIXELS", 2000))
    # The body of the rights and obligations notice (告知书) served on acceptance: a template
    # under templates/, so a county can word its own version (docs/outcomes.md).
    RIGHTS_NOTICE_TEMPLATE = os.environ.get(
        "RIGHTS_NOTICE_TEMPLATE", "outcomes/rights_notice_text.txt"
    )


class ProductionConfig(Config):
    REQUIRE_SECRET_KEY = True
    # No development default here: a missing key must stop the app, not fall back.
    SECRET_KEY = FromEnvironment("SECRET_KEY")
    # Cookies go over HTTPS only, out of reach of scripts, and not on cross-site posts.
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Notifications sent through the log backend and the scheduler's work show in the log.
    LOG_LEVEL = os.environ.get("LOG_LEVEL") or "INFO"
    HSTS_ENABLED = os.environ.get("HSTS_ENABLED", "1") == "1"
    # Message texts carry log-in codes and case details: no outbox page in production.
    DEV_OUTBOX_PAGE = False
    ICE_WARN_MISSING = os.environ.get("ICE_WARN_MISSING", "1") == "1"


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105 (tests only)
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("TEST_DATABASE_URL") or "sqlite://")
    REDIS_URL = os.environ.get("TEST_REDIS_URL") or None
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_ENABLED = False
    # Tests build many small databases whose newest rows look alike: nothing is kept between
    # requests unless a test asks (tests/reports/test_kept.py).
    CACHE_TYPE = "NullCache"
    CACHE_NO_NULL_WARNING = True
    SOCKETIO_ASYNC_MODE = "threading"
    CAUCUS_SWEEP_SECONDS = 0.0
    WTF_CSRF_ENABLED = False
    NOTIFY_BACKENDS = ("memory",)
