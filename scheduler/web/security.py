"""What keeps a local server to its own user: a secret token in the address (as Jupyter's),
the Host header checked against the names of this machine (DNS rebinding), and a limit on
the size of what is sent to it."""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

TOKEN_COOKIE = "scheduler_token"
LOCAL_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_UPLOAD = 20 * 1024 * 1024  # bytes: a scenario workbook of a whole school is far smaller


def new_token() -> str:
    return secrets.token_urlsafe(32)


def host_name(header: str) -> str:
    """The name in a Host header, without its port: ``127.0.0.1``, ``::1``."""
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


class Guard:
    """ASGI middleware: refuse a request to another host name, one without the token (in
    the address, the cookie it sets, or an ``Authorization: token ...`` header), and one
    whose body is larger than ``max_upload`` bytes."""

    def __init__(self, app, token: str, hosts: frozenset[str] = LOCAL_NAMES, max_upload=MAX_UPLOAD):
        self.app, self.token, self.hosts, self.max_upload = app, token, hosts, max_upload

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if host_name(headers.get("host", "")) not in self.hosts:
            return await _refuse(
                send, 403, "This server answers only to this computer's own address."
            )
        given = self._token(scope, headers)
        if given is None:
            return await _refuse(
                send,
                403,
                "Open the address that `scheduler serve` printed: it holds the page's key.",
            )
        if int(headers.get("content-length") or 0) > self.max_upload:
            return await _refuse(send, 413, _too_large(self.max_upload))
        receive = _limited(receive, self.max_upload)
        if given == "address":  # remember the key, so later addresses need not show it
            send = _with_cookie(send, self.token)
        try:
            return await self.app(scope, receive, send)
        except TooLarge:
            return await _refuse(send, 413, _too_large(self.max_upload))

    def _token(self, scope, headers: dict) -> str | None:
        """Where the request's token came from (``address``, ``cookie``, ``header``), if right."""
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        cookie = SimpleCookie(headers.get("cookie", ""))
        candidates = {
            "address": (query.get("token") or [""])[0],
            "cookie": cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else "",
            "header": headers.get("authorization", "").removeprefix("token ").strip(),
        }
        for where, value in candidates.items():
            if value and secrets.compare_digest(value.encode(), self.token.encode()):
                return where
        return None


class TooLarge(Exception):
    """The body sent was larger than the limit."""


def _too_large(limit: int) -> str:
    return f"That file is too large: the most this page takes is {limit // (1024 * 1024)} MB."


def _limited(receive, limit: int):
    seen = 0

    async def counted():
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise TooLarge
        return message

    return counted


def _with_cookie(send, token: str):
    async def sending(message):
        if message["type"] == "http.response.start":
            cookie = f"{TOKEN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"
            message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
        await send(message)

    return sending


async def _refuse(send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(body)).encode())],
        }
    )  # fmt: skip
    await send({"type": "http.response.body", "body": body})
