"""The config of the room's rhythm: alerts, the digest e-mail, scorecards, customers.

Read from the ``alerts``, ``digest``, ``scorecards`` and ``customers`` sections of
``cxsite.yml`` into typed objects; every problem is collected with its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import Problems
from .schema import Reader, did_you_mean
from .yamlfile import LineDict

if TYPE_CHECKING:
    from .journey import Journey

RHYTHM_KEYS = ("alerts", "digest", "scorecards", "customers")
SCORECARD_PERIODS = ("quarter", "year")


@dataclass(frozen=True)
class AlertsConfig:
    # Target age of an open issue, in days, per category; the default for the rest.
    issue_age_days: int = 30
    category_age_days: dict[str, int] = field(default_factory=dict)
    # A backlog "stopped coming down" when it fell over the window before the latest
    # one and did not fall over the latest one; windows of this many periods.
    backlog_window: int = 4
    backlog_min: int = 10

    def target_age(self, category: str) -> int:
        return self.category_age_days.get(category, self.issue_age_days)


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 587
    starttls: bool = True
    username: str | None = None
    # The password is never in the config: only the name of the variable that holds it.
    password_env: str = "CXSITE_SMTP_PASSWORD"  # noqa: S105 - a variable name, not a secret
    timeout: float = 30.0


@dataclass(frozen=True)
class DigestConfig:
    smtp: SmtpConfig | None = None
    sender: str = ""
    subject: str = "Customer room"
    leadership: tuple[str, ...] = ()
    owners: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class ScorecardConfig:
    period: str = "quarter"
    # owner -> metric id -> weight
    weights: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class CustomersConfig:
    retention_days: int = 365
    nps_metric: str | None = None
    currency: str = ""  # shown before money values, e.g. "£"
    value_name: str = "value"  # what the value is, e.g. "annual premium"


@dataclass(frozen=True)
class RhythmConfig:
    alerts: AlertsConfig = AlertsConfig()
    digest: DigestConfig = DigestConfig()
    scorecards: ScorecardConfig = ScorecardConfig()
    customers: CustomersConfig = CustomersConfig()


def read_rhythm(read: Reader) -> RhythmConfig:
    return RhythmConfig(
        alerts=_alerts(read),
        digest=_digest(read),
        scorecards=_scorecards(read),
        customers=_customers(read),
    )


def _alerts(read: Reader) -> AlertsConfig:
    data = read.mapping("alerts")
    if data is None:
        return AlertsConfig()
    sub = read.child("alerts", data)
    sub.check_keys(("issue_age_days", "backlog_window", "backlog_min"))
    default = AlertsConfig()
    ages = data.get("issue_age_days")
    overall = default.issue_age_days
    per_category: dict[str, int] = {}
    if isinstance(ages, LineDict):
        ages_reader = sub.child("issue_age_days", ages)
        for key in ages:
            value = ages_reader.integer(str(key), None, minimum=0)
            if value is None:
                continue
            if str(key) == "default":
                overall = value
            else:
                per_category[str(key)] = value
    elif ages is not None:
        overall = sub.integer("issue_age_days", default.issue_age_days, minimum=0) or 0
    return AlertsConfig(
        issue_age_days=overall,
        category_age_days=per_category,
        backlog_window=sub.integer("backlog_window", 4, minimum=1) or 4,
        backlog_min=sub.integer("backlog_min", 10, minimum=0) or 0,
    )


def _addresses(read: Reader, key: str, value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and "@" in i for i in items):
        read.problems.add(
            f"'{read.what}.{key}' must be an e-mail address or a list of them",
            file=read.file,
            line=read.data.line_of(key),
            value=value,
            hint="e.g. [priya.shah@example.com]",
        )
        return ()
    return tuple(str(i).strip() for i in items)


def _digest(read: Reader) -> DigestConfig:
    data = read.mapping("digest")
    if data is None:
        return DigestConfig()
    sub = read.child("digest", data)
    sub.check_keys(("smtp", "sender", "subject", "leadership", "owners"))
    smtp = None
    smtp_data = sub.mapping("smtp")
    if smtp_data is not None:
        server = sub.child("smtp", smtp_data)
        server.check_keys(("host", "port", "starttls", "username", "password_env", "timeout"))
        if "password" in smtp_data:
            server.problems.add(
                "'digest.smtp.password' is not allowed: passwords are never kept in files",
                file=read.file,
                line=smtp_data.line_of("password"),
                hint="Put the password in an environment variable and name it in "
                "'digest.smtp.password_env' (default CXSITE_SMTP_PASSWORD)",
            )
        host = server.text("host", required=True)
        if host:
            smtp = SmtpConfig(
                host=host,
                port=server.integer("port", 587, minimum=1) or 587,
                starttls=server.boolean("starttls", True),
                username=server.text("username"),
                password_env=server.text("password_env", "CXSITE_SMTP_PASSWORD")
                or "CXSITE_SMTP_PASSWORD",
                timeout=server.number("timeout", 30.0, minimum=1) or 30.0,
            )
    owners: dict[str, tuple[str, ...]] = {}
    owners_data = sub.mapping("owners")
    if owners_data is not None:
        owner_reader = sub.child("owners", owners_data)
        for owner, value in owners_data.items():
            owners[str(owner)] = _addresses(owner_reader, str(owner), value)
    leadership = data.get("leadership")
    return DigestConfig(
        smtp=smtp,
        sender=sub.text("sender", "") or "",
        subject=sub.text("subject", "Customer room") or "Customer room",
        leadership=_addresses(sub, "leadership", leadership) if leadership is not None else (),
        owners=owners,
    )


def _scorecards(read: Reader) -> ScorecardConfig:
    data = read.mapping("scorecards")
    if data is None:
        return ScorecardConfig()
    sub = read.child("scorecards", data)
    sub.check_keys(("period", "weights"))
    weights: dict[str, dict[str, float]] = {}
    weights_data = sub.mapping("weights")
    if weights_data is not None:
        owners = sub.child("weights", weights_data)
        for owner, per_metric in weights_data.items():
            if not isinstance(per_metric, LineDict):
                owners.problems.add(
                    f"'scorecards.weights.{owner}' must map metric ids to weights",
                    file=read.file,
                    line=weights_data.line_of(owner),
                    hint="e.g. quote-csat: 2",
                )
                continue
            metric_reader = owners.child(str(owner), per_metric)
            weights[str(owner)] = {
                str(metric): value
                for metric in per_metric
                if (value := metric_reader.number(str(metric), None, minimum=0)) is not None
            }
    return ScorecardConfig(
        period=sub.choice("period", SCORECARD_PERIODS, "quarter") or "quarter",
        weights=weights,
    )


def _customers(read: Reader) -> CustomersConfig:
    data = read.mapping("customers")
    if data is None:
        return CustomersConfig()
    sub = read.child("customers", data)
    sub.check_keys(("retention_days", "nps_metric", "currency", "value_name"))
    return CustomersConfig(
        retention_days=sub.integer("retention_days", 365, minimum=28) or 365,
        nps_metric=sub.text("nps_metric"),
        currency=sub.text("currency", "") or "",
        value_name=sub.text("value_name", "value") or "value",
    )


def check_against_journey(
    rhythm: RhythmConfig, journey: Journey, file: str, problems: Problems
) -> None:
    """Owners and metrics named in the config must be the journey's: a misspelt owner
    would silently never get a digest or a score."""
    owners = sorted({t.owner for t in journey.touchpoints})

    def unknown_owner(owner: str, where: str) -> None:
        problems.add(
            f"'{where}' names an owner no touchpoint has: '{owner}'",
            file=file,
            hint=did_you_mean(owner, owners) or "Use the owner exactly as in the journey",
        )

    for owner in rhythm.digest.owners:
        if owner not in owners:
            unknown_owner(owner, "digest.owners")
    for owner, weights in rhythm.scorecards.weights.items():
        if owner not in owners:
            unknown_owner(owner, "scorecards.weights")
            continue
        mine = {
            m.id for t in journey.touchpoints if t.owner == owner for m in journey.metrics_of(t.id)
        }
        for metric in weights:
            if metric not in mine:
                problems.add(
                    f"'scorecards.weights' gives {owner} a weight for '{metric}', which is "
                    "not a metric of their touchpoints",
                    file=file,
                    hint=did_you_mean(metric, sorted(mine)) or "Weight their own metrics",
                )
    nps = rhythm.customers.nps_metric
    if nps and nps not in journey.metric_by_id:
        problems.add(
            f"'customers.nps_metric' is not a metric of the journey: '{nps}'",
            file=file,
            hint=did_you_mean(nps, journey.metric_by_id) or "Name the NPS metric's id",
        )
