from flask import Blueprint

bp = Blueprint("public", __name__)


@bp.route("/")
def index():
    return "OKO"


@bp.route("/calls")
def calls():
    return "calls"


@bp.route("/feed.atom")
def feed():
    return "feed"
