"""The report's bar chart as geometry for a server-rendered SVG (templates/programmes/_report_chart.html):
per priority three horizontal bars — planned, awarded, paid — scaled to the largest amount. Pure: amounts in,
numbers out; the page puts a table with the same figures beside it, so the chart is never the only way in."""

from decimal import Decimal

from grants.formatting import money_pl

SERIES = ("planned", "awarded", "paid")
WIDTH = 400
BAR_MAX = 250  # the rest of the width holds the amount written after the bar
BAR_HEIGHT = 16
BAR_GAP = 4
LABEL_HEIGHT = 20
GROUP_GAP = 14


def bars(rows: list[dict]) -> dict:
    """`rows`: [{label, code, planned, awarded, paid}] with money as strings → {width, height, groups: [{label,
    y, bars: [{series, x, y, width, height, text, text_x}]}]}; an empty list gives no groups."""
    amounts = [Decimal(row[s] or "0") for row in rows for s in SERIES]
    top = max(amounts, default=Decimal(0))
    groups = []
    y = 0
    for row in rows:
        group = {"label": row["label"], "code": row["code"], "y": y + 15, "bars": []}
        y += LABEL_HEIGHT
        for series in SERIES:
            amount = Decimal(row[series] or "0")
            width = int(BAR_MAX * amount / top) if top > 0 else 0
            if amount > 0:
                width = max(width, 2)  # a small amount stays visible
            group["bars"].append(
                {
                    "series": series,
                    "x": 0,
                    "y": y,
                    "width": width,
                    "height": BAR_HEIGHT,
                    "text": money_pl(amount),
                    "text_x": width + 6,
                    "text_y": y + BAR_HEIGHT - 4,
                }
            )
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
        groups.append(group)
    return {"width": WIDTH, "height": max(y, 1), "groups": groups, "series": SERIES}
