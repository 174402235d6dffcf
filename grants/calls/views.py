from flask import Blueprint

bp = Blueprint("office", __name__, url_prefix="/office")


@bp.route("/")
def dashboard():
    return "office"
