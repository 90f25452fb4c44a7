"""HTML renderer (Jinja2): one self-contained file — inline CSS, charts as embedded PNG —
laid out for the screen and for print (A4 pages, repeated table headers)."""

from __future__ import annotations

import base64

from jinja2 import Environment, PackageLoader, select_autoescape

from infra_mind.adapters.reports.charts import chart_png
from infra_mind.domain.report import MEDIA_TYPES, ReportDocument, ReportFormat

_ENV = Environment(
    loader=PackageLoader("infra_mind.adapters.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(document: ReportDocument) -> str:
    images = {id(c): base64.b64encode(chart_png(c)).decode("ascii") for c in document.charts}
    template = _ENV.get_template("report.html.j2")
    return template.render(doc=document, images=images, block_id=id)


class HtmlRenderer:
    format = ReportFormat.HTML
    media_type = MEDIA_TYPES[ReportFormat.HTML]

    def render(self, document: ReportDocument) -> bytes:
        return render_html(document).encode("utf-8")
