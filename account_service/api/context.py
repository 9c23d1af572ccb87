"""The service context of the app that received the request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from account_service.context import ServiceContext, get_context

Context = Annotated[ServiceContext, Depends(get_context)]
