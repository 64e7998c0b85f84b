#!/usr/bin/env python3
"""Generate the Harbour Mutual sample data under data/.

    python scripts/make_sample_data.py [PROJECT]

Reads content/journey.yml (stages, touchpoints, metrics) and cxsite.yml (the survey
question texts, KPI codes and ticket areas the exports use, taken from each source's
`recode`) and writes four exports as the company's tools would produce them:

    data/metric_observations.csv   weekly KPI extract, one row per KPI, week and region
    data/survey_responses.csv      survey tool export, one row per answer
    data/issues.xlsx               ticketing tool export, sheet "Issues"
    data/social_comments.parquet   comments customers posted themselves

Everything is drawn from one seeded generator, nothing depends on the clock, output
is sorted and number formats are fixed, so running the script twice gives
byte-identical files.

Two years of weekly data: 104 weeks, each Monday to Sunday, the last ending Sunday
2026-11-15. "Week N" below counts from week 1 (ending 2024-11-24) to week 104.

Stories the data tells
----------------------
1. Claims settlement, a process change followed by the customer: `claim-settle-days`
   (median days to settle, target 14) sits around 23 days until a fast-track
   settlement process lands in week 70 (w/e 2026-03-22) and drops to about 11-12 days
   within three weeks. The mapped survey metric `claim-settle-csat` follows four
   weeks later: it is driven by the settlement days of four weeks earlier and climbs
   from about 50% to about 80% from week 74 (w/e 2026-04-19). The handler metrics
   (`claim-update-on-time`, `claim-handler-csat`, `claim-kept-informed`) improve
   along with it, and the relationship driver `rel-claims` (and so NPS) rises.
2. A touchpoint that improved over the two years: the app. `app-crash-rate` falls in
   release steps (weeks 30, 52, 78) from about 2.4% to about 0.6%, and `app-csat`
   climbs from the mid-50s to the low-80s.
3. The issue backlog: open tickets build up from about week 28 while closing slows
   (claims surge, team moves), peak around week 65 (mid-February 2026, nine months
   before the end) at roughly 600, and are brought down to a little over 100 by the
   end after a backlog blitz.
4. Off target now: renewal price communication. `renewal-price-change` (average
   renewal increase) climbs from about 7% to about 15% from week 90, and
   `renewal-csat` (target 75%) drops from the mid-70s to about 45% in the last ten
   weeks. `rel-price` and `retention-save-rate` dip with it.
5. A sustained shift for control charts: `help-answer-time` (service line answer
   time, about 72 s) jumps to about 125 s for the fourteen storm-season weeks 56-69
   (w/e 2025-12-14 to 2026-03-15) and returns afterwards; `help-phone-csat`,
   `help-phone-resolved` and `help-fcr` dip in the same weeks.
6. Survey volumes vary: most touchpoints get 10-60 responses a week; `complaint` and
   `courtesy-car` get only 1-6 a week, so they often fall under min_n.

Other details: customers answer in English, Welsh, Spanish, Polish or French (about 8%
of comments are not English); about 1% of comments contain personal data (UK phone
numbers in the 07700 900xxx / 020 7946 0xxx drama ranges, e-mail addresses, 16-digit
card numbers with spaces, policy numbers like HMM-1234567) to exercise redaction.
Three transactional questions were reworded when the survey moved from version v2
to v3 in week 53; both wordings are recoded in cxsite.yml.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import yaml
from sample_customers import CustomerBook

SEED = 20261115
N_WEEKS = 104
LAST_WEEK_END = dt.date(2026, 11, 15)
FIRST_WEEK_END = LAST_WEEK_END - dt.timedelta(days=7 * (N_WEEKS - 1))
WEEK = np.arange(1, N_WEEKS + 1)  # week numbers 1..104
WEEK_ENDS = [FIRST_WEEK_END + dt.timedelta(days=7 * i) for i in range(N_WEEKS)]
WEEK_STARTS = [d - dt.timedelta(days=6) for d in WEEK_ENDS]
SURVEY_V3_FROM = 53
FIXED_ZIP_TIME = (2026, 11, 16, 6, 0, 0)

REGIONS = ["England", "Scotland", "Wales", "Northern Ireland"]
REGION_SHARE = np.array([0.78, 0.10, 0.08, 0.04])
LANGS = ["en", "cy", "pl", "es", "fr"]
LANG_P = np.array([0.922, 0.030, 0.022, 0.016, 0.010])

# Older wording of three questions (survey version v2, before week 53).
OLD_WORDING = {
    "quote-csat": "Overall, how satisfied were you with your online quote?",
    "app-csat": "How would you rate our mobile app?",
    "help-phone-csat": "How satisfied were you with your call today?",
}


# ---------------------------------------------------------------------------------
# calendar helpers
# ---------------------------------------------------------------------------------


def winter() -> np.ndarray:
    """+1 in mid-January, -1 in mid-July."""
    doy = np.array([d.timetuple().tm_yday for d in WEEK_ENDS])
    return np.cos(2 * np.pi * (doy - 15) / 365.25)


def between(lo: int, hi: int) -> np.ndarray:
    return ((lo <= WEEK) & (hi >= WEEK)).astype(float)


def ramp(start: int, end: int) -> np.ndarray:
    """0 before week `start`, rising linearly to 1 at week `end`, 1 after."""
    return np.clip((WEEK - start) / max(end - start, 1), 0, 1)


def steps(weeks: list[int]) -> np.ndarray:
    """Number of the given weeks already reached."""
    return sum((w <= WEEK).astype(float) for w in weeks)


def ar_noise(rng: np.random.Generator, sd: float, phi: float = 0.3) -> np.ndarray:
    e = rng.normal(0, sd * np.sqrt(1 - phi**2), N_WEEKS)
    out = np.empty(N_WEEKS)
    out[0] = rng.normal(0, sd)
    for i in range(1, N_WEEKS):
        out[i] = phi * out[i - 1] + e[i]
    return out


def lag(series: np.ndarray, weeks: int) -> np.ndarray:
    """The value `weeks` weeks earlier (the first value repeats at the start)."""
    return np.concatenate([np.full(weeks, series[0]), series[:-weeks]]) if weeks else series


# ---------------------------------------------------------------------------------
# project files
# ---------------------------------------------------------------------------------


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = yaml.safe_load((root / "cxsite.yml").read_text(encoding="utf-8"))
        journey_path = root / self.config.get("journey", "content/journey.yml")
        self.journey = yaml.safe_load(journey_path.read_text(encoding="utf-8"))
        self.stages = [s["id"] for s in self.journey["stages"]]
        self.touchpoints = {t["id"]: t for t in self.journey["touchpoints"]}
        self.metrics = {m["id"]: m for m in self.journey["metrics"]}
        sources = self.config["sources"]
        self.kpi_code = self._invert(sources["kpis"]["recode"]["metric"])
        self.area_label = self._invert(sources["tickets"]["recode"]["touchpoint"])
        questions: dict[str, list[str]] = {}
        for text, metric in sources["survey"]["recode"]["metric"].items():
            questions.setdefault(metric, []).append(text)
        self.question_new: dict[str, str] = {}
        self.question_old: dict[str, str] = {}
        for metric, texts in questions.items():
            old = OLD_WORDING.get(metric)
            new = [t for t in texts if t != old]
            if len(new) != 1 or (old is not None and old not in texts):
                sys.exit(f"cxsite.yml: expected one current question text for {metric}: {texts}")
            self.question_new[metric] = new[0]
            self.question_old[metric] = old or new[0]
        for m in self.metrics.values():
            if "behaviour" in m:
                continue  # counted by cxsite from the contacts the book writes
            source = m.get("source") or (
                "responses"
                if m["kind"] == "survey" or m["aggregate"] in ("nps", "csat", "ces", "rate")
                else "observations"
            )
            table = self.question_new if source == "responses" else self.kpi_code
            if m["id"] not in table:
                sys.exit(f"cxsite.yml has no export label for metric {m['id']}")
        for tp in self.touchpoints:
            if tp not in self.area_label:
                sys.exit(f"cxsite.yml has no ticket area for touchpoint {tp}")

    @staticmethod
    def _invert(mapping: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for label, ident in mapping.items():
            out.setdefault(str(ident), str(label))
        return out

    def owner_name(self, tp: str) -> str:
        return self.touchpoints[tp]["owner"].split(",")[0].strip()

    def metrics_of(self, tp: str, kind: str) -> list[dict]:
        return [
            m for m in self.journey["metrics"] if m.get("touchpoint") == tp and m["kind"] == kind
        ]


# ---------------------------------------------------------------------------------
# weekly process metrics and flows (the "truth" the surveys react to)
# ---------------------------------------------------------------------------------

# metric: (base, noise sd, decimals, low clip, high clip)
PROCESS_BASE = {
    "compare-top5": (30.5, 2.0, 1, 0, 100),
    "quote-time": (88.0, 5.0, 0, 20, None),
    "sales-answer-time": (31.0, 4.0, 0, 5, None),
    "product-info-bounce": (45.0, 1.4, 1, 0, 100),
    "checkout-completion": (65.5, 1.6, 1, 0, 100),
    "sales-handle-time": (15.2, 0.5, 1, 5, None),
    "dd-setup-fail": (2.3, 0.22, 2, 0, 100),
    "docs-on-time": (97.9, 0.45, 1, 0, 100),
    "account-activation": (50.0, 1.8, 1, 0, 100),
    "proof-check-days": (3.4, 0.35, 1, 0.5, None),
    "welcome-call-reach": (61.0, 2.6, 1, 0, 100),
    "app-crash-rate": (2.4, 0.10, 2, 0.05, 100),
    "dd-fail-rate": (3.1, 0.18, 2, 0, 100),
    "mta-online-share": (42.0, 1.4, 1, 0, 100),
    "arrears-letter-on-time": (98.9, 0.35, 1, 0, 100),
    "web-availability": (99.96, 0.02, 2, 0, 100),
    "help-answer-time": (72.0, 6.0, 0, 10, None),
    "help-fcr": (72.5, 1.6, 1, 0, 100),
    "chat-wait": (48.0, 5.0, 0, 5, None),
    "email-reply-hours": (26.0, 2.2, 1, 1, None),
    "help-self-serve": (62.0, 1.4, 1, 0, 100),
    "complaint-8wk": (94.0, 2.0, 1, 0, 100),
    "fnol-time": (13.2, 0.6, 1, 3, None),
    "assessor-visit-days": (5.2, 0.45, 1, 1, None),
    "claim-update-on-time": (82.0, 1.8, 1, 0, 100),
    "repair-cycle-days": (11.8, 0.8, 1, 2, None),
    "hire-car-24h": (86.0, 3.0, 1, 0, 100),
    "claim-settle-days": (23.0, 0.9, 1, 2, None),
    "renewal-price-change": (6.6, 0.45, 1, -20, None),
    "renewal-notice-on-time": (99.72, 0.12, 2, 0, 100),
    "retention-save-rate": (43.0, 2.0, 1, 0, 100),
    "auto-renew-fail": (1.6, 0.17, 2, 0, 100),
    "cancel-handle-time": (9.4, 0.5, 1, 1, None),
}

FLOW_BASE = {  # weekly customers, all regions
    "flow-shop": 42000,
    "flow-buy": 3100,
    "flow-onboard": 3000,
    "flow-use-and-pay": 21000,
    "flow-get-help": 9500,
    "flow-claim": 1150,
    "flow-renew": 4600,
}

STORM = between(56, 69)  # storm season, winter 2025/26
# claims volume: a milder winter in year one, the storms in year two
CLAIM_FACTOR = (
    1
    + 0.12 * np.clip(winter(), 0, None)
    + 0.45 * STORM * np.sin(np.pi * np.clip((WEEK - 55) / 15, 0, 1)) ** 0.5
)


def process_series(rng: np.random.Generator) -> dict[str, np.ndarray]:
    w = winter()
    t = (WEEK - 1) / (N_WEEKS - 1)
    s: dict[str, np.ndarray] = {}
    for metric, (base, sd, _dec, lo, hi) in PROCESS_BASE.items():
        noise = ar_noise(rng, sd)
        v = np.full(N_WEEKS, base, dtype=float)
        if metric == "quote-time":
            v += -6 * t
        elif metric == "sales-answer-time":
            v += 6 * np.clip(w, 0, None)
        elif metric == "product-info-bounce":
            v += -4.5 * ramp(44, 48)
        elif metric == "checkout-completion":
            v += 3 * t
        elif metric == "docs-on-time":
            v += -6.5 * between(33, 33)  # email gateway outage
        elif metric == "account-activation":
            v += 10 * t
        elif metric == "app-crash-rate":
            # release steps: 2.4 -> 1.9 -> 1.2 -> 0.65; noise proportional to level
            level = np.array([2.4, 1.9, 1.2, 0.65])[steps([30, 52, 78]).astype(int)]
            v = level * (1 + noise / base * 2.0)
            noise = np.zeros(N_WEEKS)
        elif metric == "dd-fail-rate":
            v += 0.4 * np.clip(w, 0, None)
        elif metric == "mta-online-share":
            v += 12 * t
        elif metric == "web-availability":
            outages = rng.random(N_WEEKS) < 0.08
            v = np.minimum(99.99, base + np.abs(noise)) - outages * rng.uniform(0.1, 0.9, N_WEEKS)
            noise = np.zeros(N_WEEKS)
        elif metric == "help-answer-time":
            v += 53 * STORM  # the sustained shift
        elif metric == "help-fcr":
            v += -3.5 * STORM
        elif metric == "email-reply-hours":
            v += -5 * ramp(80, 84)
        elif metric == "help-self-serve":
            v += 6 * t
        elif metric == "complaint-8wk":
            v += -5 * between(50, 72)
        elif metric == "fnol-time":
            v += -1.6 * ramp(58, 62) + 1.2 * STORM
        elif metric == "assessor-visit-days":
            v += 0.6 * np.clip(w, 0, None) + 2.6 * STORM
        elif metric == "claim-update-on-time":
            v += -4 * STORM + 9 * ramp(70, 80)
        elif metric == "repair-cycle-days":
            v += 1.5 * STORM + 0.5 * np.clip(w, 0, None)
        elif metric == "claim-settle-days":
            # storms push it up; the fast-track process from week 70 brings it down hard
            v += 1.8 * STORM - 11.5 * ramp(69, 72)
        elif metric == "renewal-price-change":
            v += 0.8 * t + 8.2 * ramp(89, 101)
        elif metric == "retention-save-rate":
            v += -5 * ramp(92, 100)
        v = v + noise
        v = np.clip(v, lo if lo is not None else -np.inf, hi if hi is not None else np.inf)
        s[metric] = v
    return s


def flow_series(rng: np.random.Generator) -> dict[str, np.ndarray]:
    w = winter()
    t = (WEEK - 1) / (N_WEEKS - 1)
    doy = np.array([d.timetuple().tm_yday for d in WEEK_ENDS])
    plates = np.exp(-(((doy - 80) / 14) ** 2)) + np.exp(-(((doy - 250) / 14) ** 2))
    christmas = np.array([1.0 if d.month == 12 and 22 <= d.day <= 31 else 0.0 for d in WEEK_ENDS])
    out = {}
    for metric, base in FLOW_BASE.items():
        f = np.ones(N_WEEKS) * (1 + 0.06 * t)
        if metric in ("flow-shop", "flow-buy", "flow-onboard"):
            f *= 1 + 0.10 * np.clip(w, 0, None) + 0.12 * plates - 0.35 * christmas
        elif metric == "flow-get-help":
            f *= 1 + 0.08 * np.clip(w, 0, None) + 0.22 * STORM - 0.3 * christmas
        elif metric == "flow-claim":
            f *= CLAIM_FACTOR
        elif metric == "flow-renew":
            f *= 1 + 0.08 * np.clip(w, 0, None)
        elif metric == "flow-use-and-pay":
            f *= 1 - 0.1 * christmas
        out[metric] = base * f * (1 + rng.normal(0, 0.035, N_WEEKS))
    return out


# ---------------------------------------------------------------------------------
# survey levels: weekly chance of a top-two-box answer (csat), mean (ces) or yes (rate)
# ---------------------------------------------------------------------------------

SURVEY_BASE = {
    "compare-csat": 0.74,
    "quote-csat": 0.82,
    "quote-phone-csat": 0.84,
    "broker-csat": 0.79,
    "product-info-ces": 5.3,
    "buy-online-csat": 0.88,
    "buy-phone-csat": 0.86,
    "payment-setup-ces": 5.9,
    "welcome-pack-csat": 0.83,
    "account-setup-csat": 0.73,
    "proof-upload-csat": 0.70,
    "welcome-call-csat": 0.87,
    "app-csat": 0.55,
    "pay-monthly-csat": 0.86,
    "policy-change-ces": 5.0,
    "missed-payment-csat": 0.61,
    "account-online-csat": 0.78,
    "help-phone-csat": 0.81,
    "help-phone-resolved": 0.76,
    "help-chat-csat": 0.83,
    "help-email-csat": 0.70,
    "help-centre-ces": 5.0,
    "complaint-csat": 0.50,
    "claim-report-csat": 0.86,
    "claim-assess-csat": 0.80,
    "claim-handler-csat": 0.68,
    "claim-kept-informed": 0.66,
    "claim-repair-csat": 0.81,
    "courtesy-car-csat": 0.79,
    "claim-settle-csat": 0.52,
    "renewal-csat": 0.77,
    "renewal-call-csat": 0.74,
    "auto-renew-csat": 0.87,
    "cancel-ces": 5.1,
}

# mean weekly transactional responses per touchpoint (None: 1-6 a week)
VOLUME = {
    "compare-site": 10, "quote-web": 22, "quote-phone": 10, "quote-broker": 10,
    "product-info": 10, "buy-online": 18, "buy-phone": 10, "payment-setup": 10,
    "welcome-pack": 13, "account-setup": 10, "proof-upload": 10, "welcome-call": 10,
    "app": 20, "pay-monthly": 10, "policy-change": 11, "missed-payment": 10,
    "account-online": 11, "help-phone": 22, "help-chat": 12, "help-email": 10,
    "help-centre": 10, "complaint": None, "claim-report": 13, "claim-assess": 10,
    "claim-handler": 14, "claim-repair": 10, "courtesy-car": None, "claim-settle": 16,
    "renewal-notice": 20, "renewal-call": 10, "auto-renew": 10, "cancel": 10,
}  # fmt: skip
LOW_VOLUME_P = {
    "complaint": [0.04, 0.08, 0.14, 0.19, 0.27, 0.28],
    "courtesy-car": [0.08, 0.14, 0.20, 0.22, 0.19, 0.17],
}
MOTOR_SHARE = {"proof-upload": 1.0, "courtesy-car": 1.0, "claim-repair": 0.6, "claim-assess": 0.3}
RELATIONSHIP_PER_WEEK = 29.5


def survey_levels(rng: np.random.Generator, proc: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    t = (WEEK - 1) / (N_WEEKS - 1)
    out: dict[str, np.ndarray] = {}
    for metric, base in SURVEY_BASE.items():
        is_mean = base > 1
        drift = ar_noise(rng, 0.06 if is_mean else 0.012, phi=0.85)
        v = np.full(N_WEEKS, base) + drift
        if metric == "claim-settle-csat":
            # customers judge the settlement they got: days of four weeks earlier
            v = 0.52 + (23.0 - lag(proc["claim-settle-days"], 4)) * 0.027 + drift
        elif metric in ("claim-handler-csat", "claim-kept-informed"):
            v += (lag(proc["claim-update-on-time"], 2) - 82.0) * 0.016
        elif metric == "app-csat":
            v = 0.86 - (lag(proc["app-crash-rate"], 2) - 0.6) * 0.165 + drift
        elif metric == "renewal-csat":
            v += -(lag(proc["renewal-price-change"], 2) - 6.6) * 0.045
        elif metric == "renewal-call-csat":
            v += -(lag(proc["renewal-price-change"], 2) - 6.6) * 0.013
        elif metric in ("help-phone-csat", "help-phone-resolved"):
            v += -np.clip(proc["help-answer-time"] - 75, 0, None) * 0.0026
        elif metric == "help-email-csat":
            v += 0.06 * ramp(80, 86)
        elif metric == "policy-change-ces":
            v += 0.55 * t
        elif metric == "account-setup-csat":
            v += 0.05 * t
        elif metric == "claim-assess-csat":
            v += -0.08 * STORM
        elif metric == "complaint-csat":
            v += -0.06 * between(50, 72)
        lo, hi = (1.5, 6.6) if is_mean else (0.05, 0.97)
        out[metric] = np.clip(v, lo, hi)
    return out


def relationship_means(proc: dict[str, np.ndarray], levels: dict[str, np.ndarray]) -> dict:
    """Weekly mean of each driver's latent score (1-10)."""
    return {
        "rel-price": 6.9 - 0.13 * (lag(proc["renewal-price-change"], 2) - 6.6),
        "rel-ease": np.full(N_WEEKS, 7.2),
        "rel-claims": 6.1 + 0.105 * (23.0 - lag(proc["claim-settle-days"], 4)),
        "rel-communication": np.full(N_WEEKS, 7.0),
        "rel-app": 5.7 + 2.4 * (levels["app-csat"] - 0.55) / 0.3,
        "rel-staff": 7.9 - 0.004 * np.clip(proc["help-answer-time"] - 75, 0, None),
        "rel-trust": np.full(N_WEEKS, 7.4),
    }


