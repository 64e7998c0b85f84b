"""The weekly digest: e-mail-safe HTML with a text part, redacted, and sent through a real
local SMTP server (aiosmtpd) whose received messages are parsed back."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from dataclasses import replace
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from bs4 import BeautifulSoup
from click.testing import CliRunner
from projects import CONFIG, make_project

from cxsite.build import build
from cxsite.cli import main
from cxsite.digest import build_messages, compose_digests
from cxsite.digest.rows import AlertCount, DigestCustomers, redacted
from cxsite.digest.run import run_digest
from cxsite.errors import CxsiteError
from cxsite.inputs.rhythmconfig import DigestConfig
from cxsite.model.customers import RetentionGroup
from cxsite.model.site_model import SiteModel
from cxsite.privacy import Privacy
from cxsite.views.site import SiteViews
from cxsite.views.weekly_pack import ChangeItem, ChangePoint

PASSWORD = "s3cret-Pa55word"
PERSONAL = "Call Mrs Jones back on 07700 900123 or jones@example.com about HMX-1234567"
ISSUES = f"""\
Ticket,Area,Cat,Opened,Closed,State,Who,Next
T1,quote,Delay,2024-09-02,2024-09-05,Closed,Ann,
T2,quote,Price,2024-09-03,,Open,Ann,{PERSONAL}
T3,settle,Delay,2024-08-01,,Open,Bob,Chase assessor
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def digest_config(port: int, username: str | None = None, starttls: bool = False) -> str:
    user = f"\n    username: {username}\n    password_env: TEST_SMTP_PASSWORD" if username else ""
    return f"""\
base_url: https://cx.test.example
analytics:
  redact_patterns: ['\\bHMX-\\d{{7}}\\b']
digest:
  subject: Test room
  sender: room@test.example
  smtp:
    host: 127.0.0.1
    port: {port}
    starttls: {str(starttls).lower()}
    timeout: 2{user}
  leadership: [boss@test.example]
  owners:
    Ann Owner: [ann@test.example]
    Bob Owner: [bob@refuse.example, bob.backup@test.example]
"""


