"""Harbour Mutual's customer book, simulated week by week beside its tickets and answers.

Used by make_sample_data.py. It writes two more exports:

    data/customers.csv   policy admin extract: customer, start date, end date, premium, product
    data/contacts.csv    contact-centre log: one row per call, chat or e-mail by a customer

and gives every ticket and every survey respondent the id of a customer on the books
that day. The stories:

- About 24,000 customers at the start, about 60 new ones a week. Each decides at their
  policy anniversary whether to renew: about 9% leave anyway, a customer who raised a
  ticket in the year before is likelier to leave (+14 points), one with an unresolved
  claim ticket at renewal far likelier (+25 more), one with another unresolved ticket
  somewhat likelier (+8 more), a detractor in the relationship
  survey likelier (+12) and a promoter less likely (-4). The renewal price rise of the
  last weeks adds a little churn. A few cancel mid-term.
- Customers chase unresolved tickets: while a ticket is open its customer contacts us
  about once a week, so repeat contacts (three in thirty days) rise and fall with the
  backlog.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

N_START = 24_000
JOINERS_PER_WEEK = 62
BOOK_FROM = dt.date(2016, 1, 4)
BASE_LEAVE = 0.09
RECENT_ISSUE_LEAVE = 0.14  # any ticket in the year before renewal
OPEN_CLAIM_LEAVE = 0.25
OPEN_OTHER_LEAVE = 0.08
DETRACTOR_LEAVE = 0.12
PROMOTER_LEAVE = -0.04
PRICE_RISE_FROM_WEEK = 90  # renewal prices climb from here (story 4 of the sample)
PRICE_RISE_LEAVE = 0.04
MID_TERM_CANCEL = 0.0008  # a week
BASE_CONTACTS = 250  # a week, from customers without an open ticket
CHASE_RATE = 0.9  # contacts a week from a customer while their ticket is open
CHANNELS = ["Phone", "Chat", "Email"]
CHANNEL_P = np.array([0.6, 0.25, 0.15])
PREMIUM = {"Motor": 620.0, "Home": 380.0}


class CustomerBook:
    def __init__(
        self, rng: np.random.Generator, respondents: list, theme: dict, day0: dt.date
    ) -> None:
        self.day0 = day0
        self.rng = rng
        self.respondents = respondents
        self.theme = theme
        self.respondent_ids: list[str] = []
        self.contacts: list[tuple[int, int, str]] = []  # (day, customer, channel)

    # -- the book ---------------------------------------------------------------------

    def _start_book(self, day0: dt.date, n_weeks: int) -> None:
        r = self.rng
        span = (day0 - BOOK_FROM).days
        joined = list(r.integers(-span, 0, N_START))
        for week in range(n_weeks):
            joined += list(week * 7 + r.integers(0, 7, int(r.poisson(JOINERS_PER_WEEK))))
        order = np.argsort(np.array(joined), kind="stable")
        self.joined = np.array(joined)[order]  # days from day0, negative before it
        n = len(self.joined)
        self.motor = r.random(n) < 0.55
        base = np.where(self.motor, PREMIUM["Motor"], PREMIUM["Home"])
        self.premium = np.round(base * np.exp(r.normal(-0.06, 0.35, n)), 2)
        self.left = np.full(n, np.iinfo(np.int64).max)
        self.last_nps = np.full(n, -1)
        self.last_nps_day = np.full(n, -10_000)

    def assign_issues(
        self, opened: np.ndarray, closed: np.ndarray, touchpoints: list[str], motor: list[bool]
    ) -> list[str]:
        """Customer ids for the tickets; runs the whole book week by week."""
        day0 = self.day0
        n_weeks = int(opened.max()) // 7 + 1
        self._start_book(day0, n_weeks)
        r = self.rng
        issue_customer = np.full(len(opened), -1)
        is_claim = np.array([self.theme[t] == "claim" for t in touchpoints])
        motor_a = np.array(motor)
        resp_days = np.array([(m[0].date() - day0).days for m in self.respondents], dtype=np.int64)
        resp_motor = np.array([m[2] == "Motor" for m in self.respondents])
        resp_nps = np.array(
            [m[6][0][1] if m[5] == "R1" else -1 for m in self.respondents], dtype=np.int64
        )
        resp_customer = np.full(len(self.respondents), -1)
        anniversary = np.mod(self.joined, 365)
        for week in range(n_weeks):
            start, end = week * 7, week * 7 + 7
            on_books = (self.joined < start) & (self.left >= start)
            # Renewals at this week's anniversaries, judged on the state at the week's start.
            due = on_books & (self.joined <= start - 300)
            due &= np.mod(anniversary - start, 365) < 7
            assigned = issue_customer >= 0
            unresolved = assigned & (opened < start) & ((closed < 0) | (closed >= start))
            open_claim = np.zeros(len(self.joined), dtype=bool)
            open_claim[issue_customer[unresolved & is_claim]] = True
            open_other = np.zeros(len(self.joined), dtype=bool)
            open_other[issue_customer[unresolved & ~is_claim]] = True
            recent = self.last_nps_day >= start - 365
            earlier = assigned & (opened < start) & (opened >= start - 365)
            recent_issue = np.zeros(len(self.joined), dtype=bool)
            recent_issue[issue_customer[earlier]] = True
            p = np.full(len(self.joined), BASE_LEAVE) + RECENT_ISSUE_LEAVE * recent_issue
            p += OPEN_CLAIM_LEAVE * open_claim + OPEN_OTHER_LEAVE * (open_other & ~open_claim)
            p += DETRACTOR_LEAVE * (recent & (self.last_nps >= 0) & (self.last_nps <= 6))
            p += PROMOTER_LEAVE * (recent & (self.last_nps >= 9))
            if week + 1 >= PRICE_RISE_FROM_WEEK:
                p += PRICE_RISE_LEAVE
            draws = r.random(len(self.joined))
            leaving = due & (draws < p)
            day = start + np.mod(anniversary - start, 365)
            self.left[leaving] = day[leaving]
            cancel = on_books & ~leaving & (r.random(len(self.joined)) < MID_TERM_CANCEL)
            self.left[cancel] = start + r.integers(0, 7, int(cancel.sum()))
            # This week's tickets and answers go to customers on the books that day.
            active = np.flatnonzero((self.joined < start) & (self.left >= end))
            for kind_days, kind_motor, out in (
                (opened, motor_a, issue_customer),
                (resp_days, resp_motor, resp_customer),
            ):
                todo = np.flatnonzero((kind_days >= start) & (kind_days < end))
                for wanted in (True, False):
                    rows = todo[kind_motor[todo] == wanted]
                    pool = active[self.motor[active] == wanted]
                    if len(rows) and len(pool):
                        out[rows] = r.choice(pool, len(rows))
            answered = np.flatnonzero((resp_days >= start) & (resp_days < end) & (resp_nps >= 0))
            self.last_nps[resp_customer[answered]] = resp_nps[answered]
            self.last_nps_day[resp_customer[answered]] = resp_days[answered]
            self._contacts(week, active, opened, closed, issue_customer)
        self.respondent_ids = [self.ident(int(c)) for c in resp_customer]
        return [self.ident(int(c)) for c in issue_customer]

    def _contacts(
        self,
        week: int,
        active: np.ndarray,
        opened: np.ndarray,
        closed: np.ndarray,
        issue_customer: np.ndarray,
    ) -> None:
        r = self.rng
        start, end = week * 7, week * 7 + 7
        for c in r.choice(active, int(r.poisson(BASE_CONTACTS))):
            self.contacts.append((start + int(r.integers(0, 7)), int(c), self._channel()))
        logged = np.flatnonzero((opened >= start) & (opened < end) & (issue_customer >= 0))
        for k in logged:
            self.contacts.append((int(opened[k]), int(issue_customer[k]), self._channel()))
        chasing = np.flatnonzero(
            (issue_customer >= 0) & (opened < start) & ((closed < 0) | (closed >= start))
        )
        for k in chasing:
            for _ in range(int(r.poisson(CHASE_RATE))):
                self.contacts.append(
                    (start + int(r.integers(0, 7)), int(issue_customer[k]), self._channel())
                )

    def _channel(self) -> str:
        return CHANNELS[int(self.rng.choice(3, p=CHANNEL_P))]

    @staticmethod
    def ident(index: int) -> str:
        return f"C{100_001 + index}" if index >= 0 else ""

    # -- the exports ------------------------------------------------------------------

    def write(self, folder: Path) -> tuple[int, int]:
        last_day = max(d for d, _c, _ch in self.contacts)
        with (folder / "customers.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["Customer ID", "Start date", "End date", "Annual premium", "Product"])
            for k in range(len(self.joined)):
                if self.joined[k] > last_day:
                    continue
                ended = self.left[k] <= last_day
                writer.writerow(
                    [
                        self.ident(k),
                        self.day0 + dt.timedelta(days=int(self.joined[k])),
                        self.day0 + dt.timedelta(days=int(self.left[k])) if ended else "",
                        f"{self.premium[k]:.2f}",
                        "Motor" if self.motor[k] else "Home",
                    ]
                )
        rows = sorted(c for c in self.contacts if c[0] <= last_day)
        with (folder / "contacts.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["Customer ID", "Contact date", "Channel"])
            for day, customer, channel in rows:
                writer.writerow([self.ident(customer), self.day0 + dt.timedelta(days=day), channel])
        return int((self.joined <= last_day).sum()), len(rows)