# NPS = intercept + sum(weight * driver) + noise: claims matters most, price next
DRIVER_WEIGHT = {
    "rel-claims": 0.52,
    "rel-price": 0.28,
    "rel-trust": 0.10,
    "rel-staff": 0.08,
    "rel-communication": 0.06,
    "rel-ease": 0.05,
    "rel-app": 0.04,
}
DRIVER_TOUCHPOINTS = {
    "rel-price": ["renewal-notice", "renewal-call"],
    "rel-ease": ["account-online", "policy-change", "help-phone"],
    "rel-claims": ["claim-handler", "claim-settle", "claim-repair"],
    "rel-communication": ["welcome-pack", "help-email", "claim-handler"],
    "rel-app": ["app", "account-online"],
    "rel-staff": ["help-phone", "help-chat", "renewal-call"],
    "rel-trust": ["claim-settle", "complaint", "claim-report"],
}


# ---------------------------------------------------------------------------------
# customer comments
# ---------------------------------------------------------------------------------

TOPICS: dict[str, dict[str, list[str]]] = {
    "compare-site": {
        "pos": [
            "Your price on the comparison site was exactly what I paid, no surprises.",
            "Came up top on the comparison site and the cover looked better than the others.",
            "The price I saw on the comparison site matched at checkout, {price} for the year.",
            "The comparison site summary was clear about the excess.",
            "Clicked through from the comparison site and all my answers were already filled in.",
        ],
        "neg": [
            "The price on the comparison site was {rise} lower than what you actually charged me.",
            "The comparison site said courtesy car included. It isn't.",
            "Clicked through from the comparison site and had to type everything in again.",
            "Comparison site listing said £100 excess, turned out to be £350.",
            "Cheap on the comparison site, dearer the moment I clicked through. Classic bait and switch.",
        ],
    },
    "quote-web": {
        "pos": [
            "Got a quote online in about {n} minutes, really straightforward.",
            "The online quote was quick and the price was {price}, cheaper than my renewal elsewhere.",
            "[motor] Loved that it found my car from the reg number.",
            "The quote form was simple and explained each question.",
            "Quick quote, clear price, no pushy upsell.",
            "Quote took less time than making a cup of tea.",
        ],
        "neg": [
            "The quote form timed out twice and I had to start again.",
            "Why do you need my occupation three different ways?",
            "Price jumped by {rise} on the last page for no reason.",
            "The address lookup couldn't find my house. New build apparently doesn't exist.",
            "Spent {mins} minutes on the online quote and then got 'please call us'.",
            "The quote page kept freezing on my phone.",
        ],
    },
    "quote-phone": {
        "pos": [
            "{name} on the sales line was lovely and found me a better price.",
            "Rang for a quote and was answered within a minute.",
            "The adviser explained the difference between the cover levels properly.",
            "Quote over the phone took ten minutes, very easy.",
        ],
        "neg": [
            "Waited {mins} minutes to speak to someone about a quote.",
            "The adviser tried to sell me every add-on going.",
            "Got a different price on the phone than online. Which is it?",
            "Was promised a call back with the quote, it never came.",
        ],
    },
    "quote-broker": {
        "pos": [
            "My broker got me Harbour Mutual cover at a good price.",
            "Broker sorted it all in one call, very happy.",
            "The broker explained your policy well and it was competitive.",
        ],
        "neg": [
            "The broker quote took three days to come back.",
            "The broker's quote was {rise} more than buying direct, felt daft.",
            "Nobody could tell me whether to call you or the broker.",
        ],
    },
    "product-info": {
        "pos": [
            "The cover comparison table made it easy to choose.",
            "Policy summary was in plain English for once.",
            "Really clear what is and isn't covered.",
            "The key facts page answered my question about the excess.",
        ],
        "neg": [
            "[home] Impossible to find out if my bike is covered away from home.",
            "The policy wording is 60 pages of jargon.",
            "The website says one thing about accidental damage, the document says another.",
            "Couldn't work out the difference between Essential and Plus cover.",
        ],
    },
    "buy-online": {
        "pos": [
            "Bought online in a few minutes, painless.",
            "Checkout was smooth and the documents arrived straight away.",
            "Easy to add breakdown cover at the checkout.",
            "Paid and done in five minutes.",
        ],
        "neg": [
            "The payment page kept rejecting my card.",
            "Checkout crashed after I paid and I didn't know if I was covered.",
            "Ticked no to legal cover and it still added it.",
            "The price went up by {rise} between the quote and the checkout.",
            "Got charged twice at the checkout.",
        ],
    },
    "buy-phone": {
        "pos": [
            "{name} took me through everything and set the policy up there and then.",
            "Really patient adviser, read everything back to me.",
            "Bought over the phone, quick and friendly.",
        ],
        "neg": [
            "The call took {mins} minutes, mostly scripts being read at me.",
            "The adviser got my date of birth wrong and now the policy is wrong.",
            "Felt rushed into buying the extras.",
            "Was told my no-claims would be applied. It wasn't.",
        ],
    },
    "payment-setup": {
        "pos": [
            "Direct Debit set up in two minutes.",
            "Easy to choose the payment date that suits me.",
            "Paid in full by card, no problems at all.",
        ],
        "neg": [
            "Direct Debit setup failed three times.",
            "You took the first payment on the wrong date.",
            "The bank details page wouldn't accept my sort code.",
            "No way to pay monthly without a credit check, really?",
        ],
    },
    "welcome-pack": {
        "pos": [
            "Documents arrived by email within minutes.",
            "Everything I needed in one clear email.",
            "Certificate and schedule came straight away, very efficient.",
            "Nice clear summary of my cover on the first page.",
        ],
        "neg": [
            "Still haven't received my certificate after {days} days.",
            "The documents have the wrong address on them.",
            "The email with my documents went to spam and there was no other way to get them.",
            "Asked for paper documents and got nothing.",
            "[motor] My schedule shows the wrong car: {car} instead of my {car2}.",
        ],
    },
    "account-setup": {
        "pos": [
            "Activation code worked first time, account set up in minutes.",
            "Easy to set up the account and the app together.",
            "Logged in straight away and could see my documents.",
        ],
        "neg": [
            "The activation code expired before the email even arrived.",
            "Account setup keeps saying my details don't match.",
            "Locked out after two attempts and had to phone to get unlocked.",
            "The password rules are ridiculous.",
        ],
    },
    "proof-upload": {
        "pos": [
            "Uploaded my no-claims proof from my phone and it was checked the next day.",
            "Easy to send the no-claims letter, confirmation came quickly.",
            "Photo of my no-claims letter was accepted first time.",
        ],
        "neg": [
            "Uploaded my no-claims proof three times and you keep saying you haven't got it.",
            "Threatened to cancel my policy over proof I sent {days} days ago.",
            "The upload page only takes PDFs. Who has a PDF of a letter?",
            "Nobody told me whether the proof had been accepted.",
        ],
    },
    "welcome-call": {
        "pos": [
            "Nice welcome call to check my cover was right.",
            "{name} rang to check everything was OK, good touch.",
            "[motor] The welcome call spotted my commuting was wrong, saved me trouble later.",
        ],
        "neg": [
            "The welcome call came at 8pm on a Sunday. Not welcome.",
            "Three missed calls from a withheld number, turned out to be you.",
            "The welcome call was just a sales pitch.",
        ],
    },
    "app": {
        "pos": [
            "The app is brilliant, everything in one place.",
            "Paid my bill in the app in seconds.",
            "The latest app update is much faster, no more crashes.",
            "Could see my policy and start a claim in the app, really handy.",
            "The new app is miles better than the old one.",
            "Face ID login is a nice touch.",
        ],
        "neg": [
            "The app crashes every time I open my documents.",
            "The app logs me out every five minutes.",
            "Tried to pay in the app, it crashed, and then I got a late payment letter.",
            "The app won't even open since the last update.",
            "The app just shows a spinning wheel.",
            "Can't see my motor policy in the app, only the home one.",
        ],
    },
    "pay-monthly": {
        "pos": [
            "Monthly payments come out like clockwork.",
            "Easy to change my payment date online.",
            "The reminder before the payment was helpful.",
        ],
        "neg": [
            "You took two payments this month.",
            "Payment taken {days} days early with no warning.",
            "Paying monthly costs {rise} more than paying annually. That's a lot of interest.",
            "The Direct Debit amount changed without any letter.",
        ],
    },
    "policy-change": {
        "pos": [
            "[motor] Changed my car online in five minutes, new certificate straight away.",
            "[motor] Adding my son as a named driver was easy.",
            "Updated my address without having to phone. Great.",
        ],
        "neg": [
            "Charged a {fee} admin fee to change my address, ridiculous.",
            "[motor] The online form wouldn't let me change my car, so I phoned and waited {mins} minutes.",
            "[motor] Changed my car three weeks ago and the certificate still shows the old one.",
            "[motor] Adding a named driver shouldn't take four phone calls.",
        ],
    },
    "missed-payment": {
        "pos": [
            "Missed a payment and the team were understanding and set up a plan.",
            "The text about the missed payment gave me time to sort it.",
            "No judgement, they just helped me get back on track.",
        ],
        "neg": [
            "One missed payment and you threatened to cancel my insurance.",
            "Charged a fee for a payment that failed because of your own error.",
            "The letter about the missed payment arrived after I'd already paid.",
            "Three calls a day about one missed payment.",
        ],
    },
    "account-online": {
        "pos": [
            "My Account is easy to use, found my documents quickly.",
            "Can download my certificate any time, great.",
            "The website is clear and quick.",
        ],
        "neg": [
            "My Account has been down all evening.",
            "Can't download my documents, just get an error.",
            "The website says my policy is cancelled. It isn't!",
            "The website logs me out every time I try to update something.",
        ],
    },
    "help-phone": {
        "pos": [
            "{name} sorted my query in one call, brilliant.",
            "Got through in under a minute and the adviser was really helpful.",
            "Friendly, knew what she was talking about, done in five minutes.",
            "Such a helpful adviser, explained everything clearly.",
        ],
        "neg": [
            "On hold for {mins} minutes!",
            "Waited {mins} minutes and then got cut off.",
            "Passed between three departments and still no answer.",
            "The adviser promised a call back that never came.",
            "Press 1, press 3, press 2, then 'our lines are busy'.",
            "Had to explain my problem four times to four different people.",
        ],
    },
    "help-chat": {
        "pos": [
            "Web chat answered in a couple of minutes and sorted it.",
            "The chat was quick and the adviser knew the answer.",
            "Much easier than phoning, the chat sorted it.",
        ],
        "neg": [
            "The chat bot couldn't understand anything I typed.",
            "Waited {mins} minutes in the chat queue and then it closed.",
            "The chat adviser just told me to phone.",
            "The chat kept disconnecting.",
        ],
    },
    "help-email": {
        "pos": [
            "Got a clear reply to my email the same day.",
            "The email answer was thorough and friendly.",
            "The reply came within a day and answered everything.",
        ],
        "neg": [
            "Emailed {days} days ago and still no reply.",
            "Got an automated reply and then nothing.",
            "The reply didn't answer my question at all.",
            "Sent the same email three times.",
        ],
    },
    "help-centre": {
        "pos": [
            "Found the answer in the help centre in seconds.",
            "The help articles are clear and saved me a phone call.",
            "Good search, found exactly what I needed.",
        ],
        "neg": [
            "The help centre just sends you round in circles.",
            "Searched for windscreen and got nothing useful.",
            "The FAQs are out of date.",
            "Every help article ends with 'please call us'.",
        ],
    },
    "complaint": {
        "pos": [
            "My complaint was taken seriously and resolved fairly.",
            "{name} from customer relations called me and put it right.",
            "Got an apology and compensation, thank you.",
        ],
        "neg": [
            "Complaint acknowledged and then nothing for {weeks} weeks.",
            "The final response letter just repeated your policy wording.",
            "Nobody has ever explained why my complaint was rejected.",
            "I've had to complain about the complaints process. Says it all.",
        ],
    },
    "claim-report": {
        "pos": [
            "Reported my claim online in ten minutes.",
            "Reporting the {damage} was quick and the person was so kind.",
            "The claims line answered quickly and they arranged everything.",
            "Very reassuring call when I reported the {damage}.",
        ],
        "neg": [
            "Took {mins} minutes to report a simple claim.",
            "Had to give the same details three times when reporting the {damage}.",
            "The online claim form crashed halfway through.",
            "Nobody told me what happens next after I reported it.",
        ],
    },
    "claim-assess": {
        "pos": [
            "The assessor came within a few days and was very thorough.",
            "[home] The loss adjuster was kind and explained what happens next.",
            "[motor] The engineer looked at the car the day after I reported it.",
        ],
        "neg": [
            "Waited {days} days for the assessor to come out.",
            "The assessor turned up on the wrong day.",
            "[home] The loss adjuster treated me like I was making it up.",
            "The assessor spent five minutes looking and left.",
        ],
    },
    "claim-handler": {
        "pos": [
            "My handler {name} kept me updated every step of the way.",
            "Having one named handler made all the difference.",
            "{name} called back when promised and explained everything.",
            "My claims handler was brilliant and really cared.",
        ],
        "neg": [
            "I've had {n} different handlers and nobody knows my claim.",
            "No update for {weeks} weeks, I have to chase every single time.",
            "My handler never returns calls.",
            "Every time I call I get someone new who has to read the notes.",
            "My handler went on holiday and nobody picked up my claim.",
        ],
    },
    "claim-repair": {
        "pos": [
            "[motor] The garage did a great job, the car looks brand new.",
            "[home] The builders fixed the {home_damage} quickly and tidied up after.",
            "Repair was done in a week and they kept me posted.",
        ],
        "neg": [
            "[motor] The car has been at the garage for {weeks} weeks waiting for parts.",
            "[motor] The repair was so poor I had to take it back twice.",
            "[home] The contractor didn't turn up. Twice.",
            "[home] Still not fixed {weeks} weeks after the {home_damage}.",
        ],
    },
    "courtesy-car": {
        "pos": [
            "Courtesy car delivered the same day, a real help.",
            "The hire car was waiting at the garage, no fuss.",
        ],
        "neg": [
            "No courtesy car for {days} days, couldn't get to work.",
            "The courtesy car was a tiny hatchback for a family of five.",
            "Was told I'd get a hire car, then told my cover doesn't include it.",
        ],
    },
    "claim-settle": {
        "pos": [
            "Claim settled and paid within a week, amazing.",
            "Payment for the {damage} came through really quickly.",
            "Fair settlement, no haggling, money in my account in days.",
            "Settled faster than I expected, thank you.",
        ],
        "neg": [
            "{weeks} weeks and my claim still isn't settled.",
            "The settlement offer was insulting, {rise} less than the repair quote.",
            "Claim settled but the payment never arrived.",
            "Waiting {days} days for a payout after the {damage}.",
            "You took my premiums for years and then fought me over a simple claim.",
        ],
    },
    "renewal-notice": {
        "pos": [
            "The renewal letter clearly showed last year's price and this year's.",
            "Renewal price went up a little but the letter explained why.",
            "Good to get the renewal notice weeks in advance.",
            "Price held the same at renewal, pleasantly surprised.",
        ],
        "neg": [
            "Renewal price up {pct}% with no claims, absolute joke.",
            "My premium went up {rise}, and new customers get it cheaper.",
            "No explanation at all for the renewal price increase.",
            "Renewal went from {price} to way more than I can afford.",
            "The loyalty penalty is alive and well at Harbour Mutual.",
            "A {pct}% increase for the same car, same address, no claims. Explain that.",
        ],
    },
    "renewal-call": {
        "pos": [
            "Rang about the renewal and {name} got the price down.",
            "The adviser found a cheaper cover level that suited me.",
            "Easy call, they matched a competitor quote.",
        ],
        "neg": [
            "Had to ring and argue to get a fair renewal price.",
            "The adviser wouldn't budge on the renewal price.",
            "Why should I have to phone every year to get a decent price?",
            "Waited {mins} minutes to talk about my renewal.",
        ],
    },
    "auto-renew": {
        "pos": [
            "Auto-renewal was seamless, nothing to do.",
            "Renewed automatically and I got a reminder first, perfect.",
        ],
        "neg": [
            "You auto-renewed my policy after I told you I was leaving.",
            "Auto-renewal took the full year's payment without warning.",
            "Didn't get any notice before it renewed.",
        ],
    },
    "cancel": {
        "pos": [
            "Cancelling was straightforward and the refund came quickly.",
            "No hard sell when I cancelled, appreciated.",
        ],
        "neg": [
            "Had to phone to cancel, there's no way to do it online.",
            "Charged a cancellation fee nobody mentioned.",
            "Cancelled {weeks} weeks ago and still waiting for my refund.",
            "Spent {mins} minutes being talked out of cancelling.",
        ],
    },
}

