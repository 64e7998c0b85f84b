#!/usr/bin/env python3
"""Generate a large synthetic customer-room project for benchmarking cxsite.

    python benchmarks/generate.py --size L --out DIR       # M or L
    python benchmarks/generate.py --scale 0.5 --out DIR    # any fraction of L
    python benchmarks/generate.py --append-period DIR      # one more week of data

The project is written exactly as a user would have it: ``cxsite.yml`` mapping the
exports' own column names and labels (``columns:`` and ``recode:``), ``content/journey.yml``,
a few Markdown notes, and four exports under ``data/``:

    data/kpi_daily.csv              warehouse KPI extract: one row per KPI, day and region
    data/survey_answers.parquet     survey tool export: one row per answer, with verbatims
    data/tickets.parquet            ticketing tool export: one row per ticket
    data/social_comments.parquet    comments customers posted on review sites and social media

Size L: 12 stages x 25 touchpoints, 1,500 metrics, three years of daily KPIs
(~1.66 M rows), 5 M survey answers, 500 k tickets and 1 M comments (500 k posted, 500 k
survey verbatims). M is about a quarter of the data with 100 touchpoints.

Everything comes from seeded numpy generators and is written with fixed formats, so a
size always gives the same bytes. The "world" (KPI series, satisfaction levels, volumes)
is drawn a year past the last day, so ``--append-period`` continues the same series: it
adds one week to every export, closes tickets that were resolved that week and rewrites
the files, as the tools' next export would. On a project that was not made by this
script (the repository's sample company) it repeats the last week of every export,
seven days later.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import yaml

SEED = 20261115
LAST_DAY = dt.date(2026, 11, 15)  # a Sunday, so the base data ends on a whole week
FUTURE_DAYS = 53 * 7  # the world is drawn this far past the last day, for appended weeks
PERIOD_DAYS = 7
STATE_FILE = ".bench-state.json"
GENERATOR = "cxsite-benchmarks generate 1"
MS_PER_DAY = 86_400_000
EPOCH = dt.date(1970, 1, 1)

OBSERVATIONS_FILE = "data/kpi_daily.csv"
RESPONSES_FILE = "data/survey_answers.parquet"
ISSUES_FILE = "data/tickets.parquet"
COMMENTS_FILE = "data/social_comments.parquet"

# Random streams: one per purpose, so adding draws to one never shifts another.
DESIGN, WORLD, RESPONSES, ISSUES, COMMENTS, TEXT = range(1, 7)


@dataclass(frozen=True)
class Size:
    name: str
    stages: int
    per_stage: int
    days: int
    responses: int
    issues: int
    comments: int
    verbatims: int


L = Size("L", 12, 25, 1096, 5_000_000, 500_000, 500_000, 500_000)
M = Size("M", 10, 10, 1096, 1_250_000, 125_000, 125_000, 125_000)
# Ten times L's survey answers and comments: the size an in-memory build cannot hold.
XL = Size("XL", 12, 25, 1096, 50_000_000, 500_000, 5_000_000, 5_000_000)
SIZES = {"M": M, "L": L, "XL": XL}
# Exports bigger than this are generated and written a slice of days at a time, so
# generating XL needs about as much memory as L (L itself is made in one piece, so its
# bytes do not change).
CHUNK_ROWS = 5_000_000
CHUNK_STREAM = 10_000  # random streams of chunks start here, clear of appended periods


def scaled(fraction: float) -> Size:
    """A fraction of L: fewer touchpoints per stage and proportionally fewer rows."""
    if not 0 < fraction <= 4:
        raise ValueError("--scale must be in (0, 4]")
    return Size(
        name=f"L{fraction:g}",
        stages=L.stages,
        per_stage=max(1, round(L.per_stage * fraction)),
        days=L.days,
        responses=round(L.responses * fraction),
        issues=round(L.issues * fraction),
        comments=round(L.comments * fraction),
        verbatims=round(L.verbatims * fraction),
    )


def size_from_name(name: str) -> Size:
    """'M', 'L', or a fraction of L such as '0.5' or 'L0.5'."""
    if name in SIZES:
        return SIZES[name]
    return scaled(float(name.removeprefix("L")))


def rng_for(stream: int, period: int = 0) -> np.random.Generator:
    return np.random.default_rng([SEED, stream, period])


# --------------------------------------------------------------------------- vocabulary

# fmt: off
STAGES = (
    ("discover", "Discover us", "I want to hear about cover that fits my life"),
    ("compare", "Compare", "I want to compare cover and price without a hard sell"),
    ("quote", "Get a quote", "I want a fair price in a few minutes"),
    ("buy", "Buy", "I want to buy in one go and know what I am covered for"),
    ("onboard", "Get set up", "I want my documents and account sorted in the first week"),
    ("pay", "Pay", "I want paying to take no effort at all"),
    ("change", "Change my policy", "I want to change my details without a fuss"),
    ("get-help", "Get help", "I want the right answer first time, without waiting"),
    ("claim", "Make a claim", "When something goes wrong I want to be looked after"),
    ("repair", "Get back to normal", "I want my home or car put right, fast"),
    ("complain", "Complain", "When you get it wrong I want you to put it right"),
    ("renew", "Renew", "I want a fair renewal price with no nasty surprises"),
)
TOPICS = {
    "discover": ("Advert", "Search result", "Recommendation", "Brand page", "Newsletter"),
    "compare": ("Comparison listing", "Cover table", "Price check", "Reviews page", "Guide"),
    "quote": ("Quote form", "Quote call", "Broker quote", "Quote email", "Saved quote"),
    "buy": ("Checkout", "Identity check", "Add-ons", "Confirmation", "Direct Debit set-up"),
    "onboard": ("Welcome pack", "Account set-up", "Proof upload", "Welcome call", "App login"),
    "pay": ("Monthly payment", "Card payment", "Missed payment", "Refund", "Statement"),
    "change": ("Address change", "Vehicle change", "Cover change", "Named driver", "Cancel"),
    "get-help": ("Help line", "Web chat", "Email reply", "Help centre", "Callback"),
    "claim": ("Claim report", "Assessor visit", "Claim update", "Claim handler", "Settlement"),
    "repair": ("Repair booking", "Hire car", "Repair quality", "Builder visit", "Sign-off"),
    "complain": ("Complaint log", "Complaint reply", "Ombudsman", "Goodwill", "Apology"),
    "renew": ("Renewal notice", "Renewal call", "Auto-renewal", "Price review", "Loyalty"),
}
CHANNELS = ("web", "app", "phone", "chat", "email", "branch", "letter", "broker")
REGIONS = ("North", "Midlands", "South", "London", "Scotland", "Wales", "Northern Ireland")
FIRST_NAMES = (
    "Priya", "Tom", "Nadia", "Hannah", "Marek", "Claire", "Dev", "Sian", "Owen", "Grace",
    "Ravi", "Leah", "Callum", "Aisha", "Ben", "Maria", "Kwame", "Fiona", "Jonas", "Ruth",
    "Imran", "Zoe", "Patrick", "Mei", "Liam", "Esther", "Aled", "Sofia", "Gareth", "Nina",
)
SURNAMES = (
    "Shah", "Brennan", "Hussain", "Lewis", "Nowak", "Dawson", "Patel", "Evans", "Price",
    "Okafor", "Murray", "Kowalski", "Reid", "Chen", "Ahmed", "Byrne", "Silva", "Jones",
    "Walsh", "Mensah", "Taylor", "Novak", "Hughes", "Kaur", "Doyle", "Lind", "Morgan",
)
ROLES = (
    "Head of Digital", "Contact Centre Manager", "Operations Lead", "Claims Manager",
    "Payments Manager", "Customer Communications Lead", "Product Owner", "Service Manager",
)
CATEGORIES = (
    "Delay", "Wrong information", "No call back", "Billing error", "Website fault",
    "App crash", "Document missing", "Price complaint", "Staff attitude", "Lost paperwork",
    "Payment failed", "Repair quality", "Hire car", "Communication", "Cancellation",
    "Data protection", "Duplicate charge", "Login problem", "Claim decision", "Accessibility",
    "Renewal price", "Refund", "Address change", "Cover query", "Broker error",
    "Supplier no-show", "Excess dispute", "Fraud check", "Vulnerable customer", "Other",
)
ACTIONS = (
    "Call customer back", "Chase supplier", "Escalate to team lead", "Refund pending approval",
    "Waiting for documents", "Re-send policy documents", "Book assessor", "Fix in next release",
    "Review decision", "Send apology letter", "Check with underwriting", "Arrange repair",
    "Correct payment schedule", "Confirm with broker", "Close when customer confirms",
)
PRODUCTS = ("Home", "Motor", "Home & Motor", "Travel", "Pet")
LANGUAGES = ("en", "cy", "es", "pl", "fr")
SOCIAL_SOURCES = ("Trustpilot", "Google reviews", "App Store", "X", "Facebook", "Web form")
SOURCES_WITH_STARS = 3  # the first three rate with 1-5 stars

# key, name, unit, direction, aggregate, base low, base high, decimals, volatility
PROCESS_KINDS = (
    ("time", "Time to complete", "s", "lower", "mean", 40, 600, 0, 0.12),
    ("wait", "Median wait", "s", "lower", "median", 10, 300, 0, 0.2),
    ("fail", "Failure rate", "%", "lower", "mean", 0.5, 12, 1, 0.15),
    ("done", "Completion rate", "%", "higher", "mean", 55, 95, 1, 0.04),
    ("sla", "Within service level", "%", "higher", "mean", 60, 95, 1, 0.05),
    ("days", "Days to complete", "days", "lower", "median", 1, 25, 1, 0.12),
    ("backlog", "Items waiting", "items", "lower", "last", 20, 2000, 0, 0.2),
    ("volume", "Items handled", "items", "higher", "sum", 50, 5000, 0, 0.15),
    ("errors", "Errors found", "errors", "lower", "sum", 1, 60, 0, 0.25),
    ("peak-wait", "Longest wait", "min", "lower", "max", 5, 90, 0, 0.2),
    ("uptime", "Lowest availability", "%", "higher", "min", 97, 99.8, 2, 0.002),
    ("repeat", "Repeat contact rate", "%", "lower", "mean", 3, 25, 1, 0.1),
)
DRIVERS = ("value for money", "being easy to deal with", "keeping me informed")
SUBJECTS = (
    "the adviser", "the app", "the website", "your team", "the claims handler", "the letter",
    "the chat agent", "the online form", "my renewal", "the payment page", "the phone line",
    "the engineer", "the repair garage", "the email", "the price", "the hire car",
    "the assessor", "my account", "the call centre", "the broker", "the complaints team",
    "the welcome pack", "the help centre", "the lady on the phone", "the manager",
    "the text message", "the login page", "the policy wording", "the builder", "the refund",
)
GOOD = (
    "was quick and friendly", "sorted everything out in one call", "explained the cover clearly",
    "kept me updated every few days", "made it really easy", "went above and beyond",
    "called me back when promised", "was polite and patient", "fixed the problem straight away",
    "got it right first time", "saved me a lot of hassle", "was clear about the next steps",
    "took the stress out of it", "listened to what I needed", "was faster than I expected",
    "handled it brilliantly", "was simple to use", "gave me a fair price",
    "treated me like a person", "let me do it all online", "was spot on",
    "answered every question", "really helped after a rough week", "made the process painless",
)
BAD = (
    "kept me waiting for ages", "never called me back", "gave me the wrong information",
    "crashed twice", "was impossible to follow", "charged me twice", "lost my documents",
    "took weeks to reply", "put me on hold for forty minutes", "asked for the same details again",
    "went round in circles", "did not explain anything", "ignored my emails",
    "made a simple job complicated", "quoted a different price", "cut me off mid call",
    "sent letters to my old address", "would not let me log in", "passed me between teams",
    "felt like nobody cared", "left me without a car", "missed the appointment",
    "promised a refund that never came", "made me repeat my story",
)
OPENERS = (
    "", "", "", "Honestly", "Overall", "To be fair", "Sadly", "Frankly", "Well", "Again",
    "As always", "This time", "Once more", "In short", "If I am honest", "Credit where due",
)
TAILS = (
    "", "", "", "last week", "on Monday", "this morning", "after three attempts", "in the end",
    "as usual", "for the first time", "yesterday", "after my accident", "during the storm",
    "when I moved house", "at renewal", "over the weekend", "before Christmas", "on the day",
    "with no fuss", "from start to finish", "after a long wait", "within the hour",
)
DETAILS = (  # prefix, suffix, lowest, highest: numbers keep near-identical comments apart
    ("Customer for", "years.", 1, 41),
    ("I waited", "minutes on the phone.", 2, 96),
    ("Case reference", "if you need it.", 10_000, 99_999),
    ("That was call number", "about this.", 2, 12),
    ("Policy renewed", "times now.", 1, 30),
)
# fmt: on


# --------------------------------------------------------------------------- design


def _ints() -> np.ndarray:
    return np.empty(0, dtype=np.int64)


def _floats() -> np.ndarray:
    return np.empty(0)


@dataclass
class Design:
    """The journey and everything the exports need to know about it."""

    size: Size
    stages: list[dict[str, Any]]
    touchpoints: list[dict[str, Any]]
    owners: list[str]
    agents: list[str]
    tp_stage: np.ndarray  # touchpoint -> stage index
    tp_weight: np.ndarray  # share of answers, comments and tickets per touchpoint
    queues: list[str]  # ticket queue name per touchpoint
    # Filled in by _metrics:
    metrics: list[dict[str, Any]] = field(default_factory=list)
    tp_surveys: np.ndarray = field(default_factory=_ints)  # touchpoint -> 2 surveys (-1: none)
    survey_ids: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    survey_lo: np.ndarray = field(default_factory=_floats)
    survey_hi: np.ndarray = field(default_factory=_floats)
    survey_base: np.ndarray = field(default_factory=_floats)  # 0..1 quality level
    survey_process: np.ndarray = field(default_factory=_ints)  # process it follows (-1: none)
    relationship: np.ndarray = field(default_factory=_ints)  # relationship survey: nps, overall
    drivers: np.ndarray = field(default_factory=_ints)  # relationship driver questions
    process_ids: list[str] = field(default_factory=list)
    process_codes: list[str] = field(default_factory=list)
    process_kind: np.ndarray = field(default_factory=_ints)  # PROCESS_KINDS index (-1: flow)
    process_base: np.ndarray = field(default_factory=_floats)
    series_process: np.ndarray = field(default_factory=_ints)  # observation series -> process
    series_region: list[str] = field(default_factory=list)

    @property
    def first_day(self) -> dt.date:
        return LAST_DAY - dt.timedelta(days=self.size.days - 1)


def _slug(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in out.split("-") if part)


def _people(rng: np.random.Generator, count: int, with_role: bool) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        first = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
        last = SURNAMES[int(rng.integers(len(SURNAMES)))]
        name = f"{first} {last}"
        if name in seen:
            if len(seen) < len(FIRST_NAMES) * len(SURNAMES) // 2:
                continue  # draw again while free names are easy to find
            name = f"{name} {len(names)}"
        seen.add(name)
        names.append(f"{name}, {ROLES[int(rng.integers(len(ROLES)))]}" if with_role else name)
    return names


def design(size: Size) -> Design:
    """Stages, touchpoints and metrics of a company of this size; always the same."""
    rng = rng_for(DESIGN)
    stages = [
        {"id": sid, "name": name, "goal": goal, "flow_metric": f"flow-{sid}"}
        for sid, name, goal in STAGES[: size.stages]
    ]
    count = size.stages * size.per_stage
    owners = _people(rng, max(3, round(count * 40 / 300)), with_role=True)
    touchpoints, queues, tp_stage = _touchpoints(rng, stages, size.per_stage, owners)
    weight = rng.lognormal(0.0, 0.9, count)
    sparse = rng.random(count) < 0.05  # a few touchpoints hear from almost nobody
    weight[sparse] *= 0.02
    design_ = Design(
        size=size,
        stages=stages,
        touchpoints=touchpoints,
        owners=owners,
        agents=_people(rng, max(10, len(owners) * 4), with_role=False),
        tp_stage=np.array(tp_stage, dtype=np.int64),
        tp_weight=weight / weight.sum(),
        queues=queues,
    )
    _metrics(rng, design_)
    return design_


def _touchpoints(
    rng: np.random.Generator, stages: list[dict[str, Any]], per_stage: int, owners: list[str]
) -> tuple[list[dict[str, Any]], list[str], list[int]]:
    count = len(stages) * per_stage
    moments = max(1, round(count * 0.1))
    ranks = np.zeros(count, dtype=np.int64)
    ranks[rng.choice(count, moments, replace=False)] = rng.permutation(moments) + 1
    touchpoints: list[dict[str, Any]] = []
    queues: list[str] = []
    tp_stage: list[int] = []
    for s, stage in enumerate(stages):
        topics = TOPICS[stage["id"]]
        for k in range(per_stage):
            index = len(touchpoints)
            topic = topics[k % len(topics)]
            channel = CHANNELS[(k // len(topics) + s) % len(CHANNELS)]
            round_ = k // (len(topics) * len(CHANNELS))
            suffix = f"-{round_ + 1}" if round_ else ""
            ident = f"{stage['id']}-{_slug(topic)}-{channel}{suffix}"
            name = f"{topic} ({channel}){' ' + str(round_ + 1) if round_ else ''}"
            touchpoints.append(
                {
                    "id": ident,
                    "stage": stage["id"],
                    "name": name,
                    "channel": channel,
                    "owner": owners[index * len(owners) // count],
                    "moment_of_truth": int(ranks[index]) or None,
                    "description": f"{topic} for customers who come to us by {channel}.",
                    "headline": f"{ident}-csat",
                }
            )
            queues.append(f"{stage['name']} - {name}")
            tp_stage.append(s)
    return touchpoints, queues, tp_stage


def _metrics(rng: np.random.Generator, d: Design) -> None:
    """Per touchpoint 1-2 survey metrics mapped to process metrics and three process
    metrics; three relationship drivers per stage; NPS, satisfaction and flow outcomes."""
    d.tp_surveys = np.full((len(d.touchpoints), 2), -1, dtype=np.int64)
    surveys: list[dict[str, Any]] = []
    survey_process: list[int] = []
    processes: list[dict[str, Any]] = []
    kinds: list[int] = []
    for t, tp in enumerate(d.touchpoints):
        chosen = rng.choice(len(PROCESS_KINDS), 3, replace=False)
        first_process = len(processes)
        for kind in chosen:
            processes.append(_process_metric(rng, tp, int(kind), len(processes)))
            kinds.append(int(kind))
        two = t % 6 != 5
        for j in range(2 if two else 1):
            aggregate = "csat" if j == 0 else ("ces" if t % 2 else "nps")
            d.tp_surveys[t, j] = len(surveys)
            surveys.append(_survey_metric(rng, tp, aggregate, processes[first_process + j]["id"]))
            survey_process.append(first_process + j)
        if t % d.size.per_stage == 0:
            stage = d.stages[int(d.tp_stage[t])]
            for k, driver in enumerate(DRIVERS):
                surveys.append(_driver_metric(rng, tp, stage, k, driver))
                survey_process.append(-1)
    outcomes = _outcome_metrics(rng, d)
    first_outcome = len(surveys)
    surveys += outcomes[:2]
    survey_process += [-1, -1]
    flows = outcomes[2:]
    for flow in flows:
        processes.append(flow)
        kinds.append(-1)
    d.metrics = surveys[:first_outcome] + processes[: len(processes) - len(flows)] + outcomes
    d.survey_ids = [m["id"] for m in surveys]
    d.questions = [m.pop("_question") for m in surveys]
    d.survey_lo = np.array([m["scale"][0] for m in surveys], dtype=np.float64)
    d.survey_hi = np.array([m["scale"][1] for m in surveys], dtype=np.float64)
    d.survey_base = rng.uniform(0.65, 0.9, len(surveys))
    d.survey_process = np.array(survey_process, dtype=np.int64)
    d.relationship = np.array([first_outcome, first_outcome + 1], dtype=np.int64)
    d.drivers = np.array([i for i, m in enumerate(surveys) if "-driver-" in m["id"]])
    d.process_ids = [m["id"] for m in processes]
    d.process_codes = [m.pop("_code") for m in processes]
    d.process_base = np.array([m.pop("_base") for m in processes], dtype=np.float64)
    d.process_kind = np.array(kinds, dtype=np.int64)
    _series(rng, d)


def _process_metric(
    rng: np.random.Generator, tp: dict[str, Any], kind: int, number: int
) -> dict[str, Any]:
    key, name, unit, direction, aggregate, low, high, decimals, _ = PROCESS_KINDS[kind]
    base = float(rng.uniform(low, high))
    # Targets a little either side of today's level: some metrics on, some near, some off.
    better = 1 if direction == "higher" else -1
    target = base * (1 + better * rng.uniform(-0.12, 0.12))
    target = min(target, 100.0) if unit == "%" else target
    return {
        "id": f"{tp['id']}-{key}",
        "name": f"{name}: {tp['name']}",
        "touchpoint": tp["id"],
        "kind": "process",
        "unit": unit,
        "direction": direction,
        "target": round(target, decimals),
        "aggregate": aggregate,
        "decimals": decimals,
        "_code": f"K{number:05d}_{key.upper().replace('-', '_')}",
        "_base": base,
    }


def _survey_metric(
    rng: np.random.Generator, tp: dict[str, Any], aggregate: str, maps_to: str
) -> dict[str, Any]:
    name = tp["name"]
    spec = {
        "csat": ("satisfaction", "%", [1, 5], f"How satisfied were you with: {name}?", 80),
        "ces": ("ease", "/7", [1, 7], f"{name} was easy for me", 5.5),
        "nps": ("recommend", "pts", [0, 10], f"After {name}, would you recommend us?", 30),
    }[aggregate]
    label, unit, scale, question, target = spec
    return {
        "id": f"{tp['id']}-{aggregate}",
        "name": f"{name} {label}",
        "touchpoint": tp["id"],
        "kind": "survey",
        "unit": unit,
        "direction": "higher",
        "target": round(float(target) * float(rng.uniform(0.92, 1.05)), 1),
        "aggregate": aggregate,
        "scale": scale,
        "maps_to": maps_to,
        "_question": question,
    }


def _driver_metric(
    rng: np.random.Generator, tp: dict[str, Any], stage: dict[str, Any], k: int, driver: str
) -> dict[str, Any]:
    return {
        "id": f"{stage['id']}-driver-{k + 1}",
        "name": f"Driver: {driver} ({stage['name']})",
        "touchpoint": tp["id"],
        "kind": "survey",
        "unit": "/10",
        "direction": "higher",
        "target": round(float(rng.uniform(6.5, 7.5)), 1),
        "aggregate": "mean",
        "scale": [1, 10],
        "decimals": 1,
        "_question": f"Rate us on {driver} when you {stage['name'].lower()}",
    }


def _outcome_metrics(rng: np.random.Generator, d: Design) -> list[dict[str, Any]]:
    org = "Northwind Cover"
    nps = {
        "id": "nps",
        "name": "Net Promoter Score",
        "kind": "outcome",
        "unit": "pts",
        "direction": "higher",
        "target": 30,
        "aggregate": "nps",
        "scale": [0, 10],
        "_question": f"How likely are you to recommend {org} to a friend?",
    }
    overall = {
        "id": "overall-satisfaction",
        "name": "Overall satisfaction",
        "kind": "outcome",
        "unit": "%",
        "direction": "higher",
        "target": 80,
        "aggregate": "csat",
        "scale": [1, 5],
        "_question": f"Overall, how satisfied are you with {org}?",
    }
    flows = [
        {
            "id": stage["flow_metric"],
            "name": f"Customers: {stage['name']}",
            "kind": "outcome",
            "unit": "customers",
            "direction": "higher",
            "aggregate": "sum",
            "decimals": 0,
            "_code": f"FUNNEL_{stage['id'].upper().replace('-', '_')}",
            "_base": 20_000.0 * 0.8**s * float(rng.uniform(0.9, 1.1)),
        }
        for s, stage in enumerate(d.stages)
    ]
    return [nps, overall, *flows]


def _series(rng: np.random.Generator, d: Design) -> None:
    """A third of the process metrics are reported nationally, the rest for two regions."""
    series: list[tuple[str, str, int]] = []
    for p, code in enumerate(d.process_codes):
        if d.process_kind[p] < 0 or p % 3 == 0:
            regions = ["National"]
        else:
            regions = sorted(REGIONS[int(i)] for i in rng.choice(len(REGIONS), 2, replace=False))
        series += [(code, region, p) for region in regions]
    series.sort()  # the extract is ordered by KPI code and region within a day
    d.series_process = np.array([p for _, _, p in series], dtype=np.int64)
    d.series_region = [region for _, region, _ in series]


# --------------------------------------------------------------------------- the world


@dataclass
class World:
    """Daily levels for the whole horizon: base days plus a year of appendable weeks."""

    values: np.ndarray  # observation series x day
    quality: np.ndarray  # survey metric x day, 0..1
    volume: np.ndarray  # relative daily volume of answers, comments and tickets


def _ar1(rng: np.random.Generator, rows: int, days: int, keep: float) -> np.ndarray:
    """Mean-reverting random walks with unit spread, one per row."""
    shocks = rng.normal(0.0, np.sqrt(1 - keep**2), (rows, days))
    walk = np.empty_like(shocks)
    walk[:, 0] = rng.normal(0.0, 1.0, rows)
    for day in range(1, days):
        walk[:, day] = keep * walk[:, day - 1] + shocks[:, day]
    return walk


def world(d: Design) -> World:
    rng = rng_for(WORLD)
    horizon = d.size.days + FUTURE_DAYS
    goodness = _ar1(rng, len(d.process_ids), horizon, 0.995)
    regional = _ar1(rng, len(d.series_process), horizon, 0.98)
    kinds = d.process_kind[d.series_process]
    vol = np.array([k[8] for k in PROCESS_KINDS] + [0.1])[kinds]
    better = np.array([1 if k[3] == "higher" else -1 for k in PROCESS_KINDS] + [1])[kinds]
    weekday = (np.arange(horizon) + d.first_day.weekday()) % 7
    weekly = np.where(weekday >= 5, -0.5, 0.2)
    level = d.process_base[d.series_process] * rng.uniform(0.9, 1.1, len(d.series_process))
    noise = rng.normal(0.0, 1.0, regional.shape)
    change = better[:, None] * goodness[d.series_process] + 0.4 * regional + 0.5 * noise
    values = level[:, None] * np.exp(vol[:, None] * (change + weekly[None, :]))
    values = _rounded(values, d)
    lag = 28  # customers feel a process change about four weeks later
    followed = d.survey_process >= 0
    mapped = np.zeros((len(d.survey_ids), horizon))
    mapped[followed, lag:] = goodness[d.survey_process[followed], :-lag]
    own = _ar1(rng, len(d.survey_ids), horizon, 0.99)
    quality = np.clip(d.survey_base[:, None] + 0.08 * mapped + 0.04 * own, 0.05, 0.97)
    trend = 1 + 0.3 * np.arange(horizon) / d.size.days
    volume = trend * np.where(weekday >= 5, 0.6, 1.0)
    return World(values=values, quality=quality, volume=volume)


def _rounded(values: np.ndarray, d: Design) -> np.ndarray:
    kinds = d.process_kind[d.series_process]
    percent = np.array([k[2] == "%" for k in PROCESS_KINDS] + [False])[kinds]
    decimals = np.array([k[7] for k in PROCESS_KINDS] + [0])[kinds]
    values = np.where(percent[:, None], np.clip(values, 0, 100), values)
    out = np.empty_like(values)
    for places in np.unique(decimals):
        rows = decimals == places
        out[rows] = np.round(values[rows], int(places))
    return out


# --------------------------------------------------------------------------- text


class Texts:
    """Customer comments of 10-60 words, assembled from sentence pools, rarely repeated."""

    SLOTS = 7

    def __init__(self) -> None:
        rng = rng_for(TEXT)
        good = self._pool(rng, GOOD, 30_000)
        bad = self._pool(rng, BAD, 30_000)
        self.good_count = len(good)
        self.pool = pa.array(good + bad, type=pa.string())
        self.words = np.array([s.count(" ") + 1 for s in good + bad], dtype=np.int64)

    @staticmethod
    def _pool(rng: np.random.Generator, verbs: Sequence[str], count: int) -> list[str]:
        picks = np.stack(
            [
                rng.integers(0, len(OPENERS), count),
                rng.integers(0, len(SUBJECTS), count),
                rng.integers(0, len(verbs), count),
                rng.integers(0, len(TAILS), count),
            ],
            axis=1,
        )
        sentences = []
        for opener, subject, verb, tail in np.unique(picks, axis=0):
            text = " ".join(
                p for p in (OPENERS[opener], SUBJECTS[subject], verbs[verb], TAILS[tail]) if p
            )
            sentences.append(text[0].upper() + text[1:] + ".")
        return sentences

    def make(self, rng: np.random.Generator, positive: np.ndarray) -> pa.Array:
        """One comment per row; a positive row mostly draws from the good sentences."""
        n = len(positive)
        if n == 0:
            return pa.array([], type=pa.string())
        bad_count = len(self.pool) - self.good_count
        use_good = positive[:, None] ^ (rng.random((n, self.SLOTS)) < 0.15)
        index = np.where(
            use_good,
            rng.integers(0, self.good_count, (n, self.SLOTS)),
            self.good_count + rng.integers(0, bad_count, (n, self.SLOTS)),
        )
        words = self.words[index]
        # At least two sentences from pools of ~30,000, so two comments are almost never the
        # same; the last sentence and a detail add up to 23 words, so none is over 60.
        target = rng.integers(10, 37, n)
        before = np.cumsum(words, axis=1) - words
        used = before < target[:, None]
        used[:, :2] = True
        parts = [
            pc.take(self.pool, pa.array(index[:, j], mask=~used[:, j])) for j in range(self.SLOTS)
        ]
        parts.append(self._details(rng, n))
        return pc.binary_join_element_wise(*parts, " ", null_handling="skip")

    @staticmethod
    def _details(rng: np.random.Generator, n: int) -> pa.Array:
        choice = rng.integers(0, len(DETAILS), n)
        shown = rng.random(n) < 0.4
        out = pa.nulls(n, type=pa.string())
        for k, (prefix, suffix, low, high) in enumerate(DETAILS):
            numbers = pc.cast(pa.array(rng.integers(low, high, n)), pa.string())
            text = pc.binary_join_element_wise(prefix, numbers, suffix, " ")
            out = pc.if_else(pa.array(shown & (choice == k)), text, out)
        return out


# --------------------------------------------------------------------------- exports


def _timestamps(d: Design, days: np.ndarray, seconds: np.ndarray) -> pa.Array:
    start = (d.first_day - EPOCH).days
    ms = (start + days.astype(np.int64)) * MS_PER_DAY + seconds.astype(np.int64) * 1000
    return pa.array(ms, type=pa.timestamp("ms"))


def _labels(values: Sequence[str], index: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pc.take(pa.array(list(values), type=pa.string()), pa.array(index, mask=mask))


def _padded(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    text = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, text, "")


def _moments(
    rng: np.random.Generator, volume: np.ndarray, lo: int, hi: int, n: int, hours: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Day and second of ``n`` events in days [lo, hi), in time order; busier days get more."""
    day = lo + rng.choice(hi - lo, size=n, p=volume[lo:hi] / volume[lo:hi].sum())
    second = rng.integers(hours[0] * 3600, hours[1] * 3600, n)
    order = np.lexsort((second, day))
    return day[order], second[order]


