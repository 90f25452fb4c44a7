"""Swagger UI served by this process from the ``swagger-ui-bundle`` package: no CDN, so the
docs page works offline and loads no third-party script next to the API's origin."""

from __future__ import annotations

from pathlib import Path

import swagger_ui_bundle
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.router import Router
from litestar.static_files import create_static_files_router

ASSETS = "/schema/assets"


def docs_assets() -> Router:
    return create_static_files_router(
        path=ASSETS,
        directories=[Path(swagger_ui_bundle.swagger_ui_path)],
        include_in_schema=False,
        opt={"exclude_from_auth": True},
    )


def local_swagger() -> SwaggerRenderPlugin:
    return SwaggerRenderPlugin(
        js_url=f"{ASSETS}/swagger-ui-bundle.js",
        css_url=f"{ASSETS}/swagger-ui.css",
        standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
        favicon="",
    )
