"""The customer-level sources: the customer book and the contact log (their row checks
are in :mod:`cxsite.data.kindchecks`)."""

from __future__ import annotations

# Canonical columns of the customer-level kinds of source, and their types.
CUSTOMER_KINDS: dict[str, dict[str, str]] = {
    "customers": {
        "customer": "str",
        "joined": "date",
        "left": "date",
        "value": "num",
        "segment": "str",
    },
    "contacts": {"customer": "str", "date": "date", "touchpoint": "str", "channel": "str"},
}