def _scores(
    rng: np.random.Generator, d: Design, w: World, metric: np.ndarray, day: np.ndarray
) -> np.ndarray:
    lo, hi = d.survey_lo[metric], d.survey_hi[metric]
    mean = lo + w.quality[metric, day] * (hi - lo)
    raw = np.rint(mean + rng.normal(0.0, 0.22, len(metric)) * (hi - lo))
    scores: np.ndarray = np.clip(raw, lo, hi).astype(np.int64)
    return scores


def observations(d: Design, w: World, lo: int, hi: int) -> pa.Table:
    """Every series on every day in [lo, hi), ordered by day, KPI code and region."""
    series = len(d.series_process)
    day = np.repeat(np.arange(lo, hi), series)
    which = np.tile(np.arange(series), hi - lo)
    start = (d.first_day - EPOCH).days
    codes = [d.process_codes[p] for p in d.series_process]
    return pa.table(
        {
            "day": pa.array((start + day).astype(np.int32), type=pa.int32()).cast(pa.date32()),
            "kpi_code": _labels(codes, which),
            "region": _labels(d.series_region, which),
            "kpi_value": pa.array(w.values[which, day]),
        }
    )


PER_RELATIONSHIP = 2 + 6  # answers per relationship survey: NPS, satisfaction, six drivers


