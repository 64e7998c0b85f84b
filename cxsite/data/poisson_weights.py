"""Poisson bootstrap weights and a random variable, made in the engine from integers.

A Poisson bootstrap gives every respondent, in every resample, a weight drawn from
Poisson(1) (how many times the respondent is "drawn") instead of drawing n respondents
with replacement: Hanley & MacGibbon (2006), "Creating non-parametric bootstrap samples
using Poisson frequencies", Computer Methods and Programs in Biomedicine 83(1):57-62.
The weights are independent, so a resample's weighted sums are one GROUP BY resample
over the rows and no row leaves the engine.

The weights must be the same on every backend and in every run, so they are not drawn
from an engine's random() or hash() (whose values differ by backend and by run): they
are computed with integer arithmetic only (+, *, % on non-negative BIGINTs, every
intermediate below 2^62) from the respondent's rank (0, 1, ... by respondent id) and
the resample number. Modulo the prime M = 2^31 - 1, a key goes through rounds that
alternate a multiplier of the Park-Miller generators (48271, 69621; Park & Miller 1988,
"Random number generators: good ones are hard to find", CACM 31(10)) with a quadratic
step x -> x^2 + c (the random-looking map of Pollard's rho), because multiplier rounds
alone are linear: the weights of one resample would then be a shift of another's. A
respondent's number and a resample's number are each mixed alone, multiplied together
modulo M (so neither enters linearly) and mixed again. The result is a nearly uniform
integer u in [0, M); the weight is the Poisson quantile of u / M, found by comparing u
with the integer thresholds floor(M * P(X <= k)). The tests check the weights' mean and
variance and that resamples and neighbouring respondents are uncorrelated.

The random variable of the significance test is a uniform integer 0-999 from the same
mixing. Integers keep every weighted sum of integer scores exact (so the sums do not
depend on the order an engine adds rows in). A uniform variable serves as well as a
normal one: an unrelated variable's relative weight depends on it through its sample
correlations with the others, which are close to normal with variance 1/n whatever its
distribution (Fisher 1915 for the correlation's variance; the central limit theorem).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ibis.expr.types as ir

MODULUS = 2**31 - 1  # a prime: the multiplier rounds are bijections modulo it
NOISE_LEVELS = 1000  # the random variable is a uniform integer 0 .. NOISE_LEVELS - 1
# (multiplier, added constant) of each round of _mix; the constants are arbitrary
# numbers below M, fixed once so the weights never change between releases.
_ROUNDS = ((48271, 1013904223), (69621, 1664525), (48271, 374761393))
_SQUARE_ADD = (668265263, 2246822519 % MODULUS, 3266489917 % MODULUS)
_RESAMPLE_SALT = 97  # keeps a resample's key apart from a respondent's
_NOISE_KEY = 1234567891  # the "resample" whose mixing gives the random variable


def poisson_thresholds(rate: float) -> tuple[int, ...]:
    """Integer thresholds t_k = floor(M P(X <= k)) for X ~ Poisson(rate), up to the k
    where the upper tail is below 1/M (beyond it no u in [0, M) can fall)."""
    thresholds: list[int] = []
    term = math.exp(-rate)
    cumulative = 0.0
    k = 0
    while True:
        cumulative += term
        threshold = math.floor(MODULUS * min(cumulative, 1.0))
        thresholds.append(threshold)
        if threshold >= MODULUS - 1:
            return tuple(thresholds)
        k += 1
        term *= rate / k


def _mix(table: ir.Table, column: str, rounds: int = len(_ROUNDS)) -> ir.Table:
    """Scramble ``column`` (a key in [0, M)) in place: multiplier and quadratic rounds.

    Each step is its own projection: an expression that used x twice (x * x) would
    otherwise be written out twice in the SQL, and again at every round.
    """
    for (multiplier, constant), added in list(zip(_ROUNDS, _SQUARE_ADD, strict=True))[:rounds]:
        x = table[column]
        table = table.mutate(**{column: (x * multiplier + constant) % MODULUS})
        x = table[column]
        table = table.mutate(**{column: (x * x + added) % MODULUS})
    return table


def with_key(table: ir.Table, number: str, salt: int, out: str) -> ir.Table:
    """``table`` with ``out``: the mixed key in [1, M) of the integer column ``number``
    (never 0, so a product of two keys is never 0)."""
    table = table.mutate(**{out: (table[number].cast("int64") + salt) % MODULUS})
    table = _mix(table, out)
    return table.mutate(**{out: table[out] % (MODULUS - 1) + 1})


def with_uniform(table: ir.Table, key: str, stream: str, out: str) -> ir.Table:
    """``table`` with ``out``: a nearly uniform integer in [0, M) for each pair of a
    respondent's key and a stream's (resample's) key. Both keys are mixed already, so
    two rounds after their product suffice (the tests check the result)."""
    table = table.mutate(**{out: (table[key] * table[stream]) % MODULUS})
    return _mix(table, out, rounds=2)


def poisson(u: ir.IntegerValue, thresholds: tuple[int, ...]) -> ir.IntegerValue:
    """The Poisson quantile of u / M: the k of the first threshold above u."""
    import ibis

    cases = [(u < t, ibis.literal(k, type="int64")) for k, t in enumerate(thresholds)]
    weight: ir.IntegerValue = ibis.cases(*cases, else_=ibis.literal(len(thresholds), "int64"))
    return weight


def with_noise(table: ir.Table, key: str, seed: int, out: str) -> ir.Table:
    """``table`` with ``out``: the random variable, a uniform integer 0 ..
    NOISE_LEVELS - 1 per respondent key."""
    import ibis

    stream = ibis.literal((_NOISE_KEY + seed) % (MODULUS - 1) + 1, type="int64")
    table = table.mutate(_noise_stream=stream)
    table = with_uniform(table, key, "_noise_stream", out)
    return table.mutate(**{out: table[out] % NOISE_LEVELS}).drop("_noise_stream")


def with_resample_key(table: ir.Table, resample: str, seed: int, out: str) -> ir.Table:
    """``table`` with ``out``: the key of the resample number in ``resample``; ``seed``
    picks another set of resamples."""
    table = table.mutate(**{out: table[resample] + seed * 7919})
    return with_key(table, out, _RESAMPLE_SALT, out)
