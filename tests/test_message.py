"""email.eml, the issue as one message a mail tool can send, and the email services' links."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import re
from email.message import EmailMessage
from pathlib import Path

import pytest

from letterpress.errors import ConfigError
from letterpress.workspace import load_workspace
from tests.conftest import built, compile_issue

SUBJECT = "Solidarity Bulletin #12: Health is a right, solidarity is a duty"


def configure(workspace: Path, **settings: str) -> None:
    """Set keys of the workspace's [newsletter] table, replacing the sample's own values."""
    remove_settings(workspace, *settings)
    config = workspace / "letterpress.toml"
    lines = "".join(f"{key} = {json.dumps(value)}\n" for key, value in settings.items())
    config.write_text(config.read_text().replace("[newsletter]\n", "[newsletter]\n" + lines, 1))


def remove_settings(workspace: Path, *keys: str) -> None:
    config = workspace / "letterpress.toml"
    kept = [
        line
        for line in config.read_text().splitlines(keepends=True)
        if not any(re.match(rf"{re.escape(key)}\s*=", line) for key in keys)
    ]
    config.write_text("".join(kept))


def compiled_message(workspace: Path) -> EmailMessage:
    result = compile_issue(workspace)
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes(
        built(workspace, "email.eml").read_bytes(), policy=email.policy.default
    )
    assert isinstance(message, EmailMessage)
    return message


def as_sent(path: Path) -> str:
    """A file's text as a MIME text part carries it: line breaks are CRLF (RFC 2046 4.1.1)."""
    return path.read_text("utf-8").replace("\n", "\r\n")