@dataclass
class Answers:
    """Survey answers as arrays, one entry per row, in time order."""

    event: np.ndarray  # one event per respondent
    metric: np.ndarray
    day: np.ndarray
    second: np.ndarray
    relationship: np.ndarray  # bool: the row belongs to the relationship survey


def _answers(rng: np.random.Generator, d: Design, w: World, lo: int, hi: int, rows: int) -> Answers:
    """Who answered which question when: touchpoint surveys plus the relationship survey."""
    people = rows // 10 // PER_RELATIONSHIP + 1
    per_transaction = np.where(d.tp_surveys[:, 1] >= 0, 1.85, 1.0) @ d.tp_weight
    events = people + int((rows - people * PER_RELATIONSHIP) / per_transaction * 1.02) + 1
    # Relationship and touchpoint respondents are interleaved, so cutting the last events
    # to hit the row count takes a fair share of both.
    is_rel = np.zeros(events, dtype=bool)
    is_rel[rng.choice(events, people, replace=False)] = True
    tp = np.where(is_rel, 0, rng.choice(len(d.tp_weight), events, p=d.tp_weight))
    both = (d.tp_surveys[tp, 1] >= 0) & (rng.random(events) < 0.85)
    count = np.where(is_rel, PER_RELATIONSHIP, np.where(both, 2, 1))
    event = np.repeat(np.arange(events), count)[:rows]
    ordinal = np.arange(len(event)) - np.repeat(np.cumsum(count) - count, count)[:rows]
    drivers = np.argsort(rng.random((people, len(d.drivers))), axis=1)[:, :6]
    rel_metric = np.concatenate([np.tile(d.relationship, (people, 1)), d.drivers[drivers]], 1)
    rel_rank = np.cumsum(is_rel) - 1
    rel = is_rel[event]
    metric = np.where(
        rel,
        rel_metric[rel_rank[event], np.minimum(ordinal, PER_RELATIONSHIP - 1)],
        d.tp_surveys[tp[event], np.minimum(ordinal, 1)],
    )
    # Times are drawn only for the respondents left after the cut, sorted, so respondent
    # numbers follow time order and the last days are as busy as any.
    kept = int(event[-1]) + 1 if len(event) else 0
    day, second = _moments(rng, w.volume, lo, hi, kept, (7, 23))
    return Answers(event, metric, day[event], second[event], relationship=rel)


