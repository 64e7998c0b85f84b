"""The reference of ``cxsite.yml`` and the journey, as data: one entry per key.

From it come the JSON Schemas that ``cxsite init`` writes (editors validate and complete
the two files with them) and the README's reference tables. Defaults are read from the
typed config's dataclasses, so a default changed there changes the reference too, and
``tests/test_reference.py`` checks that every key the readers accept is here, and that
the README holds exactly the tables generated from this file.

A new key: add it to the reader (``config.py`` / ``journey.py``) and a ``Key`` here, then
run ``python -m cxsite.inputs.reference README.md`` to regenerate the README's tables.
"""

from ...data.sourceconfig import SOURCE_KEYS
from ..config import ANALYTICS_KEYS, PERIOD_KEYS, TOP_KEYS, WALL_KEYS
from ..journey import METRIC_KEYS, STAGE_KEYS, TOUCHPOINT_KEYS
from .config_keys import CONFIG_SECTIONS
from .journey_keys import JOURNEY_SECTIONS
from .schemas import (
    SCHEMA_DIR,
    SCHEMA_FILES,
    config_schema,
    journey_schema,
    schema_line,
    write_schemas,
)
from .tables import replace_blocks

# The keys each reader accepts, for the drift test.
ACCEPTED = {
    "": TOP_KEYS,
    "period": PERIOD_KEYS,
    "wall": WALL_KEYS,
    "analytics": ANALYTICS_KEYS,
    "sources.*": SOURCE_KEYS,
    "stages[]": STAGE_KEYS,
    "touchpoints[]": TOUCHPOINT_KEYS,
    "metrics[]": METRIC_KEYS,
}


__all__ = [
    "ACCEPTED",
    "CONFIG_SECTIONS",
    "JOURNEY_SECTIONS",
    "SCHEMA_DIR",
    "SCHEMA_FILES",
    "config_schema",
    "journey_schema",
    "replace_blocks",
    "schema_line",
    "write_schemas",
]
