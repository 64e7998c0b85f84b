"""The weekly digest: each owner's part of the customer room, and the leadership pack,
as e-mails (HTML that renders in common mail clients, plus plain text)."""

from .compose import Digest, compose_digests
from .mail import DigestMessage, build_messages, write_messages
from .send import SendReport, send_messages

__all__ = [
    "Digest",
    "DigestMessage",
    "SendReport",
    "build_messages",
    "compose_digests",
    "send_messages",
    "write_messages",
]
