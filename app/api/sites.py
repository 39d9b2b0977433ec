"""``/v1/sites``: what the service has learned of each site (see :mod:`app.sites`), and forgetting one.

A crawler names a document's site in the ``site`` option of ``/v1/repair`` or ``/v1/repair/batch``; these
routes show what came of it (which swaps the site's spinner makes, which sources it draws from) and let an
operator drop a site whose profile went wrong. The routes are plain functions, which FastAPI runs in its
thread pool: listing reads every site's file, which may take a moment for many large sites.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from app.api.errors import ApiError
from app.api.repair import require_one_process
from app.api.schemas import SiteDetail, SiteList, error_responses
from app.api.state import AppState
from app.sites import SITE_PATTERN, site_key


def _one_process(request: Request) -> None:
    """Every route here reads the counts one process keeps (``require_one_process``)."""
    require_one_process(request.app.state.unspin.sites)


router = APIRouter(tags=["sites"], dependencies=[Depends(_one_process)])
# the pattern is ``site_key``'s, so a name that reaches a route is one the registry takes
SiteName = Annotated[str, Path(pattern=SITE_PATTERN, description="The site's name, as sent in `site`.")]


@router.get(
    "/v1/sites",
    summary="List learned sites",
    response_model=SiteList,
    responses=error_responses(401, 409),
)
def list_sites(request: Request) -> JSONResponse:
    st: AppState = request.app.state.unspin
    summaries = [st.sites.describe(name) for name in st.sites.names()]
    return JSONResponse({"sites": [s for s in summaries if s is not None]})


@router.get(
    "/v1/sites/{name}",
    summary="One site's learned profile",
    description="Its document count, source weights and every swap pair of its profile, most frequent first.",
    response_model=SiteDetail,
    responses=error_responses(401, 404, 409, 422),
)
def get_site(name: SiteName, request: Request) -> JSONResponse:
    st: AppState = request.app.state.unspin
    d = st.sites.describe(name, pairs=True)
    if d is None:
        raise ApiError(404, "unknown_site", f"no site {name!r} has been learned")
    return JSONResponse(d)


@router.get(
    "/v1/sites/{name}/profile",
    summary="One site's profile as a file for the command line",
    description=(
        "The TSV `unspin learn` writes, for `unspin repair --profile` or `unspin batch --profile`: what the "
        "service learned of a site from crawled articles, applied to an archive of the same site."
    ),
    response_model=None,
    responses={
        200: {
            "description": "The profile file.",
            "content": {"text/tab-separated-values": {"schema": {"type": "string"}}},
        },
        **error_responses(401, 404, 409, 422),
    },
)
def site_profile(name: SiteName, request: Request) -> PlainTextResponse:
    st: AppState = request.app.state.unspin
    text = st.sites.profile_text(name)
    if text is None:
        raise ApiError(404, "unknown_site", f"no site {name!r} has been learned")
    filename = f"{site_key(name)}.tsv"
    return PlainTextResponse(
        text,
        media_type="text/tab-separated-values; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.delete(
    "/v1/sites/{name}",
    summary="Forget a site",
    description="Drops everything learned of the site; its next document starts it afresh.",
    status_code=204,
    responses=error_responses(401, 404, 409, 422),
)
def forget_site(name: SiteName, request: Request) -> Response:
    st: AppState = request.app.state.unspin
    if not st.sites.forget(name):
        raise ApiError(404, "unknown_site", f"no site {name!r} has been learned")
    return Response(status_code=204)