OPEN_POS = [
    "Honestly, ",
    "Have to say, ",
    "Really impressed. ",
    "Five stars from me. ",
    "Credit where it's due: ",
    "Pleasantly surprised. ",
    "Great service. ",
    "Wow. ",
]
OPEN_NEG = [
    "Absolutely shocking. ",
    "Not happy. ",
    "Where do I start? ",
    "Really disappointed. ",
    "Unbelievable. ",
    "Fuming. ",
    "Terrible. ",
    "Not good enough. ",
]
SARCASM = [
    "Great, just great. ",
    "Well done Harbour Mutual, you've outdone yourselves. ",
    "Oh brilliant. ",
    "Thanks for nothing. ",
    "Love being a loyal customer. ",
    "Another triumph of customer service. ",
]
CLOSE_POS = [
    " Thank you!",
    " Would recommend.",
    " Keep it up.",
    " Will be staying with you.",
    " Made a stressful week easier.",
    " Thanks {name}!",
    " Top marks.",
    " Cheers!",
]
CLOSE_NEG = [
    " Sort it out.",
    " Will be moving my policies at renewal.",
    " Never again.",
    " I expect a call back.",
    " Is anyone actually reading these?",
    " Very poor for a so-called mutual.",
    " Going to the ombudsman next.",
    " 20 years a customer and this is how I'm treated.",
]
CLOSE_NEU = [
    " Could be better.",
    " Room for improvement.",
    " Fine overall.",
    " Average really.",
    " Nothing special.",
    " Not bad, not great.",
]
NEU_TAIL = [
    ", but I had to chase once.",
    ", but it took longer than I expected.",
    ", but the paperwork was confusing.",
    ", but nobody explained what happens next.",
    ", but it could have been quicker.",
    ", but I had to call twice.",
    ". Took a while to get there though.",
    ". Bit of a faff along the way though.",
]
CONTEXT = [
    "Customer since {year}.",
    "Been with you {years} years.",
    "First year with Harbour Mutual.",
    "{years} years a customer.",
    "Home and car both with you.",
    "Motor policy holder.",
    "Home insurance customer.",
    "Just switched to you this year.",
    "Long-time customer here.",
]
CONTEXT_NEG = [
    "Writing this on behalf of my mum.",
    "Second time I've had to deal with this.",
    "Third attempt at getting this sorted.",
    "Posting this because nobody answers the phone.",
]
SHORT = {
    "pos": [
        "Quick, easy and no fuss at all.",
        "All good, thank you very much.",
        "Very helpful and friendly staff.",
        "Did exactly what it said it would.",
        "No complaints, it all just worked.",
    ],
    "neg": [
        "Not good enough, really not.",
        "Slow, confusing and frustrating all round.",
        "Still waiting for someone to reply.",
        "Worst experience I've had with an insurer.",
    ],
    "neu": [
        "It was fine, nothing to report.",
        "OK but took longer than it should.",
        "Does the job, nothing more.",
    ],
}
EMOJI = {
    "pos": ["👍", "🙏", "⭐⭐⭐⭐⭐", "😊", "👏", "👌"],
    "neg": ["😡", "🤬", "👎", "😤", "🙄", "😠"],
    "neu": ["🤷", "😐"],
}
NAMES = [
    "Sam",
    "Jodie",
    "Kwame",
    "Aled",
    "Megan",
    "Priti",
    "Callum",
    "Bethan",
    "Ollie",
    "Zara",
    "Ffion",
    "Marcus",
    "Leanne",
    "Tomasz",
    "Grace",
    "Imran",
]
CARS = [
    "Fiesta",
    "Golf",
    "Qashqai",
    "Corsa",
    "Model 3",
    "i10",
    "Yaris",
    "Focus",
    "Octavia",
    "Juke",
    "Polo",
    "Sportage",
]
MOTOR_DAMAGE = [
    "bump on the motorway",
    "cracked windscreen",
    "car park scrape",
    "pothole damage",
    "stolen catalytic converter",
    "hit-and-run outside my house",
    "write-off",
]
HOME_DAMAGE = [
    "burst pipe",
    "storm damage to the roof",
    "leak under the bath",
    "flooded kitchen",
    "collapsed ceiling",
    "fire damage in the kitchen",
    "subsidence cracks",
    "break-in",
    "fence that blew down",
]
THEME = {
    "compare-site": "sales", "quote-web": "sales", "quote-phone": "sales", "quote-broker": "sales",
    "product-info": "sales", "buy-online": "sales", "buy-phone": "sales",
    "payment-setup": "payment", "pay-monthly": "payment", "missed-payment": "payment",
    "auto-renew": "payment", "welcome-pack": "docs", "account-setup": "docs",
    "proof-upload": "docs", "welcome-call": "docs", "app": "app", "account-online": "app",
    "help-centre": "app", "help-phone": "service", "help-chat": "service",
    "help-email": "service", "complaint": "service", "cancel": "service",
    "policy-change": "service", "claim-report": "claim", "claim-assess": "claim",
    "claim-handler": "claim", "claim-repair": "claim", "courtesy-car": "claim",
    "claim-settle": "claim", "renewal-notice": "price", "renewal-call": "price",
}  # fmt: skip

