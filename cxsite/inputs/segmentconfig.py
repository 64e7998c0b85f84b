"""The ``segments:`` part of ``cxsite.yml``: the ways the room splits its customers.

A segment dimension (product, region, ...) has a label and its values, each with an id
(used in URLs: ``?segment=motor``) and a label. A row belongs to a value when the
source's mapped ``segment`` column holds the value's id or label (either case), or one
of the value's extra ``match`` spellings. This module only reads and checks the config;
the numbers per segment are computed in :mod:`cxsite.model.segments`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import Problems
from .schema import Reader
from .yamlfile import LineDict

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class SegmentValue:
    id: str
    label: str
    match: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        """Every export value (lower case) that means this segment."""
        return tuple(dict.fromkeys(s.strip().lower() for s in (self.id, self.label, *self.match)))


@dataclass(frozen=True)
class SegmentDimension:
    id: str
    label: str
    values: tuple[SegmentValue, ...]


def read_segments(read: Reader, problems: Problems) -> tuple[SegmentDimension, ...]:
    """``segments: {product: {label: Product, values: {home: Home, motor: Motor}}}``."""
    data = read.mapping("segments")
    if data is None:
        return ()
    dimensions: list[SegmentDimension] = []
    seen: dict[str, str] = {}
    for key, entry in data.items():
        where = f"segments.{key}"
        if not isinstance(entry, LineDict):
            problems.add(
                f"'{where}' must be a mapping with a label and values",
                file=read.file,
                line=data.line_of(key),
                hint="e.g. product: {label: Product, values: {home: Home, motor: Motor}}",
            )
            continue
        sub = Reader(entry, read.file, problems, where)
        sub.check_keys(("label", "values"))
        label = sub.text("label", str(key)) or str(key)
        raw_values = sub.mapping("values", required=True)
        values: list[SegmentValue] = []
        for value_id, spec in (raw_values or LineDict()).items():
            value = _read_value(str(value_id), spec, raw_values, where, read.file, problems)
            if value is None:
                continue
            if value.id in seen:
                problems.add(
                    f"segment id '{value.id}' is used twice ({seen[value.id]} and {where})",
                    file=read.file,
                    line=raw_values.line_of(value_id) if raw_values else data.line_of(key),
                    hint="Segment ids are used in URLs (?segment=ID); give each a distinct id",
                )
                continue
            seen[value.id] = where
            values.append(value)
        if values:
            dimensions.append(SegmentDimension(str(key), label, tuple(values)))
    return tuple(dimensions)


def _read_value(
    value_id: str,
    spec: object,
    parent: LineDict | None,
    where: str,
    file: str,
    problems: Problems,
) -> SegmentValue | None:
    line = parent.line_of(value_id) if parent is not None else 0
    if not _ID.match(value_id):
        problems.add(
            f"segment id '{value_id}' in {where}.values must be lower-case letters, digits "
            "and dashes",
            file=file,
            line=line,
            value=value_id,
            hint="Use the id in URLs (?segment=motor) and put the display name in the label",
        )
        return None
    if isinstance(spec, LineDict):
        sub = Reader(spec, file, problems, f"{where}.values.{value_id}")
        sub.check_keys(("label", "match"))
        matches = sub.sequence("match") or []
        return SegmentValue(
            value_id, sub.text("label", value_id) or value_id, tuple(str(m) for m in matches)
        )
    if spec is None or isinstance(spec, (list, dict)):
        problems.add(
            f"'{where}.values.{value_id}' must be a label or a mapping with label and match",
            file=file,
            line=line,
            hint=f"e.g. {value_id}: {value_id.capitalize()}",
        )
        return None
    return SegmentValue(value_id, str(spec))
