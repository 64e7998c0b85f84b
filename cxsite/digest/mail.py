"""Digests as e-mail messages: HTML for mail clients (tables, inline styles, no scripts,
no images, no remote anything) with a plain-text part; written as .eml for review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..inputs.rhythmconfig import DigestConfig
from .compose import Digest

TEMPLATES = Path(__file__).parent / "templates"
# Colours of the status labels; the label's text says the status too.
STATUS_STYLE = {
    "on": "color:#14632d;background:#e3f4e8;",
    "near": "color:#7a4b00;background:#fff1d6;",
    "off": "color:#9b1c1c;background:#fde4e4;",
}
NEUTRAL = "color:#3d4653;background:#eef1f5;"


@dataclass(frozen=True)
class DigestMessage:
    digest: Digest
    recipients: tuple[str, ...]
    subject: str
    html: str
    text: str

    def email(self, sender: str, built_at: str) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = self.subject
        message["From"] = sender
        if self.recipients:
            message["To"] = ", ".join(self.recipients)
        moment = dt.datetime.fromisoformat(built_at.replace("Z", "+00:00"))
        message["Date"] = format_datetime(moment)
        message.set_content(self.text)
        message.add_alternative(self.html, subtype="html")
        return message


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"], default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["status_style"] = lambda status: STATUS_STYLE.get(status, NEUTRAL)
    env.filters["thousands"] = lambda value: "–" if value is None else f"{value:,.0f}"
    return env


def build_messages(digests: list[Digest], config: DigestConfig) -> list[DigestMessage]:
    env = _environment()
    html, text = env.get_template("digest.html"), env.get_template("digest.txt")
    messages = []
    for digest in digests:
        recipients = (
            config.leadership if digest.is_leadership else config.owners.get(digest.owner, ())
        )
        who = "Leadership" if digest.is_leadership else digest.owner.split(",")[0]
        subject = f"{config.subject} · {who} · {digest.period}"
        # The digest's own fields, not copies turned into dicts: the templates read the
        # typed rows by attribute.
        context: dict[str, object] = {f.name: getattr(digest, f.name) for f in fields(digest)}
        context |= {"is_leadership": digest.is_leadership, "subject": subject}
        messages.append(
            DigestMessage(
                digest=digest,
                recipients=recipients,
                subject=subject,
                html=html.render(**context),
                text=text.render(**context),
            )
        )
    return messages


def write_messages(
    messages: list[DigestMessage], folder: Path, sender: str, built_at: str
) -> list[Path]:
    """``<slug>.eml`` (the whole message) and ``<slug>.html`` (to open in a browser)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for message in messages:
        eml = folder / f"{message.digest.slug}.eml"
        eml.write_bytes(message.email(sender or "cxsite@localhost", built_at).as_bytes())
        (folder / f"{message.digest.slug}.html").write_text(message.html, encoding="utf-8")
        written.append(eml)
    return written
