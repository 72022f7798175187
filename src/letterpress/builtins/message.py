"""email.eml: the HTML email and its plain-text twin as one message a mail tool can send.

Built from the email.html and email.txt this run already rendered, never rendered again, so
the three files always agree. Every header is derived from the issue, and the MIME boundary
from the content, so recompiling an issue gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import quopri
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, parseaddr

from letterpress import hookimpl
from letterpress.email_service import MERGE_TAGS, service_links
from letterpress.errors import ConfigError
from letterpress.models import Issue
from letterpress.render import MissingOutputError, RenderContext, Renderer
from letterpress.workspace import Newsletter, Workspace

# Domains reserved by RFC 2606, which no mail can reach. Without [newsletter] from, the
# sender is the newsletter's name at DEFAULT_FROM_ADDRESS: an email service sends under its own.
MESSAGE_ID_DOMAIN = "letterpress.invalid"
DEFAULT_FROM_ADDRESS = "newsletter@example.invalid"
# The Date header is the issue's date at this hour (UTC), so recompiling gives the same bytes.
SEND_HOUR_UTC = 8


class SMTPPolicy(EmailPolicy):
    """email.policy.SMTP, except that a header's value always starts on the header's line."""

    def fold_binary(self, name: str, value: str) -> bytes:
        folded = super().fold_binary(name, value)
        bare = f"{name}:{self.linesep}".encode("ascii")
        if not folded.startswith(bare):
            return folded
        # A value that fits on a line of its own is moved there whole, leaving "Subject:"
        # bare, and readers (Python's own parser among them) then keep a leading space.
        # RFC 5322 prefers lines of 78 characters but allows 998: one longer line is fine.
        return f"{name}: ".encode("ascii") + folded[len(bare) :].lstrip(b" \t")


POLICY = SMTPPolicy(linesep="\r\n")


class EmailEml(Renderer):
    """multipart/alternative: text/plain first, text/html last, as RFC 2046 orders them."""

    type_name = "email-eml"
    filename = "email.eml"

    def render(self, issue: Issue, context: RenderContext) -> bytes:
        missing = [name for name in ("email.txt", "email.html") if name not in context.outputs]
        if missing:
            raise MissingOutputError(
                f"needs {' and '.join(missing)}, which this run did not render"
            )
        text = context.outputs["email.txt"].decode("utf-8")
        html = context.outputs["email.html"].decode("utf-8")
        workspace = context.workspace
        newsletter = workspace.newsletter
        sender = _sender(newsletter, workspace)

        message = EmailMessage(policy=POLICY)
        message["From"] = sender
        message["Subject"] = issue.subject or issue.title
        message["Date"] = format_datetime(
            dt.datetime.combine(issue.date, dt.time(SEND_HOUR_UTC), tzinfo=dt.UTC)
        )
        message["Message-ID"] = message_id(issue, sender.domain if newsletter.sender else "")
        unsubscribe = service_links(newsletter, issue.number).unsubscribe
        if unsubscribe:
            message["List-Unsubscribe"] = f"<{unsubscribe}>"
            # One click (RFC 8058) is an HTTPS POST: a merge tag becomes such a link, a
            # mailto: or http: address cannot take one.
            if newsletter.email_service in MERGE_TAGS or unsubscribe.startswith("https://"):
                message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message["MIME-Version"] = "1.0"
        # Python picks a random boundary unless told one; "=_" never occurs in
        # quoted-printable text, so this one cannot collide with the parts.
        content_hash = hashlib.sha256(context.outputs["email.txt"] + context.outputs["email.html"])
        message.make_alternative(boundary=f"=_lp_{content_hash.hexdigest()[:32]}")
        message.attach(_text_part(text, "plain"))
        message.attach(_text_part(html, "html"))
        return message.as_bytes()


def message_id(issue: Issue, domain: str) -> str:
    """The same Message-ID each time the issue is compiled, different for every issue."""
    digest = hashlib.blake2b(
        f"{issue.newsletter}\x1f{issue.number}".encode(), digest_size=12
    ).hexdigest()
    return f"<issue-{issue.number}.{digest}@{domain or MESSAGE_ID_DOMAIN}>"


def _sender(newsletter: Newsletter, workspace: Workspace) -> Address:
    if not newsletter.sender:
        return Address(display_name=newsletter.name, addr_spec=DEFAULT_FROM_ADDRESS)
    name, address = parseaddr(newsletter.sender)
    try:
        if "@" not in address:
            raise ValueError(f"no address in {newsletter.sender!r}")
        return Address(display_name=name, addr_spec=address)
    except ValueError as error:  # email.errors.HeaderParseError is a ValueError too
        raise ConfigError(
            workspace.config_path,
            f'must be "Name <address@example.org>" ({error})',
            key="newsletter.from",
        ) from error


def _text_part(content: str, subtype: str) -> EmailMessage:
    """One UTF-8 part in quoted-printable that decodes to ``content``, line breaks as CRLF.

    Written by hand rather than with set_content(), which would end the part with a line
    break that email.html does not have.
    """
    part = EmailMessage(policy=POLICY)
    part["Content-Type"] = f'text/{subtype}; charset="utf-8"'
    part["Content-Transfer-Encoding"] = "quoted-printable"
    part.set_payload(quopri.encodestring(content.encode("utf-8")).decode("ascii"))
    return part


@hookimpl
def register_renderers() -> list[type[Renderer]]:
    return [EmailEml]