# Comments in Welsh, Polish, Spanish and French, by theme and tone.
FOREIGN: dict[str, dict[str, dict[str, list[str]]]] = {
    "cy": {
        "generic": {
            "pos": [
                "Gwasanaeth ardderchog, diolch yn fawr!",
                "Staff cyfeillgar a chymwynasgar iawn.",
                "Popeth yn hawdd ac yn glir, diolch.",
            ],
            "neg": [
                "Gwasanaeth gwael iawn, dw i ddim yn hapus o gwbl.",
                "Siomedig iawn gyda'r gwasanaeth.",
                "Hoffwn gael gwasanaeth yn Gymraeg, plîs.",
            ],
        },
        "sales": {
            "pos": [
                "Cefais bris da ar-lein mewn ychydig funudau.",
                "Roedd y dyfynbris yn syml ac yn gyflym.",
            ],
            "neg": [
                "Roedd y pris ar-lein yn wahanol i'r pris terfynol.",
                "Aeth y ffurflen ar-lein i lawr ddwywaith.",
            ],
        },
        "payment": {
            "pos": ["Roedd trefnu'r Debyd Uniongyrchol yn hawdd iawn."],
            "neg": [
                "Cymeroch chi ddau daliad y mis yma!",
                "Daeth y taliad allan ar y dyddiad anghywir.",
            ],
        },
        "docs": {
            "pos": ["Cyrhaeddodd y dogfennau yn syth, diolch."],
            "neg": [
                "Dw i dal heb gael fy nhystysgrif.",
                "Mae'r cyfeiriad anghywir ar y dogfennau.",
            ],
        },
        "app": {
            "pos": ["Mae'r ap yn wych ac yn hawdd i'w ddefnyddio."],
            "neg": [
                "Mae'r ap yn chwalu bob tro dw i'n trio talu.",
                "Dydy'r wefan ddim yn gweithio eto.",
            ],
        },
        "service": {
            "pos": [
                "Atebwyd y ffôn yn gyflym a chafodd y broblem ei datrys.",
                "Roedd yr ymgynghorydd yn garedig ac yn amyneddgar.",
            ],
            "neg": ["Dim ateb ar y ffôn am awr.", "Dw i wedi aros wythnos am ateb i fy e-bost."],
        },
        "claim": {
            "pos": [
                "Roedd y broses hawlio yn gyflym iawn, diolch o galon.",
                "Cafodd fy hawliad ei dalu o fewn wythnos.",
            ],
            "neg": [
                "Mae fy hawliad wedi cymryd misoedd, dim newyddion o gwbl.",
                "Does neb yn ateb fy ngalwadau am yr hawliad.",
            ],
        },
        "price": {
            "pos": ["Arhosodd y pris yr un fath eleni, da iawn."],
            "neg": [
                "Mae'r pris wedi codi gormod eleni heb unrhyw esboniad.",
                "Codiad pris o {pct} y cant heb hawliad, gwarthus.",
            ],
        },
    },
    "es": {
        "generic": {
            "pos": ["Excelente atención, muy amables.", "Todo muy fácil y claro, gracias."],
            "neg": [
                "Pésimo servicio, no lo recomiendo.",
                "Muy decepcionado con el trato recibido.",
            ],
        },
        "sales": {
            "pos": [
                "Conseguí un buen precio en pocos minutos.",
                "El presupuesto online fue rápido y sencillo.",
            ],
            "neg": [
                "El precio final no coincidía con el presupuesto.",
                "La web se colgó dos veces mientras pedía el presupuesto.",
            ],
        },
        "payment": {
            "pos": ["Domiciliar el pago fue muy fácil."],
            "neg": [
                "Me han cobrado dos veces este mes.",
                "Me cobraron en una fecha equivocada sin avisar.",
            ],
        },
        "docs": {
            "pos": ["Recibí la documentación al momento."],
            "neg": [
                "Todavía no he recibido el certificado.",
                "La dirección de la póliza está mal.",
            ],
        },
        "app": {
            "pos": ["La aplicación funciona de maravilla."],
            "neg": [
                "La aplicación se cierra cada vez que intento pagar.",
                "La web no funciona, otra vez.",
            ],
        },
        "service": {
            "pos": [
                "Me atendieron enseguida y resolvieron todo.",
                "La persona que me atendió fue muy paciente.",
            ],
            "neg": [
                "Nadie me contesta el teléfono, llevo una semana esperando.",
                "Cuarenta minutos en espera para nada.",
            ],
        },
        "claim": {
            "pos": [
                "El siniestro se resolvió rapidísimo, muchas gracias.",
                "Me pagaron la reparación en una semana.",
            ],
            "neg": [
                "Llevo semanas esperando y nadie me dice nada del siniestro.",
                "El perito tardó casi un mes en venir.",
            ],
        },
        "price": {
            "pos": ["El precio de la renovación se mantuvo, genial."],
            "neg": [
                "El precio de la renovación ha subido muchísimo, es un abuso.",
                "Me suben un {pct}% sin ningún parte, vergonzoso.",
            ],
        },
    },
    "pl": {
        "generic": {
            "pos": ["Bardzo miła i szybka obsługa, polecam!", "Wszystko jasne i proste, dziękuję."],
            "neg": ["Fatalna obsługa, nie polecam.", "Jestem bardzo rozczarowany."],
        },
        "sales": {
            "pos": ["Dostałem dobrą cenę w kilka minut.", "Wycena online była szybka i prosta."],
            "neg": [
                "Cena końcowa była wyższa niż w wycenie.",
                "Formularz wyceny zawiesił się dwa razy.",
            ],
        },
        "payment": {
            "pos": ["Ustawienie polecenia zapłaty było bardzo proste."],
            "neg": [
                "Pobraliście płatność dwa razy w tym miesiącu!",
                "Płatność pobrano w złym terminie bez uprzedzenia.",
            ],
        },
        "docs": {
            "pos": ["Dokumenty przyszły od razu."],
            "neg": ["Nadal nie dostałem certyfikatu.", "W dokumentach jest zły adres."],
        },
        "app": {
            "pos": ["Aplikacja działa świetnie."],
            "neg": ["Aplikacja ciągle się zawiesza przy płatności.", "Strona znowu nie działa."],
        },
        "service": {
            "pos": [
                "Konsultant był bardzo miły i pomocny.",
                "Szybko odebrali telefon i wszystko załatwili.",
            ],
            "neg": [
                "Nikt nie odbiera telefonu, czekam od tygodnia.",
                "Czekałem godzinę na połączenie.",
            ],
        },
        "claim": {
            "pos": [
                "Szkoda załatwiona bardzo szybko, dziękuję!",
                "Odszkodowanie wypłacone w tydzień.",
            ],
            "neg": [
                "Czekam od tygodni na decyzję w sprawie szkody.",
                "Rzeczoznawca przyjechał dopiero po miesiącu.",
            ],
        },
        "price": {
            "pos": ["Cena odnowienia bez zmian, super."],
            "neg": [
                "Cena odnowienia wzrosła o {pct}%, to skandal.",
                "Bez żadnej szkody, a składka poszła mocno w górę.",
            ],
        },
    },
    "fr": {
        "generic": {
            "pos": ["Service excellent, merci beaucoup !", "Tout était simple et clair."],
            "neg": ["Service déplorable, je ne recommande pas.", "Très déçu du service client."],
        },
        "sales": {
            "pos": [
                "J'ai obtenu un bon prix en quelques minutes.",
                "Le devis en ligne était rapide et simple.",
            ],
            "neg": [
                "Le prix final ne correspondait pas au devis.",
                "Le site a planté deux fois pendant le devis.",
            ],
        },
        "payment": {
            "pos": ["Mettre en place le prélèvement a été très facile."],
            "neg": [
                "Vous m'avez prélevé deux fois ce mois-ci !",
                "Prélèvement effectué à la mauvaise date sans prévenir.",
            ],
        },
        "docs": {
            "pos": ["J'ai reçu mes documents tout de suite."],
            "neg": [
                "Je n'ai toujours pas reçu mon attestation.",
                "L'adresse sur le contrat est fausse.",
            ],
        },
        "app": {
            "pos": ["L'application fonctionne très bien."],
            "neg": [
                "L'application plante à chaque fois que je veux payer.",
                "Le site ne marche pas, encore une fois.",
            ],
        },
        "service": {
            "pos": [
                "Conseiller très aimable et efficace.",
                "On m'a répondu rapidement et tout a été réglé.",
            ],
            "neg": [
                "Impossible de joindre quelqu'un au téléphone.",
                "Une heure d'attente pour rien.",
            ],
        },
        "claim": {
            "pos": [
                "Sinistre réglé très rapidement, merci !",
                "Le gestionnaire de sinistre a été très à l'écoute.",
            ],
            "neg": [
                "J'attends depuis des semaines des nouvelles de mon sinistre.",
                "L'expert est venu un mois après.",
            ],
        },
        "price": {
            "pos": ["Le prix du renouvellement n'a pas bougé, parfait."],
            "neg": [
                "Le prix du renouvellement a explosé, inadmissible.",
                "Augmentation de {pct} % sans aucun sinistre, scandaleux.",
            ],
        },
    },
}