def test_the_eml_holds_the_text_first_and_the_html_last_each_exactly(sample: Path) -> None:
    message = compiled_message(sample)
    assert message.is_multipart()
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.iter_parts()
    assert isinstance(text, EmailMessage) and isinstance(html, EmailMessage)
    assert (text.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert text.get_content_charset() == html.get_content_charset() == "utf-8"
    assert text.get_content() == as_sent(built(sample, "email.txt"))
    assert html.get_content() == as_sent(built(sample, "email.html"))
    assert message.defects == text.defects == html.defects == []


def test_the_eml_headers_come_from_the_issue_and_letterpress_toml(sample: Path) -> None:
    configure(
        sample,
        **{
            "from": "Solidarity Bulletin <news@bulletin.example.org>",
            "unsubscribe_url": "https://bulletin.example.org/unsubscribe",
        },
    )
    message = compiled_message(sample)
    assert message["Subject"] == SUBJECT
    assert message["From"] == "Solidarity Bulletin <news@bulletin.example.org>"
    assert message["Date"].datetime == dt.datetime(2024, 6, 20, 8, 0, tzinfo=dt.UTC)
    assert re.fullmatch(r"<issue-12\.[0-9a-f]{24}@bulletin\.example\.org>", message["Message-ID"])
    assert message["List-Unsubscribe"] == "<https://bulletin.example.org/unsubscribe>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["MIME-Version"] == "1.0"


def test_without_a_sender_or_an_unsubscribe_url_the_eml_says_so_plainly(sample: Path) -> None:
    remove_settings(sample, "from", "unsubscribe_url")
    message = compiled_message(sample)
    assert message["From"] == "Solidarity Bulletin <newsletter@example.invalid>"
    assert message["Message-ID"].endswith("@letterpress.invalid>")
    # Nothing to unsubscribe with: no header rather than a link that goes nowhere.
    assert "List-Unsubscribe" not in message and "List-Unsubscribe-Post" not in message


def test_the_issue_file_subject_wins_over_the_newsletter_template(sample: Path) -> None:
    configure(sample, subject="{newsletter}, {date:%B %Y}: {title}")
    line = "Solidarity Bulletin, June 2024: Health is a right, solidarity is a duty"
    assert compiled_message(sample)["Subject"] == line
    # Too long for the Subject line, short enough for a line of its own: it still starts
    # on the Subject line, or readers would see a leading space.
    assert f"\r\nSubject: {line}\r\n".encode() in built(sample, "email.eml").read_bytes()
    issue_file = sample / "issues" / "12.toml"
    issue_file.write_text(
        'subject = "Health is a right: our June issue"\n' + issue_file.read_text()
    )
    assert compiled_message(sample)["Subject"] == "Health is a right: our June issue"
    issue_file.write_text(
        'subject = "Santé pour tous"\n' + issue_file.read_text().split("\n", 1)[1]
    )
    assert compiled_message(sample)["Subject"] == "Santé pour tous"


def test_a_subject_template_with_an_unknown_placeholder_names_the_key(sample: Path) -> None:
    configure(sample, subject="{newsletter} {issue}")
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "newsletter.subject" in result.stderr and "{title}" in result.stderr
    assert not built(sample, "email.eml").exists()


def test_recompiling_gives_the_same_eml_bytes(sample: Path) -> None:
    configure(sample, unsubscribe_url="https://bulletin.example.org/unsubscribe")
    compiled_message(sample)
    first = built(sample, "email.eml").read_bytes()
    compiled_message(sample)
    assert built(sample, "email.eml").read_bytes() == first


def test_the_eml_is_built_from_this_runs_html_and_says_when_it_is_missing(sample: Path) -> None:
    (sample / "templates" / "section.mjml.j2").write_text("<mj-section>\n{% for x in %}\n")
    result = compile_issue(sample)
    assert result.exit_code == 1
    line = next(line for line in result.stderr.splitlines() if "email.eml" in line)
    assert "email.html" in line and "Traceback" not in result.output
    assert not built(sample, "email.eml").exists()


def test_a_sender_without_an_address_names_the_key(sample: Path) -> None:
    configure(sample, **{"from": "Solidarity Bulletin"})
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "newsletter.from" in result.stderr


SERVICES = {
    # email_service: (unsubscribe, view in browser, List-Unsubscribe)
    "mailchimp": ("*|UNSUB|*", "*|ARCHIVE|*", "<*|UNSUB|*>"),
    "listmonk": ("{{ UnsubscribeURL }}", "{{ MessageURL }}", "<{{ UnsubscribeURL }}>"),
    "plain": (
        "https://bulletin.example.org/unsubscribe",
        "https://bulletin.example.org/issue-12/",
        "<https://bulletin.example.org/unsubscribe>",
    ),
}


@pytest.mark.parametrize("footer", ["the sample's footer", "the package's footer"])
@pytest.mark.parametrize("service", SERVICES)
def test_each_email_service_gets_its_merge_tags_in_both_footers_and_the_header(
    sample: Path, service: str, footer: str
) -> None:
    if footer == "the package's footer":
        (sample / "templates" / "footer.j2").unlink()
    configure(
        sample, email_service=service, unsubscribe_url="https://bulletin.example.org/unsubscribe"
    )
    unsubscribe, browser, header = SERVICES[service]
    message = compiled_message(sample)
    html = built(sample, "email.html").read_text("utf-8")
    assert f'<a href="{unsubscribe}"' in html and f'<a href="{browser}"' in html
    text = built(sample, "email.txt").read_text("utf-8")
    footer_text = text.rsplit("-" * 78, 1)[1]
    assert f"Unsubscribe: {unsubscribe}\n" in footer_text
    assert f"View in your browser: {browser}\n" in footer_text
    assert message["List-Unsubscribe"] == header
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_unknown_email_service_is_a_config_error_naming_the_key(sample: Path) -> None:
    configure(sample, email_service="sendgrid")
    with pytest.raises(ConfigError) as raised:
        load_workspace(sample)
    assert raised.value.key == "newsletter.email_service"
    assert '"mailchimp"' in str(raised.value)
    result = compile_issue(sample)
    assert result.exit_code == 1
    assert "newsletter.email_service" in result.stderr
    assert "Traceback" not in result.output
