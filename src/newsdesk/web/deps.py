"""What a route asks FastAPI for: ``state: StateDep`` is the app's :class:`WebState`.

Its own module so that every router (the API, the pages, a plug-in page) depends on it and none
on another router.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from newsdesk.web.state import WebState


def get_state(request: Request) -> WebState:
    state: WebState = request.app.state.newsdesk
    return state


StateDep = Annotated[WebState, Depends(get_state)]