def responses(
    d: Design,
    w: World,
    texts: Texts,
    span: tuple[int, int],
    counts: tuple[int, int],
    first_respondent: int,
    period: int,
) -> pa.Table:
    """The survey tool's export: one row per answer, the open question's text on the last."""
    rng = rng_for(RESPONSES, period)
    rows, verbatims = counts
    a = _answers(rng, d, w, span[0], span[1], rows)
    n = len(a.event)
    score = _scores(rng, d, w, a.metric, a.day)
    last = np.append(a.event[1:] != a.event[:-1], True)
    wants = last & (rng.random(n) < verbatims / max(1, int(last.sum())))
    lo, hi = d.survey_lo[a.metric], d.survey_hi[a.metric]
    said = texts.make(rng, (score >= lo + 0.6 * (hi - lo))[wants])
    slot = np.maximum(np.cumsum(wants) - 1, 0)
    respondent = first_respondent + np.cumsum(np.append(True, a.event[1:] != a.event[:-1])) - 1
    # Who answered is the same person on every row of one response.
    people = int(a.event[-1]) + 1 if n else 0
    product = rng.choice(len(PRODUCTS), people, p=[0.4, 0.35, 0.15, 0.06, 0.04])[a.event]
    language = _languages(rng, people)[a.event]
    channel = rng.integers(0, 4, people)[a.event]
    return pa.table(
        {
            "ResponseID": _padded("R", respondent, 9),
            "Submitted": _timestamps(d, a.day, a.second),
            "Survey": _labels(("Transactional", "Relationship"), a.relationship.astype(np.int64)),
            "Question": _labels(d.questions, a.metric),
            "Answer": pa.array(score),
            "Verbatim": pc.take(said, pa.array(slot, mask=~wants)),
            "Product": _labels(PRODUCTS, product),
            "Lang": _labels(LANGUAGES, language),
            "Channel": _labels(("Email", "SMS", "In app", "IVR"), channel),
        }
    )