class Inbox:
    """Keeps every message the server accepted; refuses one domain's recipients."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.endswith("@refuse.example"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"


def check_password(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and data.password == PASSWORD.encode()
    return AuthResult(success=ok)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=check_password,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def project(tmp_path: Path, port: int, **options: Any) -> Path:
    return make_project(
        tmp_path / "p",
        {"cxsite.yml": CONFIG + digest_config(port, **options), "data/issues.csv": ISSUES},
    )


def parts(message: EmailMessage) -> tuple[str, str]:
    html = message.get_body(("html",))
    text = message.get_body(("plain",))
    assert html is not None and text is not None
    return html.get_content(), text.get_content()


def test_eml_files_are_mail_safe_and_redacted(tmp_path: Path) -> None:
    run = run_digest(project(tmp_path, free_port()), out=tmp_path / "out")
    names = sorted(p.name for p in (tmp_path / "out").glob("*.eml"))
    assert names == ["ann-owner.eml", "bob-owner.eml", "leadership.eml"]
    assert run.report is None
    for path in (tmp_path / "out").glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        assert message.get_content_type() == "multipart/alternative"
        html, text = parts(message)
        soup = BeautifulSoup(html, "html.parser")
        # Nothing runs and nothing is fetched when the mail is opened.
        assert not soup.find_all(["script", "img", "link", "iframe", "object", "embed", "style"])
        assert not soup.find_all(attrs={"src": True})
        assert not soup.find_all(attrs={"background": True})
        assert all("url(" not in tag.get("style", "") for tag in soup.find_all(style=True))
        links = soup.find_all("a")
        assert links and all(a["href"].startswith("https://cx.test.example/") for a in links)
        assert soup.find_all(style=True), "styles are inline"
        for body in (html, text):
            assert "07700 900123" not in body
            assert "jones@example.com" not in body
            assert "HMX-1234567" not in body
            assert PASSWORD not in body
    ann = email.message_from_bytes(
        (tmp_path / "out" / "ann-owner.eml").read_bytes(), policy=policy.default
    )
    assert isinstance(ann, EmailMessage)
    html, text = parts(ann)
    assert ann["To"] == "ann@test.example"
    # Ann's open issue, its age on 11 Sep (the data's last day) and its redacted next step.
    row = next(
        tr
        for tr in BeautifulSoup(html, "html.parser").find_all("tr")
        if any(td.get_text(strip=True) == "T2" for td in tr.find_all("td", recursive=False))
    )
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[0].split() == ["8", "days"]
    assert cells[-1] == "Call Mrs Jones back on [phone] or [email] about [redacted]"
    assert "Call Mrs Jones back on [phone] or [email] about [redacted]" in text
    assert "https://cx.test.example/touchpoints/quote/index.html" in html
    assert "T3" not in text  # Bob's issue is in Bob's digest only
    leadership = (tmp_path / "out" / "leadership.html").read_text()
    assert "Net Promoter Score" in leadership


def test_smtp_round_trip_with_one_recipient_refused(
    tmp_path: Path, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = smtp
    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)
    root = project(tmp_path, port, username="room")
    result = CliRunner().invoke(main, ["digest", str(root), "--send"])
    # The refused address is a clear error (exit 1) and every other digest still went.
    assert result.exit_code == 1, result.output
    assert "bob@refuse.example" in result.output and "550" in result.output
    assert "Traceback" not in result.output
    received = {tuple(to): message for to, message in inbox.messages}
    assert set(received) == {
        ("ann@test.example",),
        ("bob.backup@test.example",),
        ("boss@test.example",),
    }
    ann = received[("ann@test.example",)]
    assert ann["Subject"] == "Test room · Ann Owner · w/c 9 Sep 2024"
    assert ann["From"] == "room@test.example"
    html, text = parts(ann)
    assert "[phone]" in text and "07700 900123" not in html
    assert "Online quote" in html
    files = [path for path in root.rglob("*") if path.is_file()]
    assert len(files) >= 5  # config, journey, data, and what the digest wrote
    for path in files:
        assert PASSWORD.encode() not in path.read_bytes(), path


def test_wrong_or_missing_password_is_a_clear_error(
    tmp_path: Path, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = smtp
    root = project(tmp_path, port, username="room")
    monkeypatch.delenv("TEST_SMTP_PASSWORD", raising=False)
    with pytest.raises(CxsiteError, match="TEST_SMTP_PASSWORD"):
        run_digest(root, out=tmp_path / "a", send=True)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
    with pytest.raises(CxsiteError, match="SMTP session"):
        run_digest(root, out=tmp_path / "b", send=True)
    assert inbox.messages == []


def test_password_in_the_config_file_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path, free_port())
    config = root / "cxsite.yml"
    config.write_text(config.read_text().replace("starttls: false", "password: hunter2"))
    with pytest.raises(CxsiteError, match="passwords are never kept in files"):
        run_digest(root, out=tmp_path / "out")


def built(tmp_path: Path) -> tuple[SiteModel, SiteViews]:
    result = build(project(tmp_path, free_port()))
    assert result.views is not None
    return result.model, result.views


def pack_item(text: str) -> ChangeItem:
    point = ChangePoint(value=None, display="–", n=None, label=None)
    return ChangeItem(
        touchpoint="Online quote",
        # the pack links to the metric's place on the page
        url="touchpoints/quote/index.html#metric-quote-csat",
        moment_of_truth=None,
        metric="Quote satisfaction",
        metric_id="quote-csat",
        kind="target missed",
        text=text,
        previous=point,
        new=point,
        good=False,
        weight=1,
    )


def with_pack(views: SiteViews, *items: ChangeItem) -> SiteViews:
    return replace(views, changes=replace(views.changes, items=items))


def test_each_owner_gets_the_pack_items_of_their_own_touchpoints(tmp_path: Path) -> None:
    model, views = built(tmp_path)
    item = pack_item("off target for 3 weeks in a row against a target of 80%")
    digests = {d.owner: d for d in compose_digests(model, with_pack(views, item), Privacy())}
    assert [c.metric for c in digests["Ann Owner"].changes] == ["Quote satisfaction"]
    assert digests["Ann Owner"].changes[0].url == (
        "https://cx.test.example/touchpoints/quote/index.html#metric-quote-csat"
    )
    assert digests["Bob Owner"].changes == ()
    assert [c.metric for c in digests["Leadership"].changes] == ["Quote satisfaction"]


def test_a_comment_like_text_is_redacted_in_both_parts(tmp_path: Path) -> None:
    """A customer's words quoted in a pack item reach the owner's and leadership's mail
    only redacted, in the HTML part and in the text part."""
    model, views = built(tmp_path)
    item = pack_item(f'a customer wrote: "{PERSONAL}"')
    privacy = Privacy(patterns=(r"\bHMX-\d{7}\b",))
    digests = compose_digests(model, with_pack(views, item), privacy)
    messages = {m.digest.owner: m for m in build_messages(digests, DigestConfig())}
    # by hand: the pattern, the e-mail address and the phone number each replaced
    clean = 'a customer wrote: "Call Mrs Jones back on [phone] or [email] about [redacted]"'
    for owner in ("Ann Owner", "Leadership"):
        message = messages[owner]
        assert clean in message.text
        assert clean in BeautifulSoup(message.html, "html.parser").get_text()
        for body in (message.html, message.text):
            assert "07700 900123" not in body
            assert "jones@example.com" not in body
            assert "HMX-1234567" not in body
    assert "customer wrote" not in messages["Bob Owner"].text


def test_redacted_reaches_every_text_of_nested_rows() -> None:
    group = RetentionGroup(
        group="issue",
        label="Raised by ann@example.com",
        n=40,
        retained=30,
        rate=75.0,
        low=60.0,
        high=86.0,
        value=None,
        value_rate=None,
        value_low=None,
        value_high=None,
    )
    customers = DigestCustomers(
        on_books=100,
        gained=5,
        lost=None,
        net=None,
        retention=None,
        currency="call 07700 900123",
        at_risk_customers=None,
        at_risk_value=None,
        groups=(group,),
    )
    clean = redacted((customers, AlertCount(owner="Ann", count=2)), Privacy())
    # by hand: texts replaced, numbers, None and the tuples' shape kept
    assert clean[0].currency == "call [phone]"
    assert clean[0].groups[0].label == "Raised by [email]"
    assert (clean[0].on_books, clean[0].gained, clean[0].lost) == (100, 5, None)
    assert clean[0].groups[0].rate == 75.0
    assert clean[1] == AlertCount(owner="Ann", count=2)
