"""Sending digests through the SMTP server set in cxsite.yml.

The password comes only from the environment variable named in the config; it is never
written anywhere. One refused message does not stop the others: every failure is
collected and reported together at the end.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass, field

from ..errors import CxsiteError, Problem
from ..inputs.rhythmconfig import DigestConfig
from .mail import DigestMessage


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)  # one line per message that went
    skipped: list[str] = field(default_factory=list)  # digests with nobody to send to
    failed: list[Problem] = field(default_factory=list)


def send_messages(messages: list[DigestMessage], config: DigestConfig, built_at: str) -> SendReport:
    smtp = config.smtp
    if smtp is None:
        raise CxsiteError(
            [
                Problem(
                    "no SMTP server configured",
                    file="cxsite.yml",
                    hint="Add 'digest.smtp.host' (and port, starttls, username) to send",
                )
            ]
        )
    if not config.sender:
        raise CxsiteError(
            [Problem("no sender address", file="cxsite.yml", hint="Set 'digest.sender'")]
        )
    password = os.environ.get(smtp.password_env) if smtp.username else None
    if smtp.username and not password:
        raise CxsiteError(
            [
                Problem(
                    f"the SMTP password is not set: environment variable {smtp.password_env} "
                    "is empty",
                    hint=f"export {smtp.password_env}=... before 'cxsite digest --send' "
                    "(the password is never read from a file)",
                )
            ]
        )
    report = SendReport()
    try:
        server = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    except OSError as exc:
        raise CxsiteError(
            [
                Problem(
                    f"cannot reach the SMTP server {smtp.host}:{smtp.port}: {exc}",
                    hint="Check digest.smtp.host and port, and that the server is up",
                )
            ]
        ) from exc
    try:
        server.ehlo()
        if smtp.starttls:
            server.starttls(context=ssl.create_default_context())
            server.ehlo()
        if smtp.username and password:
            server.login(smtp.username, password)
        for message in messages:
            _send_one(server, message, config.sender, built_at, report)
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        raise CxsiteError(
            [
                *report.failed,
                Problem(
                    f"the SMTP session with {smtp.host}:{smtp.port} failed: {exc}",
                    hint="Check starttls, username and the password variable "
                    f"{smtp.password_env}; {len(report.sent)} digest(s) had been sent",
                ),
            ]
        ) from exc
    finally:
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            server.close()
    return report


def _send_one(
    server: smtplib.SMTP,
    message: DigestMessage,
    sender: str,
    built_at: str,
    report: SendReport,
) -> None:
    who = message.digest.owner
    if not message.recipients:
        report.skipped.append(who)
        return
    try:
        refused = server.send_message(message.email(sender, built_at))
    except smtplib.SMTPRecipientsRefused as exc:
        refused = exc.recipients
    except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
        report.failed.append(
            Problem(
                f"the digest for {who} was refused: {exc.smtp_code} {_text(exc.smtp_error)}",
                hint="Check the sender address and the server's limits",
            )
        )
        return
    for address, (code, reason) in sorted(refused.items()):
        report.failed.append(
            Problem(
                f"the digest for {who} could not be sent to {address}: {code} {_text(reason)}",
                hint=f"Check the address in 'digest.owners' for {who}",
            )
        )
    delivered = [a for a in message.recipients if a not in refused]
    if delivered:
        report.sent.append(f"{who}: {', '.join(delivered)}")


def _text(reason: bytes | str) -> str:
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
