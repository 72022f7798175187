"""The email services letterpress writes for, and the links each fills in for every reader.

A service sends one copy of the issue to each subscriber and replaces its merge tags with
that subscriber's own links; written in the service's tags, the HTML pastes straight in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from letterpress.workspace import Newsletter


@dataclass(frozen=True)
class ServiceLinks:
    """The footer's links, as the templates' ``service``; '' where there is none."""

    unsubscribe: str
    # The issue as a web page: "view in your browser".
    browser: str


# `[newsletter] email_service`: each preset's merge tags.
MERGE_TAGS = {
    "mailchimp": ServiceLinks(unsubscribe="*|UNSUB|*", browser="*|ARCHIVE|*"),
    "listmonk": ServiceLinks(unsubscribe="{{ UnsubscribeURL }}", browser="{{ MessageURL }}"),
}
# "plain" writes real links: [newsletter] unsubscribe_url, and the issue's page under url.
EMAIL_SERVICES = ("plain", *MERGE_TAGS)


def service_links(newsletter: Newsletter, number: int) -> ServiceLinks:
    """The links of issue ``number`` as the newsletter's email service wants them written."""
    tags = MERGE_TAGS.get(newsletter.email_service)
    if tags is not None:
        return tags
    return ServiceLinks(newsletter.unsubscribe_url, issue_url(newsletter.url, number))


def issue_url(site: str, number: int) -> str:
    """Where the issue's web page lives: the newsletter's url + "issue-N/"."""
    return f"{site.rstrip('/')}/issue-{number}/" if site else ""
