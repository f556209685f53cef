"""The application as wsgi.py builds it with FLASK_ENV=production, rate limits off.

bench/http.py serves this under the same gunicorn command as scripts/run.sh: its clients all
come from one address, which the per-address limits (filing, log-in) would otherwise refuse
within seconds, measuring the limiter's refusals instead of the pages.
"""

from mediation import create_app
from mediation.config import ProductionConfig


class BenchConfig(ProductionConfig):
    RATELIMIT_ENABLED = False


app = create_app(BenchConfig)
