"""The "How to read this" page: every statistical term the site uses, in plain words,
each with a small worked example.

The examples' numbers come from the same functions the site uses for its own numbers,
so what the page says a margin or a limit is, is what the site computes. Pages link a
term to its explanation with :func:`term_link` (``explain/index.html#<id>``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..stats import benjamini_hochberg, two_proportion_test, wilson_interval, xmr_chart

EXPLAIN_URL = "explain/index.html"


@dataclass(frozen=True)
class Explanation:
    id: str  # the anchor terms link to
    title: str
    paragraphs: tuple[str, ...]
    example: str

    @property
    def href(self) -> str:
        """The link to the explanation from the page's own list of terms."""
        return f"#{self.id}"

    @property
    def heading_id(self) -> str:
        """The id of the explanation's heading, which names its section."""
        return f"{self.id}-h"


@dataclass(frozen=True)
class ExplainPage:
    """The "How to read this" page: every explanation, in the order the page lists them."""

    explanations: tuple[Explanation, ...]


def explain_page() -> ExplainPage:
    return ExplainPage(EXPLANATIONS)


def term_link(root: str, term: str, text: str) -> Markup:
    """``text`` as a link to the explanation of ``term`` (an id below)."""
    if term not in TERM_IDS:
        raise ValueError(f"no explanation for the term '{term}'")
    return Markup('<a class="term" href="{}{}#{}">{}</a>').format(
        root, EXPLAIN_URL, term, escape(text)
    )


def _margin_example() -> str:
    found = wilson_interval(15, 17, 0.95)
    low, high, margin = found.low or 0.0, found.high or 0.0, found.margin or 0.0
    return (
        f"15 of 17 customers were satisfied: {found.value:.0f}%. With only 17 answers the "
        f"true share among all customers could reasonably be anywhere from {low:.0f}% to "
        f"{high:.0f}%, so the site shows “{found.value:.0f}% ± {margin:.0f}”. With 170 "
        f"answers and the same share the margin would be about ± "
        f"{(wilson_interval(150, 170, 0.95).margin or 0.0):.0f}."
    )


def _significance_example() -> str:
    test = two_proportion_test(60, 80, 66, 80)
    big = two_proportion_test(600, 800, 660, 800)
    return (
        f"Last week 60 of 80 were satisfied (75%), this week 66 of 80 (82.5%). A rise of "
        f"7.5 points looks good, but with 80 answers a week a change that size happens by "
        f"chance fairly often (p = {test.p_value:.2f}), so the page says “no significant "
        f"change”. The same shares from 800 answers a week would be significant "
        f"(p = {big.p_value:.4f})."
    )


def _fdr_example() -> str:
    pvalues = [0.001, 0.008, 0.020, 0.041, 0.30]
    flags = benjamini_hochberg(pvalues, 0.05)
    kept = [f"{p:g}" for p, flag in zip(pvalues, flags, strict=True) if flag]
    return (
        "Five scores changed this week, with p-values 0.001, 0.008, 0.020, 0.041 and 0.30. "
        "Taken one at a time, four are below 0.05. Holding the false discovery rate at 5% "
        f"keeps {len(kept)} of them ({', '.join(kept)}): the 0.041 could easily be one of "
        "the chance results you expect when testing many scores at once."
    )


def _control_example() -> str:
    values = [21.0, 23.0, 22.0, 24.0, 22.0, 23.0, 21.0, 22.0]
    chart = xmr_chart(values)
    centre, lower, upper = chart.centre or 0.0, chart.lower or 0.0, chart.upper or 0.0
    shown = ", ".join(f"{v:g}" for v in values)
    return (
        f"Days to settle a claim over eight weeks: {shown}. The centre line is their "
        f"average, {centre:.1f} days; the typical week-to-week jump is "
        f"{(upper - centre) / 2.66:.2f} days, so the limits are {lower:.1f} and "
        f"{upper:.1f} days. A week at {math.floor(upper) + 1} days would be a signal; a week "
        f"at {math.floor(upper) - 2} is routine."
    )