def _languages(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.choice(len(LANGUAGES), n, p=[0.92, 0.03, 0.02, 0.02, 0.01])


MEAN_DAYS_OPEN = np.array([2.0, 6.0, 14.0, 30.0])  # by priority P1..P4
STATES = ("Open", "In progress", "Waiting on customer", "Closed", "Resolved")


def issues(
    d: Design, w: World, span: tuple[int, int], rows: int, first_ticket: int, period: int
) -> pa.Table:
    """Tickets opened in [lo, hi); closed if that happened before the export was taken."""
    rng = rng_for(ISSUES, period)
    day, second = _moments(rng, w.volume, span[0], span[1], rows, (8, 20))
    opened = _timestamps(d, day, second)
    priority = rng.choice(4, rows, p=[0.05, 0.2, 0.45, 0.3])
    duration = rng.exponential(MEAN_DAYS_OPEN[priority]) * MS_PER_DAY
    closed_ms = opened.cast(pa.int64()).to_numpy() + duration.astype(np.int64)
    stuck = rng.random(rows) < 0.003  # forgotten tickets: they stay open for years
    export_ms = ((d.first_day - EPOCH).days + span[1]) * MS_PER_DAY
    is_open = stuck | (closed_ms >= export_ms)
    state = np.where(is_open, rng.integers(0, 3, rows), 3 + (rng.random(rows) < 0.1))
    tp = rng.choice(len(d.tp_weight), rows, p=d.tp_weight)
    category = rng.choice(len(CATEGORIES), rows, p=_zipf(len(CATEGORIES)))
    return pa.table(
        {
            "Ticket #": _padded("CX-", first_ticket + np.arange(rows), 7),
            "Opened": opened,
            "Area": _labels(d.queues, tp),
            "Category": _labels(CATEGORIES, category),
            "Priority": _labels(("P1", "P2", "P3", "P4"), priority),
            "State": _labels(STATES, state),
            "Assigned to": _labels(d.agents, rng.integers(0, len(d.agents), rows)),
            "Next step": _labels(ACTIONS, rng.integers(0, len(ACTIONS), rows), mask=~is_open),
            "Closed": pa.array(closed_ms, mask=is_open).cast(pa.timestamp("ms")),
            "Logged via": _labels(CHANNELS[:5], rng.integers(0, 5, rows)),
        }
    )


def _zipf(n: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** 0.8
    shares: np.ndarray = weights / weights.sum()
    return shares


def comments(
    d: Design, w: World, texts: Texts, span: tuple[int, int], rows: int, period: int
) -> pa.Table:
    """Posts on review sites and social media, about a touchpoint each."""
    rng = rng_for(COMMENTS, period)
    day, second = _moments(rng, w.volume, span[0], span[1], rows, (0, 24))
    tp = rng.choice(len(d.tp_weight), rows, p=d.tp_weight)
    source = rng.choice(len(SOCIAL_SOURCES), rows, p=[0.3, 0.15, 0.1, 0.2, 0.15, 0.1])
    quality = w.quality[d.tp_surveys[tp, 0], day]
    stars = np.clip(np.rint(1 + 4 * quality + rng.normal(0, 1.1, rows)), 1, 5)
    rated = source < SOURCES_WITH_STARS
    positive = np.where(rated, stars >= 4, rng.random(rows) < quality)
    return pa.table(
        {
            "posted_at": _timestamps(d, day, second),
            "area": _labels([t["id"] for t in d.touchpoints], tp),
            "body": texts.make(rng, positive),
            "stars": pa.array(stars, mask=~rated),
            "lang": _labels(LANGUAGES, _languages(rng, rows)),
            "source": _labels(SOCIAL_SOURCES, source),
        }
    )


# --------------------------------------------------------------------------- project files


def site_config(d: Design) -> dict[str, Any]:
    codes = dict(zip(d.process_codes, d.process_ids, strict=True))
    return {
        "title": "Northwind Cover customer room",
        "organisation": "Northwind Cover",
        "period": {"unit": "week", "week_start": "monday"},
        "min_n": 5,
        "near_band": 0.05,
        "sources": {
            "kpis": {
                "kind": "observations",
                "path": OBSERVATIONS_FILE,
                "columns": {
                    "date": "day",
                    "metric": "kpi_code",
                    "value": "kpi_value",
                    "segment": "region",
                },
                "recode": {"metric": codes},
            },
            "survey": {
                "kind": "responses",
                "path": RESPONSES_FILE,
                "columns": {
                    "date": "Submitted",
                    "respondent": "ResponseID",
                    "metric": "Question",
                    "score": "Answer",
                    "comment": "Verbatim",
                    "segment": "Product",
                    "language": "Lang",
                },
                "recode": {"metric": dict(zip(d.questions, d.survey_ids, strict=True))},
            },
            "tickets": {
                "kind": "issues",
                "path": ISSUES_FILE,
                "columns": {
                    "id": "Ticket #",
                    "touchpoint": "Area",
                    "category": "Category",
                    "opened": "Opened",
                    "closed": "Closed",
                    "status": "State",
                    "owner": "Assigned to",
                    "action": "Next step",
                    "severity": "Priority",
                },
                "recode": {
                    "touchpoint": {q: t["id"] for q, t in zip(d.queues, d.touchpoints, strict=True)}
                },
            },
            "social": {
                "kind": "comments",
                "path": COMMENTS_FILE,
                "columns": {
                    "date": "posted_at",
                    "touchpoint": "area",
                    "text": "body",
                    "score": "stars",
                    "language": "lang",
                    "segment": "source",
                },
            },
        },
    }


def journey_yaml(d: Design) -> dict[str, Any]:
    touchpoints = [{k: v for k, v in t.items()} for t in d.touchpoints]
    return {"stages": d.stages, "touchpoints": touchpoints, "metrics": d.metrics}


def content_files(d: Design) -> dict[str, str]:
    """A handful of notes, actions and free pages, as owners would write them."""
    last = LAST_DAY.isoformat()
    files = {
        "about.md": "---\ntitle: How to use the customer room\norder: 1\n---\n"
        "Every tile on the journey map is a touchpoint, coloured by its headline survey score "
        "against target. **Moments of truth** are numbered by priority.\n\n"
        "- Survey scores need at least five answers in a week.\n"
        "- Process measures come from the daily KPI extract.\n",
        "measures.md": "---\ntitle: How we measure\norder: 2\n---\n"
        "| measure | meaning |\n|---|---|\n| CSAT | % answering 4 or 5 of 5 |\n"
        "| CES | mean ease, 1 to 7 |\n| NPS | % promoters minus % detractors |\n",
    }
    moments = sorted(
        (t for t in d.touchpoints if t["moment_of_truth"]), key=lambda t: t["moment_of_truth"]
    )
    for tp in moments[: max(2, len(d.touchpoints) // 50)]:
        files[f"action-{tp['id']}.md"] = (
            f"---\ntitle: Fixing {tp['name'].lower()}\ntouchpoint: {tp['id']}\nkind: action\n"
            f"owner: {tp['owner'].split(',')[0]}\ndate: {last}\n---\n"
            f"**What:** a new way of working for {tp['name'].lower()}.\n\n"
            "**Why:** the survey score has been off target for a quarter.\n\n"
            "**Expected:** back on target within two months.\n"
        )
    for stage in d.stages[:3]:
        files[f"note-{stage['id']}.md"] = (
            f"---\ntitle: What customers tell us about {stage['name'].lower()}\n"
            f"stage: {stage['id']}\nkind: note\ndate: {last}\n---\n"
            "Comments are mostly about waiting and being kept informed.\n"
        )
    return files


def _dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


# --------------------------------------------------------------------------- writing


def _write_parquet(table: pa.Table, path: Path) -> None:
    temp = path.with_name(path.name + ".tmp")
    pq.write_table(table, temp, compression="snappy")
    temp.replace(path)  # a reader never sees half a file


def _csv_bytes(table: pa.Table, header: bool) -> bytes:
    sink = pa.BufferOutputStream()
    pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=header))
    return bytes(sink.getvalue().to_pybytes())


def _write_state(project: Path, state: dict[str, Any]) -> None:
    # Replaced, never rewritten in place: a hard-linked copy of the project must not
    # change the original's state.
    path = project / STATE_FILE
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    temp.replace(path)


def generate(size: Size, out: Path, progress: Any = print) -> dict[str, Any]:
    """Write a whole project for ``size`` into ``out`` (which must be empty or absent)."""
    started = time.perf_counter()
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty; choose a new folder or pass --force")
    (out / "content").mkdir(parents=True, exist_ok=True)
    (out / "data").mkdir(exist_ok=True)
    d = design(size)
    (out / "cxsite.yml").write_text(_dump_yaml(site_config(d)), encoding="utf-8")
    (out / "content" / "journey.yml").write_text(_dump_yaml(journey_yaml(d)), encoding="utf-8")
    for name, text in content_files(d).items():
        (out / "content" / name).write_text(text, encoding="utf-8")
    w = world(d)
    texts = Texts()
    progress(f"design and world: {time.perf_counter() - started:.1f}s")
    span = (0, size.days)
    (out / OBSERVATIONS_FILE).write_bytes(_csv_bytes(observations(d, w, *span), header=True))
    progress(f"observations: {time.perf_counter() - started:.1f}s")
    if size.responses <= CHUNK_ROWS:
        answers = responses(d, w, texts, span, (size.responses, size.verbatims), 1, 0)
        _write_parquet(answers, out / RESPONSES_FILE)
        next_respondent = _next_respondent(answers, 1)
        del answers  # the biggest table: free it before the next one is made
    else:
        next_respondent = _stream_responses(d, w, texts, size, out / RESPONSES_FILE)
    progress(f"responses: {time.perf_counter() - started:.1f}s")
    _write_parquet(issues(d, w, span, size.issues, 1, 0), out / ISSUES_FILE)
    progress(f"issues: {time.perf_counter() - started:.1f}s")
    if size.comments <= CHUNK_ROWS:
        _write_parquet(comments(d, w, texts, span, size.comments, 0), out / COMMENTS_FILE)
    else:
        _stream_comments(d, w, texts, size, out / COMMENTS_FILE)
    progress(f"comments: {time.perf_counter() - started:.1f}s")
    state = {
        "generator": GENERATOR,
        "size": asdict(size),
        "last_day": LAST_DAY.isoformat(),
        "periods_appended": 0,
        "next_respondent": next_respondent,
        "next_ticket": size.issues + 1,
    }
    _write_state(out, state)
    return summary(out, time.perf_counter() - started)


def _chunks(w: World, days: int, rows: int) -> list[tuple[int, int, float]]:
    """Slices of days [lo, hi) with about CHUNK_ROWS // 2 rows each, and each slice's
    share of the volume (so busier days keep more rows)."""
    pieces = max(1, -(-rows // (CHUNK_ROWS // 2)))
    edges = np.linspace(0, days, pieces + 1).round().astype(int)
    total = float(w.volume[:days].sum())
    return [
        (int(lo), int(hi), float(w.volume[lo:hi].sum()) / total)
        for lo, hi in itertools.pairwise(edges)
        if hi > lo
    ]


def _split(count: int, shares: list[float]) -> list[int]:
    """``count`` split by ``shares`` into whole numbers that add up to ``count``."""
    cuts = np.round(np.cumsum([0.0, *shares]) / sum(shares) * count).astype(int)
    return [int(b - a) for a, b in itertools.pairwise(cuts)]


def _stream_responses(d: Design, w: World, texts: Texts, size: Size, path: Path) -> int:
    """The survey export a slice of days at a time, appended to one Parquet file."""
    chunks = _chunks(w, size.days, size.responses)
    shares = [share for _, _, share in chunks]
    rows, verbatims = _split(size.responses, shares), _split(size.verbatims, shares)
    first = 1
    with _ParquetStream(path) as stream:
        for k, (lo, hi, _) in enumerate(chunks):
            part = responses(
                d, w, texts, (lo, hi), (rows[k], verbatims[k]), first, CHUNK_STREAM + k
            )
            stream.write(part)
            first = _next_respondent(part, first)
    return first


def _stream_comments(d: Design, w: World, texts: Texts, size: Size, path: Path) -> None:
    chunks = _chunks(w, size.days, size.comments)
    rows = _split(size.comments, [share for _, _, share in chunks])
    with _ParquetStream(path) as stream:
        for k, (lo, hi, _) in enumerate(chunks):
            stream.write(comments(d, w, texts, (lo, hi), rows[k], CHUNK_STREAM + k))


class _ParquetStream:
    """One Parquet file written a table at a time, swapped in when complete."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temp = path.with_name(path.name + ".tmp")
        self.writer: pq.ParquetWriter | None = None

    def __enter__(self) -> _ParquetStream:
        return self

    def write(self, table: pa.Table) -> None:
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.temp, table.schema, compression="snappy")
        self.writer.write_table(table.cast(self.writer.schema))

    def __exit__(self, *exc: object) -> None:
        if self.writer is not None:
            self.writer.close()
            if exc[0] is None:
                self.temp.replace(self.path)


def _next_respondent(answers: pa.Table, current: int) -> int:
    if len(answers) == 0:
        return current
    return int(answers["ResponseID"][-1].as_py()[1:]) + 1


def summary(project: Path, seconds: float) -> dict[str, Any]:
    files = {}
    for path in sorted((project / "data").iterdir()):
        rows = (
            pq.read_metadata(path).num_rows if path.suffix == ".parquet" else _count_lines(path) - 1
        )
        files[path.name] = {"bytes": path.stat().st_size, "rows": rows}
    return {"project": str(project), "seconds": round(seconds, 2), "files": files}


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 24), b""):
            count += block.count(b"\n")
    return count


# --------------------------------------------------------------------------- appending


def append_period(project: Path) -> dict[str, Any]:
    """Add one week of data after the last day to every export of ``project``."""
    started = time.perf_counter()
    state_path = project / STATE_FILE
    if not state_path.exists():
        repeat_last_week(project)
        return {"project": str(project), "seconds": round(time.perf_counter() - started, 2)}
    state = json.loads(state_path.read_text(encoding="utf-8"))
    size = Size(**state["size"])
    period = int(state["periods_appended"]) + 1
    d = design(size)
    w = world(d)
    lo = size.days + (period - 1) * PERIOD_DAYS
    hi = lo + PERIOD_DAYS
    if hi > len(w.volume):
        raise SystemExit(f"{project}: only {FUTURE_DAYS // 7} weeks can be appended")
    share = float(w.volume[lo:hi].sum() / w.volume[: size.days].sum())
    texts = Texts()
    span = (lo, hi)
    _append_bytes(project / OBSERVATIONS_FILE, _csv_bytes(observations(d, w, lo, hi), False))
    counts = (round(size.responses * share), round(size.verbatims * share))
    answers = responses(d, w, texts, span, counts, int(state["next_respondent"]), period)
    _append_parquet(project / RESPONSES_FILE, answers)
    tickets = issues(d, w, span, round(size.issues * share), int(state["next_ticket"]), period)
    _update_tickets(project / ISSUES_FILE, tickets, d, span, period)
    posts = comments(d, w, texts, span, round(size.comments * share), period)
    _append_parquet(project / COMMENTS_FILE, posts)
    state["next_respondent"] = _next_respondent(answers, int(state["next_respondent"]))
    state["next_ticket"] = int(state["next_ticket"]) + len(tickets)
    state["periods_appended"] = period
    state["last_day"] = (d.first_day + dt.timedelta(days=hi - 1)).isoformat()
    _write_state(project, state)
    return summary(project, time.perf_counter() - started)


def _append_bytes(path: Path, data: bytes) -> None:
    # The extract is re-exported whole: write a new file beside the old one and swap.
    temp = path.with_name(path.name + ".tmp")
    shutil.copyfile(path, temp)
    with temp.open("ab") as handle:
        handle.write(data)
    temp.replace(path)


def _append_parquet(path: Path, table: pa.Table) -> None:
    old = pq.read_table(path)
    _write_parquet(pa.concat_tables([old, table.cast(old.schema)]), path)


def _update_tickets(
    path: Path, new: pa.Table, d: Design, span: tuple[int, int], period: int
) -> None:
    """Close the tickets resolved this week, then add the week's new tickets."""
    rng = rng_for(ISSUES, 1000 + period)
    old = pq.read_table(path)
    open_now = old["Closed"].is_null().to_numpy(zero_copy_only=False)
    priority = pc.utf8_slice_codeunits(old["Priority"], 1).cast(pa.int64()).to_numpy() - 1
    opened = old["Opened"].cast(pa.int64()).to_numpy()
    week_start = ((d.first_day - EPOCH).days + span[0]) * MS_PER_DAY
    age_days = (week_start - opened) / MS_PER_DAY
    # A ticket open for over a quarter is one nobody looks at: it rarely closes now.
    chance = np.where(age_days > 90, 0.01, 1 - np.exp(-PERIOD_DAYS / MEAN_DAYS_OPEN[priority]))
    closes = open_now & (rng.random(len(open_now)) < chance)
    when = week_start + rng.integers(0, (span[1] - span[0]) * MS_PER_DAY, len(open_now))
    closed = pc.fill_null(old["Closed"].cast(pa.int64()), 0).to_numpy()
    closed = np.where(closes, when, closed)
    still_open = open_now & ~closes
    mask = pa.array(closes)
    columns = {
        "Closed": pa.array(closed, mask=still_open).cast(pa.timestamp("ms")),
        "State": pc.if_else(mask, pa.scalar("Closed"), old["State"]),
        "Next step": pc.if_else(mask, pa.scalar(None, pa.string()), old["Next step"]),
    }
    for name, column in columns.items():
        old = old.set_column(old.schema.get_field_index(name), name, column)
    _write_parquet(pa.concat_tables([old, new.cast(old.schema)]), path)


def repeat_last_week(project: Path) -> None:
    """For a project this script did not make: each export's last week again, 7 days on."""
    import pandas as pd

    config = yaml.safe_load((project / "cxsite.yml").read_text(encoding="utf-8"))
    for source in (config.get("sources") or {}).values():
        path = project / source["path"]
        columns = source.get("columns") or {}
        kind = source["kind"]
        if kind == "customers":
            continue  # the book of customers has no week to repeat
        fields = ["opened", "closed"] if kind == "issues" else ["date"]
        names = [columns.get(f, f) for f in fields]
        frame = _read_any(pd, path, source)
        fmt = source.get("date_format")
        parsed = {c: pd.to_datetime(frame[c], format=fmt, errors="coerce") for c in names}
        last = parsed[names[0]].max()
        recent = (parsed[names[0]] > last - pd.Timedelta(days=PERIOD_DAYS)).to_numpy()
        new = frame[recent].copy()
        for column in names:
            shifted = parsed[column][recent] + pd.Timedelta(days=PERIOD_DAYS)
            new[column] = _like(frame[column], shifted, fmt)
        if kind == "issues":
            ident = columns.get("id", "id")
            stamp = (last + pd.Timedelta(days=PERIOD_DAYS)).strftime("%Y%m%d")
            new[ident] = new[ident].astype(str) + f"-{stamp}"
        _write_any(pd, path, source, frame, new)


def _read_any(pd: Any, path: Path, source: dict[str, Any]) -> Any:
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix in (".xlsx", ".xls"):
        return pd.read_excel(path, sheet_name=source.get("sheet") or 0)
    return pd.read_csv(path, dtype=str, keep_default_na=False, sep=source.get("delimiter") or ",")


def _like(original: Any, shifted: Any, fmt: str | None) -> Any:
    if original.dtype.kind == "M":
        return shifted.astype(original.dtype)
    sample = next((str(v) for v in original if str(v)), "")
    fmt = fmt or ("%Y-%m-%d" if len(sample) == 10 else "%Y-%m-%d %H:%M:%S")
    return shifted.dt.strftime(fmt).fillna("")


def _write_any(pd: Any, path: Path, source: dict[str, Any], frame: Any, new: Any) -> None:
    temp = path.with_name(path.name + ".tmp" + path.suffix)
    if path.suffix == ".parquet":
        pd.concat([frame, new], ignore_index=True).to_parquet(temp, index=False)
    elif path.suffix in (".xlsx", ".xls"):
        combined = pd.concat([frame, new], ignore_index=True)
        combined.to_excel(temp, sheet_name=source.get("sheet") or "Sheet1", index=False)
    else:
        shutil.copyfile(path, temp)
        text = new.to_csv(index=False, header=False, sep=source.get("delimiter") or ",")
        with temp.open("a", encoding=source.get("encoding") or "utf-8", newline="") as handle:
            handle.write(text)
    temp.replace(path)


# --------------------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="L")
    parser.add_argument("--scale", type=float, help="a fraction of L instead of --size")
    parser.add_argument("--out", type=Path, help="the project folder to write")
    parser.add_argument("--force", action="store_true", help="replace a generated project")
    parser.add_argument("--append-period", type=Path, metavar="DIR", help="add a week to DIR")
    args = parser.parse_args(argv)
    if args.append_period:
        print(json.dumps(append_period(args.append_period), indent=1))
        return 0
    if args.out is None:
        parser.error("--out is required")
    size = scaled(args.scale) if args.scale else SIZES[args.size]
    if args.force and (args.out / STATE_FILE).exists():
        shutil.rmtree(args.out)
    result = generate(size, args.out, progress=lambda m: print(m, file=sys.stderr))
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
