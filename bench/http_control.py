"""The control for bench/http.py: a bare Flask app with one trivial route, served the same way."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "hello"