EXPLANATIONS: tuple[Explanation, ...] = (
    Explanation(
        "margin-of-error",
        "Margin of error (±)",
        (
            "A survey hears from some customers, not all of them. The margin of error says "
            "how far the true figure for all customers could reasonably be from the one we "
            "measured: 95 times out of 100 it lies within the range shown.",
            "Few answers mean a wide margin; many answers a narrow one. Compare two "
            "numbers only when the difference is bigger than their margins.",
        ),
        _margin_example(),
    ),
    Explanation(
        "too-few",
        "Too few responses",
        (
            "Below a minimum number of answers in a period (min_n in the config) a survey "
            "score is not shown at all: the page says “n = 3, too few responses”. The "
            "same minimum applies to each customer segment on its own.",
        ),
        "With a minimum of 5, a week in which 3 Motor customers answered shows no Motor "
        "score, even if the week has 40 answers in all.",
    ),
    Explanation(
        "significance",
        "Significant change",
        (
            "Scores move a little every week just because different customers answer. A "
            "change is called significant only when it is bigger than that sampling noise "
            "would usually make it; the page then shows ▲ or ▼. Everything else says “no "
            "significant change”, however large the raw difference looks.",
        ),
        _significance_example(),
    ),
    Explanation(
        "fdr",
        "False discovery rate (Benjamini–Hochberg)",
        (
            "The site tests every survey score every period. Test 40 scores and about two "
            "will look significant by chance alone. Controlling the false discovery rate "
            "means: of the changes called significant, at most about 5% are expected to "
            "be such flukes. It makes each test a little stricter when many are run.",
        ),
        _fdr_example(),
    ),
    Explanation(
        "control-charts",
        "Control charts: XmR and p-chart",
        (
            "A control chart separates routine ups and downs from real changes in a "
            "process. The solid grey line is the centre (the usual level); the dotted "
            "lines are the control limits within which the process normally varies. When "
            "the process has clearly moved to a new level, a new phase starts: the limits "
            "are worked out again from the weeks since the shift.",
            "Process measures use an XmR chart: limits at the centre ± 2.66 × the average "
            "week-to-week change. Survey percentages use a p-chart, whose limits are wider "
            "in weeks with fewer answers.",
        ),
        _control_example(),
    ),
    Explanation(
        "signals",
        "Signals",
        (
            "A signal is a pattern that routine variation rarely produces, so something "
            "has changed and is worth a look: a point beyond a limit; 2 of 3 points far "
            "out on one side; 4 of 5 points fairly far out on one side; 8 points in a "
            "row on one side of the centre line. Signals in the better direction are "
            "listed as improvements, the others as warnings.",
        ),
        "“8 weeks in a row above the centre line since 3 March” on a measure where "
        "lower is better is a warning: each week alone looked ordinary, but together "
        "they show the process has shifted.",
    ),
    Explanation(
        "lag-links",
        "Lag links: does a score follow a process?",
        (
            "Where a survey score is mapped to an internal process measure, the site "
            "checks whether the score moves with the process now or some weeks later. "
            "The correlation r runs from −1 to +1: near 0 they do not move together; "
            "near ±1 they move closely together (− means one goes up as the other goes "
            "down).",
            "The correlation is taken on the week-to-week changes of both series "
            "(“prewhitened”), so two measures that merely drift the same way over a year "
            "do not look linked. Several lags are tried, so the p-value comes from "
            "shuffling blocks of weeks many times and asking how often chance alone gives "
            "a correlation this strong at any lag. A link shows the two move together, "
            "not that one causes the other.",
        ),
        "If, week after week, a rise in phone answer times is followed two weeks later by "
        "a fall in call satisfaction, the page says the score follows the answer time at "
        "a lag of 2 weeks, with r below 0 (one goes up, the other down). A single shared "
        "step, such as both changing in the same week after a reorganisation, is reported "
        "as an event, not as a link.",
    ),
    Explanation(
        "drivers",
        "Drivers: R², importance and raw weight",
        (
            "Key driver analysis asks which ratings (value for money, claims handling, ...) "
            "go with a higher outcome score, using customers who answered them all. R² is "
            "the share of the differences in the outcome that the ratings explain "
            "together, from 0 (nothing) to 1 (everything).",
            "Each rating's raw weight is its part of R² (relative weights, which share R² "
            "fairly between ratings that go together); the raw weights add up to R². "
            "Importance is the raw weight as a percentage of R². Performance is the mean "
            "rating rescaled to 0–100.",
        ),
        "R² = 0.40 and raw weights 0.20, 0.12 and 0.08: together the three ratings explain "
        "40% of the differences in NPS; their importances are 50%, 30% and 20%.",
    ),
    Explanation(
        "quadrants",
        "Fix first, keep it up, lower priority, possible overkill",
        (
            "Drivers are placed by importance (across) and performance (up), split at the "
            "averages. Fix first: important and performing below average. Keep it up: "
            "important and performing well. Lower priority: less important and below "
            "average. Possible overkill: less important but performing well — effort here "
            "moves the outcome least.",
        ),
        "Claims handling with importance 52% and performance 64/100 is in “fix first”; "
        "helpful staff with importance 6% and performance 76/100 is “possible overkill”.",
    ),
    Explanation(
        "targets",
        "On target, near target, off target",
        (
            "Each metric has a target and a direction (higher or lower is better). A value "
            "on the right side of the target is on target; within a small band on the "
            "wrong side (near_band, 5% of the target by default) it is near; further away "
            "it is off target. When a survey value's margin of error spans the target, "
            "the status is “within the margin of the target”: the sample cannot tell "
            "which side it is on. Status is shown by colour and by an icon and a word.",
        ),
        "Target 80% satisfied, higher is better: 82% ± 1 is on target, 77% ± 1 is near "
        "(within 4 points), 70% ± 2 is off target, and 78% ± 5 is within the margin.",
    ),
)
EXPLANATIONS += (
    Explanation(
        "issue-speed",
        "Median, 90th percentile and Pareto",
        (
            "Time to resolve is shown as the median (half of the issues were closed faster, "
            "half slower) and the 90th percentile (9 in 10 were closed faster): the median "
            "is the usual case, the 90th percentile the slow tail customers complain about.",
            "A Pareto chart sorts categories from most to least frequent and adds a line "
            "with their running share, so you can see how few categories make up most "
            "issues.",
        ),
        "Ten issues closed in 1, 2, 2, 3, 3, 4, 5, 6, 9 and 30 days: the median is 3.5 days, "
        "the 90th percentile about 11 days (the one slow case barely moves the median).",
    ),
)
TERM_IDS = frozenset(e.id for e in EXPLANATIONS)
