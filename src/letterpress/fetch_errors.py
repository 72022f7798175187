"""Why a feed could not be fetched, in the words an editor uses, not Python's.

`gaierror: [Errno -2] Name or service not known` means nothing to the person who pasted a
partner's feed address; "could not reach partners.example.org (no such host)" does.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# What an HTTP status means for a feed, by status; the class's meaning where none is listed.
_STATUS_MEANING = {
    401: "it asks for a login",
    403: "it refuses access",
    404: "no such page",
    410: "the page is gone for good",
    429: "too many requests; try again later",
}
_CLASS_MEANING = {4: "the request was refused", 5: "the server failed"}


def fetch_failure(url: str, problem: BaseException | int, reason: str = "") -> str:
    """One plain line for a failed fetch of ``url``: an exception, or an HTTP status."""
    # Imported here: this module is loaded with fetch.py, only when a feed is fetched.
    import http.client
    import socket
    import ssl

    host = urlsplit(url).hostname or url
    if isinstance(problem, int):
        meaning = _STATUS_MEANING.get(problem) or _CLASS_MEANING.get(problem // 100, "")
        answer = f"HTTP {problem} {reason}".strip()
        return f"{host} answered {answer}" + (f" ({meaning})" if meaning else "")
    if isinstance(problem, socket.gaierror):
        if problem.errno in (socket.EAI_AGAIN, getattr(socket, "EAI_NODATA", None)):
            return f"could not reach {host} (its name could not be looked up; is the network up?)"
        return f"could not reach {host} (no such host)"
    if isinstance(problem, TimeoutError):
        return f"{host} timed out (no answer in time)"
    if isinstance(problem, ssl.SSLCertVerificationError):
        why = problem.verify_message or "it cannot be verified"
        return f"could not reach {host} securely (its TLS certificate is not valid: {why})"
    if isinstance(problem, ssl.SSLError):
        why = problem.reason or str(problem)
        return f"could not reach {host} securely (the TLS handshake failed: {why})"
    if isinstance(problem, ConnectionRefusedError):
        return f"could not reach {host} (connection refused: nothing answers on that port)"
    if isinstance(problem, http.client.RemoteDisconnected | ConnectionResetError):
        return f"{host} closed the connection without an answer"
    if isinstance(problem, http.client.HTTPException):
        return f"{host} answered with something that is not HTTP"
    if isinstance(problem, OSError):
        why = (problem.strerror or str(problem)).lower()
        return f"could not reach {host} ({why})"
    return str(problem)