EMAIL_FIRST = ["jane", "dave", "sian", "marta", "paul", "kerry", "john", "anna", "gareth", "lucy"]
EMAIL_LAST = ["smith", "jones", "williams", "kowalski", "evans", "garcia", "brown", "martin"]
EMAIL_DOMAIN = ["gmail.com", "hotmail.co.uk", "outlook.com", "btinternet.com", "yahoo.co.uk"]


def pick(rng: np.random.Generator, items: list):
    return items[int(rng.integers(len(items)))]


def lower_first(text: str) -> str:
    keep = ("I ", "I'", "{name}", "My Account", "Direct Debit", "Harbour", "Face ID", "Press")
    if text.startswith(keep) or len(text) < 2 or text[1].isupper():
        return text
    return text[0].lower() + text[1:]


class Commenter:
    """Customer comments from templates and slots; the tone follows the score."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.product = "Home"

    def fragments(self, tp: str, tone: str) -> list[str]:
        """The touchpoint's fragments of one tone that fit the customer's product."""
        own = f"[{self.product.lower()}] "
        out = []
        for text in TOPICS[tp][tone]:
            if text.startswith("["):
                if not text.startswith(own):
                    continue
                text = text[len(own) :]
            out.append(text)
        return out

    def fill(self, text: str) -> str:
        r = self.rng
        car, car2 = r.choice(len(CARS), 2, replace=False)
        values = {
            "price": f"£{int(r.integers(180, 900))}",
            "rise": f"£{int(r.integers(4, 40)) * 10}",
            "pct": str(int(r.integers(18, 65))),
            "mins": str(int(r.choice([20, 25, 30, 35, 40, 45, 50, 55, 60, 75, 90]))),
            "days": str(int(r.integers(3, 30))),
            "weeks": str(int(r.integers(3, 13))),
            "n": str(int(r.integers(3, 7))),
            "name": pick(r, NAMES),
            "car": CARS[int(car)],
            "car2": CARS[int(car2)],
            "damage": pick(r, MOTOR_DAMAGE if self.product == "Motor" else HOME_DAMAGE),
            "home_damage": pick(r, HOME_DAMAGE),
            "fee": pick(r, ["£25", "£30", "£35", "£40"]),
            "year": str(int(r.integers(1998, 2025))),
            "years": str(int(r.integers(2, 26))),
        }
        return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], text)

    def english(self, tp: str, tone: str) -> str:
        r = self.rng
        topic = {t: self.fragments(tp, t) for t in ("pos", "neg")}
        if r.random() < 0.04:
            text = pick(r, SHORT[tone])
        elif tone == "neu":
            u = r.random()
            if u < 0.55:
                text = pick(r, topic["pos"]).rstrip(".!") + pick(r, NEU_TAIL)
            elif u < 0.8:
                text = pick(r, topic["neg"]) + pick(r, CLOSE_NEU)
            else:
                text = pick(r, topic["pos"]) + pick(r, CLOSE_NEU)
        else:
            k = int(r.choice([1, 1, 2, 2, 2, 3]))
            k = min(k, len(topic[tone]))
            idx = r.choice(len(topic[tone]), k, replace=False)
            body = " ".join(topic[tone][int(i)] for i in idx)
            opener = ""
            if tone == "neg" and r.random() < 0.14:
                opener = pick(r, SARCASM)
            elif r.random() < 0.3:
                opener = pick(r, OPEN_POS if tone == "pos" else OPEN_NEG)
            if opener.endswith((": ", ", ")):
                body = lower_first(body)
            text = opener + body
            if r.random() < 0.5:
                text += pick(r, CLOSE_POS if tone == "pos" else CLOSE_NEG)
        if r.random() < 0.3:
            context = CONTEXT + CONTEXT_NEG if tone == "neg" else CONTEXT
            text = pick(r, context) + " " + text
        if len(text.split()) < 5:
            text += pick(r, {"pos": CLOSE_POS, "neg": CLOSE_NEG, "neu": CLOSE_NEU}[tone])
        text = self.fill(text)
        if tone == "neg":
            if r.random() < 0.10:
                text = text.upper()
            if r.random() < 0.2:
                text = re.sub(r"[.!?]?$", "!!!", text, count=1)
        if r.random() < 0.07:
            text = text.lower().rstrip(".")
        return text

    def foreign(self, lang: str, tp: str, tone: str) -> str:
        r = self.rng
        table = FOREIGN[lang]
        theme = table[THEME[tp]]
        if tone == "neu":
            parts = [pick(r, theme[pick(r, ["pos", "neg"])])]
        else:
            parts = [pick(r, theme[tone])]
            if r.random() < 0.5 or len(parts[0].split()) < 5:
                parts.append(pick(r, table["generic"][tone]))
            if r.random() < 0.3:
                parts.reverse()
        return self.fill(" ".join(parts))

    def personal_data(self, tone: str) -> str:
        r = self.rng
        kind = int(r.integers(5))
        if kind == 3 and tone != "neg":
            kind = 0
        if kind == 0:
            return f" Call me on 07700 900{int(r.integers(1000)):03d}."
        if kind == 1:
            return f" You can reach me on +44 20 7946 0{int(r.integers(1000)):03d} after 5pm."
        if kind == 2:
            email = f"{pick(r, EMAIL_FIRST)}.{pick(r, EMAIL_LAST)}{int(r.integers(10, 99))}"
            return f" Please email me at {email}@{pick(r, EMAIL_DOMAIN)}"
        if kind == 3:
            digits = luhn_complete("4" + "".join(str(int(d)) for d in r.integers(0, 10, 14)))
            card = " ".join(digits[i : i + 4] for i in range(0, 16, 4))
            return f" My card {card} was charged twice."
        letter = pick(r, ["H", "M"])
        return f" My policy number is HM{letter}-{int(r.integers(1_000_000, 9_999_999))}."

    def comment(self, tp: str, tone: str, lang: str, product: str) -> str:
        r = self.rng
        self.product = product
        text = self.english(tp, tone) if lang == "en" else self.foreign(lang, tp, tone)
        if r.random() < 0.10:
            text += " " + pick(r, EMOJI[tone])
        if r.random() < 0.012:
            text += self.personal_data(tone)
        return text


def luhn_complete(body: str) -> str:
    """Append the Luhn check digit, as on a real payment card."""
    total = 0
    for pos, ch in enumerate(reversed(body)):
        d = int(ch)
        if pos % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return body + str((10 - total % 10) % 10)


def tone_of(score: float, aggregate: str) -> str:
    if aggregate == "nps":
        return "neg" if score <= 6 else ("neu" if score <= 8 else "pos")
    if aggregate == "ces":
        return "neg" if score <= 3 else ("neu" if score <= 4 else "pos")
    if aggregate == "rate":
        return "pos" if score >= 1 else "neg"
    if aggregate == "mean":  # 1-10 driver
        return "neg" if score <= 5 else ("neu" if score <= 7 else "pos")
    return "neg" if score <= 2 else ("neu" if score <= 3 else "pos")


# ---------------------------------------------------------------------------------
# writers
# ---------------------------------------------------------------------------------


def fmt(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return "0" if decimals == 0 and text == "-0" else text


def write_observations(project: Project, rng: np.random.Generator, proc: dict, flows: dict) -> int:
    rows = []
    for metric, series in list(proc.items()) + list(flows.items()):
        meta = project.metrics[metric]
        code = project.kpi_code[metric]
        decimals = int(meta.get("decimals", 1))
        sd = PROCESS_BASE[metric][1] if metric in PROCESS_BASE else 0
        lo, hi = (
            (PROCESS_BASE[metric][3], PROCESS_BASE[metric][4])
            if metric in PROCESS_BASE
            else (0, None)
        )
        offsets = rng.normal(0, sd * 0.6, len(REGIONS))
        offsets -= offsets @ REGION_SHARE
        for i in range(N_WEEKS):
            if metric == "welcome-call-reach" and WEEK[i] in (6, 58):
                continue  # no welcome calls over Christmas
            noise = rng.normal(0, 1, len(REGIONS))
            for r, region in enumerate(REGIONS):
                if meta["aggregate"] == "sum":
                    value = round(series[i] * REGION_SHARE[r] * (1 + 0.03 * noise[r]))
                elif metric == "web-availability":
                    value = series[i]
                else:
                    value = series[i] + offsets[r] + noise[r] * sd * 0.3
                    value = max(value, lo) if lo is not None else value
                    value = min(value, hi) if hi is not None else value
                rows.append((WEEK_ENDS[i].isoformat(), code, region, fmt(value, decimals)))
    rows.sort()
    path = project.root / "data" / "metric_observations.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["week_ending", "kpi_code", "region", "kpi_value"])
        writer.writerows(rows)
    return len(rows)


def draw_score(rng: np.random.Generator, aggregate: str, level: float) -> int:
    if aggregate == "csat":
        if rng.random() < level:
            return 5 if rng.random() < 0.55 else 4
        return int(rng.choice([3, 2, 1], p=[0.48, 0.24, 0.28]))
    if aggregate == "rate":
        return int(rng.random() < level)
    return int(np.clip(np.rint(rng.normal(level, 1.35)), 1, 7))  # ces


def random_moment(rng: np.random.Generator, week_index: int) -> dt.datetime:
    day = int(rng.choice(7, p=[0.17, 0.16, 0.16, 0.15, 0.14, 0.11, 0.11]))
    hour = int(rng.choice(np.arange(7, 23), p=HOUR_P))
    minute = int(rng.integers(60))
    start = WEEK_STARTS[week_index]
    return dt.datetime(start.year, start.month, start.day, hour, minute) + dt.timedelta(days=day)


HOUR_P = np.array([2, 4, 6, 7, 7, 8, 8, 7, 7, 7, 7, 8, 9, 9, 7, 4], dtype=float)
HOUR_P /= HOUR_P.sum()


def channel_source(rng: np.random.Generator, tp: str) -> str:
    channel = TOUCHPOINT_CHANNEL.get(tp, "web")
    if channel == "app":
        return "App"
    if channel in ("phone", "garage", "visit"):
        return "SMS" if rng.random() < 0.7 else "Email"
    if channel == "web" and rng.random() < 0.35:
        return "Web"
    return "Email"


TOUCHPOINT_CHANNEL: dict[str, str] = {}


def make_survey(
    project: Project, rng: np.random.Generator, levels: dict, proc: dict, commenter: Commenter
) -> tuple[list, int]:
    respondents = []  # (moment, order, rows)
    order = 0
    claim_f = CLAIM_FACTOR
    renew_f = 1 + 0.08 * np.clip(winter(), 0, None)
    help_f = 1 + 0.2 * STORM
    for i in range(N_WEEKS):
        version = "v3" if WEEK[i] >= SURVEY_V3_FROM else "v2"
        for tp in project.touchpoints:
            surveys = project.metrics_of(tp, "survey")
            main = project.metrics[project.touchpoints[tp]["headline"]]
            extra = [m for m in surveys if m["aggregate"] == "rate"]
            if VOLUME[tp] is None:
                n = int(rng.choice(np.arange(1, 7), p=LOW_VOLUME_P[tp]))
            else:
                lam = VOLUME[tp]
                if THEME[tp] == "claim":
                    lam *= claim_f[i]
                elif THEME[tp] == "price":
                    lam *= renew_f[i]
                elif tp.startswith("help-"):
                    lam *= help_f[i]
                n = int(rng.poisson(lam))
            motor = MOTOR_SHARE.get(tp, 0.55)
            for _ in range(n):
                moment = random_moment(rng, i)
                product = "Motor" if rng.random() < motor else "Home"
                lang = LANGS[int(rng.choice(len(LANGS), p=LANG_P))]
                source = channel_source(rng, tp)
                score = draw_score(rng, main["aggregate"], levels[main["id"]][i])
                tone = tone_of(score, main["aggregate"])
                p_comment = {"neg": 0.34, "neu": 0.19, "pos": 0.135}[tone]
                text = (
                    commenter.comment(tp, tone, lang, product) if rng.random() < p_comment else ""
                )
                question = (project.question_new if version == "v3" else project.question_old)[
                    main["id"]
                ]
                rows = [(question, score, text)]
                for m in extra:
                    if rng.random() < 0.85:
                        level = levels[m["id"]][i]
                        # the yes/no answer leans the same way as the main score
                        level = np.clip(level + (0.12 if tone == "pos" else -0.2), 0.02, 0.98)
                        rows.append(
                            (project.question_new[m["id"]], draw_score(rng, "rate", level), "")
                        )
                respondents.append((moment, order, product, lang, source, version, rows))
                order += 1
    # relationship survey
    rel_means = relationship_means(proc, levels)
    drivers = list(DRIVER_WEIGHT)
    weights = np.array([DRIVER_WEIGHT[d] for d in drivers])
    rel_count = 0
    for i in range(N_WEEKS):
        n = int(rng.poisson(RELATIONSHIP_PER_WEEK))
        for _ in range(n):
            moment = random_moment(rng, i)
            product = "Motor" if rng.random() < 0.55 else "Home"
            lang = LANGS[int(rng.choice(len(LANGS), p=LANG_P))]
            general = rng.normal()
            latent = np.array(
                [rel_means[d][i] + 1.5 * (0.55 * general + 0.835 * rng.normal()) for d in drivers]
            )
            y = 0.25 + weights @ latent + rng.normal(0, 1.15)
            nps = int(np.clip(np.rint(y), 0, 10))
            overall = int(np.clip(np.rint(1 + 0.4 * y + rng.normal(0, 0.55)), 1, 5))
            scores = np.clip(np.rint(latent), 1, 10).astype(int)
            tone = tone_of(nps, "nps")
            text = ""
            if rng.random() < {"neg": 0.45, "neu": 0.25, "pos": 0.3}[tone]:
                pick_driver = int(np.argmin(scores) if tone != "pos" else np.argmax(scores))
                tp = pick(rng, DRIVER_TOUCHPOINTS[drivers[pick_driver]])
                text = commenter.comment(tp, tone, lang, product)
            rows = [
                (project.question_new["nps"], nps, text),
                (project.question_new["overall-satisfaction"], overall, ""),
            ]
            rows += [(project.question_new[d], int(s), "") for d, s in zip(drivers, scores)]
            respondents.append((moment, order, product, lang, "Email", "R1", rows))
            order += 1
            rel_count += 1
    respondents.sort(key=lambda r: (r[0], r[1]))
    return respondents, rel_count


def write_survey_file(project: Project, respondents: list, customer_ids: list[str]) -> int:
    path = project.root / "data" / "survey_responses.csv"
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "ResponseID",
                "Submitted",
                "Question",
                "Answer",
                "Verbatim",
                "Product",
                "Lang",
                "Channel Source",
                "Survey Version",
                "CustomerID",
            ]
        )
        for number, (moment, _o, product, lang, source, version, rows) in enumerate(respondents):
            rid = f"R{2_400_001 + number}"
            stamp = moment.strftime("%d/%m/%Y %H:%M")
            customer = customer_ids[number]
            for question, score, text in rows:
                writer.writerow(
                    [rid, stamp, question, score, text, product, lang, source, version, customer]
                )
                count += 1
    return count


# --- issues ----------------------------------------------------------------------

ISSUE_WEIGHT = {
    "compare-site": 1.5, "quote-web": 3, "quote-phone": 1.5, "quote-broker": 1,
    "product-info": 1, "buy-online": 3, "buy-phone": 1.5, "payment-setup": 2,
    "welcome-pack": 4, "account-setup": 3, "proof-upload": 4, "welcome-call": 1,
    "app": 6, "pay-monthly": 5, "policy-change": 4, "missed-payment": 3,
    "account-online": 4, "help-phone": 4, "help-chat": 1.5, "help-email": 3,
    "help-centre": 1, "complaint": 2, "claim-report": 3, "claim-assess": 3,
    "claim-handler": 9, "claim-repair": 6, "courtesy-car": 3, "claim-settle": 8,
    "renewal-notice": 5, "renewal-call": 3, "auto-renew": 3, "cancel": 2,
}  # fmt: skip
CATEGORIES = [
    "Billing error",
    "Delay",
    "Poor communication",
    "App or website bug",
    "Document missing",
    "Claim dispute",
    "Payment failed",
    "Price complaint",
    "Wrong details",
    "Staff conduct",
]
CATEGORY_WEIGHT = {  # by theme, in CATEGORIES order
    "sales":   [1, 1, 2, 3, 0.5, 0, 0.5, 3, 3, 1],
    "payment": [4, 1, 2, 0.5, 0, 0, 4, 0.5, 1, 0.5],
    "docs":    [0, 2, 1, 1, 5, 0, 0, 0, 3, 0.5],
    "app":     [0, 0.5, 1, 6, 1, 0, 1, 0, 0.5, 0],
    "service": [1, 3, 4, 0.5, 0.5, 0, 0.5, 0.5, 1, 2],
    "claim":   [0.5, 5, 3, 0.3, 1, 4, 1, 0, 0.5, 1],
    "price":   [1, 0.5, 2, 0.3, 1, 0, 0.5, 6, 0.5, 0.5],
}  # fmt: skip
NEXT_STEPS = {
    "Billing error": [
        "Refund the overcharge and confirm in writing",
        "Correct premium and reissue schedule",
        "Check payment history with Finance",
    ],
    "Delay": [
        "Chase supplier for a date",
        "Escalate to team leader",
        "Call customer with an update by Friday",
        "Book earliest appointment",
    ],
    "Poor communication": [
        "Call customer to explain next steps",
        "Send written summary of the call",
        "Fix the letter template",
    ],
    "App or website bug": [
        "Raise defect with the app team",
        "Fix due in next release",
        "Ask customer for screenshots",
        "Reproduce on test device",
    ],
    "Document missing": [
        "Re-send documents by email and post",
        "Regenerate certificate",
        "Check the print queue",
    ],
    "Claim dispute": [
        "Review settlement with senior handler",
        "Request independent engineer report",
        "Send reasons in writing",
        "Refer to Customer Relations",
    ],
    "Payment failed": [
        "Set up new Direct Debit",
        "Call customer to take card payment",
        "Check mandate with the bank",
    ],
    "Price complaint": [
        "Pricing review of this renewal",
        "Call customer to explain the price change",
        "Offer a cover options review",
    ],
    "Wrong details": [
        "Correct details and reissue documents",
        "Confirm details with customer",
        "Update record from NCD proof",
    ],
    "Staff conduct": [
        "Listen to the call recording",
        "Team leader to call customer",
        "Feedback to adviser",
    ],
}
PRIORITY_P = np.array([0.03, 0.17, 0.50, 0.30])
PRIORITY_SPEED = np.array([6.0, 2.5, 1.0, 0.6])
LOGGED_VIA = ["Phone", "Email", "Web form", "Social media", "Complaint letter", "Internal"]
LOGGED_P = np.array([0.38, 0.27, 0.15, 0.08, 0.04, 0.08])


def issue_arrivals() -> np.ndarray:
    up = 44 + 0.26 * (WEEK - 1)
    down = 60 - 0.45 * (WEEK - 62)
    return np.where(WEEK <= 62, up, down) + 8 * STORM


def closing_hazard() -> np.ndarray:
    h = np.full(N_WEEKS, 0.30)
    h = np.where(WEEK > 28, 0.30 - 0.20 * ramp(28, 50), h)
    h = np.where(WEEK > 65, 0.10 + 0.32 * ramp(65, 82), h)
    return h


def write_issues(
    project: Project, rng: np.random.Generator, assign_customers: Callable
) -> tuple[int, list[int]]:
    tps = list(project.touchpoints)
    base_w = np.array([ISSUE_WEIGHT[t] for t in tps])
    lam = issue_arrivals()
    hazard = closing_hazard()
    day0 = WEEK_STARTS[0]
    last_day = (LAST_WEEK_END - day0).days
    opened, tp_of, cat_of, prio, via, motor = [], [], [], [], [], []
    for i in range(N_WEEKS):
        w = base_w.copy()
        for j, tp in enumerate(tps):
            if THEME[tp] == "claim":
                w[j] *= CLAIM_FACTOR[i] * (1.25 if WEEK[i] < 72 else 0.85)
            if tp == "renewal-notice" and WEEK[i] >= 92:
                w[j] *= 1 + 2.5 * ramp(92, 100)[i]
            if tp == "app":
                w[j] *= 1.5 - 0.9 * (WEEK[i] - 1) / (N_WEEKS - 1)
            if tp == "help-phone":
                w[j] *= 1 + 1.2 * STORM[i]
        w /= w.sum()
        n = int(rng.poisson(lam[i]))
        for _ in range(n):
            opened.append(i * 7 + int(rng.choice(7, p=[0.2, 0.19, 0.18, 0.17, 0.15, 0.06, 0.05])))
            j = int(rng.choice(len(tps), p=w))
            tp_of.append(tps[j])
            cw = np.array(CATEGORY_WEIGHT[THEME[tps[j]]], dtype=float)
            cat_of.append(CATEGORIES[int(rng.choice(len(CATEGORIES), p=cw / cw.sum()))])
            prio.append(int(rng.choice(4, p=PRIORITY_P)))
            via.append(LOGGED_VIA[int(rng.choice(len(LOGGED_VIA), p=LOGGED_P))])
            motor.append(rng.random() < MOTOR_SHARE.get(tps[j], 0.55))
    opened_a = np.array(opened)
    order = np.argsort(opened_a, kind="stable")
    opened_a = opened_a[order]
    tp_of = [tp_of[k] for k in order]
    cat_of = [cat_of[k] for k in order]
    prio_a = np.array(prio)[order]
    via = [via[k] for k in order]
    motor = [motor[k] for k in order]
    n_issues = len(opened_a)
    closed = np.full(n_issues, -1)
    speed = PRIORITY_SPEED[prio_a]
    backlog = []
    for i in range(N_WEEKS):
        start, end = i * 7, i * 7 + 6
        cand = np.where((opened_a <= end) & (closed < 0))[0]
        if len(cand):
            exposure = (end - np.maximum(opened_a[cand], start) + 1) / 7
            age_weeks = (end - opened_a[cand]) / 7
            rate = hazard[i] * speed[cand] * exposure * (0.6 + 0.4 * np.minimum(age_weeks, 4) / 4)
            done = rng.random(len(cand)) < 1 - np.exp(-rate)
            for k in cand[done]:
                first = max(int(opened_a[k]), start)
                closed[k] = min(first + int(rng.integers(0, end - first + 1)), last_day)
        backlog.append(int(((opened_a <= end) & ((closed < 0) | (closed > end))).sum()))
    customer_ids = assign_customers(opened_a, closed, tp_of, motor)

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Issues"
    header = [
        "Ticket #",
        "Opened",
        "Area",
        "Category",
        "Priority",
        "State",
        "Assigned to",
        "Next step",
        "Closed",
        "Logged via",
        "Policy type",
        "Customer ID",
    ]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for k in range(n_issues):
        open_day = day0 + dt.timedelta(days=int(opened_a[k]))
        is_open = closed[k] < 0
        category = cat_of[k]
        if is_open:
            age = last_day - int(opened_a[k])
            if age < 5:
                state = "Open" if rng.random() < 0.6 else "In progress"
            else:
                state = str(
                    rng.choice(["In progress", "Waiting on customer", "Open"], p=[0.6, 0.3, 0.1])
                )
            step = pick(rng, NEXT_STEPS[category]) if rng.random() < 0.9 else None
            close_day = None
        else:
            state = "Closed" if rng.random() < 0.65 else "Resolved"
            step = None
            close_day = day0 + dt.timedelta(days=int(closed[k]))
        ws.append(
            [
                f"HM-{11_000 + k + 1:06d}",
                open_day,
                project.area_label[tp_of[k]],
                category,
                f"P{prio_a[k] + 1}",
                state,
                project.owner_name(tp_of[k]),
                step,
                close_day,
                via[k],
                "Motor" if motor[k] else "Home",
                customer_ids[k],
            ]
        )
    for row in ws.iter_rows(min_row=2):
        for col in (1, 8):
            if row[col].value is not None:
                row[col].number_format = "dd/mm/yyyy"
    widths = [12, 12, 28, 20, 9, 20, 18, 40, 12, 16, 12, 12]
    for col, width in zip("ABCDEFGHIJKL", widths):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:L{n_issues + 1}"
    stamp = dt.datetime(*FIXED_ZIP_TIME)
    wb.properties.creator = "Harbour Mutual ticketing export"
    wb.properties.lastModifiedBy = "Harbour Mutual ticketing export"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    write_fixed_zip(buffer.getvalue(), project.root / "data" / "issues.xlsx")
    return n_issues, backlog


def write_fixed_zip(data: bytes, path: Path) -> None:
    """Rewrite a zip (xlsx) with fixed timestamps so the bytes do not depend on the clock."""
    fixed = dt.datetime(*FIXED_ZIP_TIME).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    lambda m: m.group(1) + fixed.encode() + m.group(2),
                    content,
                )
            fixed_info = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed_info.compress_type = zipfile.ZIP_DEFLATED
            fixed_info.external_attr = 0o600 << 16
            dst.writestr(fixed_info, content)
    path.write_bytes(out.getvalue())


# --- social comments -------------------------------------------------------------

SOCIAL_WEIGHT = {tp: 1.0 for tp in ISSUE_WEIGHT}
SOCIAL_WEIGHT.update(
    {
        "claim-handler": 4,
        "claim-settle": 4,
        "claim-repair": 2.5,
        "courtesy-car": 1.5,
        "renewal-notice": 3,
        "app": 3,
        "help-phone": 3,
        "pay-monthly": 2,
        "quote-web": 1.5,
        "cancel": 1.5,
        "complaint": 1.5,
    }
)
SOCIAL_SOURCES = ["Trustpilot", "X", "Facebook", "Web complaint form"]
SOCIAL_SOURCE_P = np.array([0.36, 0.30, 0.20, 0.14])
HASHTAGS = [
    "#customerservice",
    "#fail",
    "#insurance",
    "#HarbourMutual",
    "#stillwaiting",
    "#thankyou",
]


def write_social(
    project: Project, rng: np.random.Generator, levels: dict, commenter: Commenter
) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    tps = list(project.touchpoints)
    rows = []
    for i in range(N_WEEKS):
        w = np.array([SOCIAL_WEIGHT[t] for t in tps])
        for j, tp in enumerate(tps):
            if THEME[tp] == "claim":
                w[j] *= CLAIM_FACTOR[i] * (1.6 if WEEK[i] < 74 else 0.8)
            if tp == "renewal-notice":
                w[j] *= 1 + 4 * ramp(92, 100)[i]
            if tp == "app":
                w[j] *= 1.6 - 1.1 * (WEEK[i] - 1) / (N_WEEKS - 1)
            if tp == "help-phone":
                w[j] *= 1 + 2.5 * STORM[i]
        w /= w.sum()
        n = int(rng.poisson(14.4))
        start = dt.datetime.combine(WEEK_STARTS[i], dt.time())
        for _ in range(n):
            tp = tps[int(rng.choice(len(tps), p=w))]
            headline = project.touchpoints[tp]["headline"]
            level = levels[headline][i]
            good = level if level <= 1 else (level - 1) / 6
            u = rng.random()
            tone = "pos" if u < 0.42 * good else ("neu" if u < 0.42 * good + 0.12 else "neg")
            lang = LANGS[int(rng.choice(len(LANGS), p=LANG_P))]
            source = SOCIAL_SOURCES[int(rng.choice(4, p=SOCIAL_SOURCE_P))]
            if source == "Web complaint form" and tone != "neg":
                source = "Facebook"
            product = "Motor" if rng.random() < MOTOR_SHARE.get(tp, 0.55) else "Home"
            text = commenter.comment(tp, tone, lang, product)
            if source == "X":
                if rng.random() < 0.6:
                    text = "@HarbourMutual " + text
                if rng.random() < 0.25:
                    text += " " + pick(rng, HASHTAGS)
            stars = None
            if source == "Trustpilot":
                stars = {
                    "pos": int(rng.choice([4, 5], p=[0.3, 0.7])),
                    "neu": 3,
                    "neg": int(rng.choice([1, 2], p=[0.72, 0.28])),
                }[tone]
            posted = start + dt.timedelta(seconds=int(rng.integers(0, 7 * 86400)))
            rows.append((posted, tp, text, stars, lang, source))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    table = pa.table(
        {
            "posted_at": pa.array([r[0] for r in rows], type=pa.timestamp("s")),
            "area": pa.array([r[1] for r in rows], type=pa.string()),
            "body": pa.array([r[2] for r in rows], type=pa.string()),
            "stars": pa.array([r[3] for r in rows], type=pa.int8()),
            "lang": pa.array([r[4] for r in rows], type=pa.string()),
            "source": pa.array([r[5] for r in rows], type=pa.string()),
        }
    )
    pq.write_table(table, project.root / "data" / "social_comments.parquet", compression="zstd")
    return len(rows)


# ---------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1]
    project = Project(root)
    for tp, meta in project.touchpoints.items():
        TOUCHPOINT_CHANNEL[tp] = meta.get("channel", "web")
    missing = [m for m in SURVEY_BASE if m not in project.metrics]
    missing += [m for m in PROCESS_BASE if m not in project.metrics]
    if missing:
        sys.exit(f"journey.yml lacks metrics the generator models: {missing}")
    for tp in project.touchpoints:
        for product in ("Home", "Motor"):
            check = Commenter(np.random.default_rng(0))
            check.product = product
            if not all(check.fragments(tp, tone) for tone in ("pos", "neg")):
                sys.exit(f"no {product} comment fragments for {tp}")
    (root / "data").mkdir(exist_ok=True)
    rng = np.random.default_rng(SEED)
    r_proc, r_survey, r_issue, r_social, r_obs, r_text = rng.spawn(6)
    proc = process_series(r_proc)
    flows = flow_series(r_proc)
    levels = survey_levels(r_survey, proc)
    commenter = Commenter(r_text)
    n_obs = write_observations(project, r_obs, proc, flows)
    respondents, n_rel = make_survey(project, r_survey, levels, proc, commenter)
    # Customers come from their own generator, so adding them left every other draw as
    # it was; the book is simulated week by week alongside the tickets and answers.
    book = CustomerBook(np.random.default_rng([SEED, 14]), respondents, THEME, WEEK_STARTS[0])
    n_issues, backlog = write_issues(project, r_issue, book.assign_issues)
    n_answers = write_survey_file(project, respondents, book.respondent_ids)
    n_customers, n_contacts = book.write(project.root / "data")
    n_social = write_social(project, r_social, levels, commenter)
    peak = int(np.argmax(backlog))
    print(f"metric_observations.csv  {n_obs:7,} rows")
    print(f"survey_responses.csv     {n_answers:7,} rows ({n_rel:,} relationship respondents)")
    print(
        f"issues.xlsx              {n_issues:7,} issues; backlog peak {backlog[peak]} in week "
        f"{peak + 1} (w/e {WEEK_ENDS[peak]}), {backlog[-1]} open at the end"
    )
    print(f"social_comments.parquet  {n_social:7,} rows")
    print(f"customers.csv            {n_customers:7,} customers; contacts.csv {n_contacts:,} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
