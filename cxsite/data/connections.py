"""The ``connections`` section: databases named by URL, secrets only from the environment.

A connection is written as an Ibis URL (``duckdb:///warehouse.duckdb``,
``postgresql://user@host/db``, ...) or as a mapping with ``url`` plus backend options
(Spark: ``{url: "spark://", master: "local[2]", conf: {...}}``). ``${VAR}`` in a URL is
replaced by the environment variable ``VAR`` and nowhere else, so a password lives in
the environment, not in the config. The expanded URL is a secret: it is kept out of
``repr`` and every message that may quote it passes through :meth:`Connection.redact`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import Problems
from ..inputs.paths import outside_problem, resolve_inside
from ..inputs.schema import Reader
from ..inputs.yamlfile import LineDict

CONNECTION_KEYS = ("url", "master", "conf", "options")
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# The backend of each URL scheme, the cxsite extra that installs its driver, and the
# module whose absence means the driver is missing.
BACKENDS: dict[str, tuple[str, str | None, str]] = {
    "duckdb": ("duckdb", None, "duckdb"),
    "postgres": ("postgres", "postgres", "psycopg"),
    "postgresql": ("postgres", "postgres", "psycopg"),
    "spark": ("pyspark", "spark", "pyspark"),
    "pyspark": ("pyspark", "spark", "pyspark"),
}


@dataclass(frozen=True)
class Connection:
    """One named database; ``url`` is the expanded (secret) URL, ``shown`` as written."""

    name: str
    shown: str
    line: int
    url: str = field(repr=False)
    secrets: tuple[str, ...] = field(default=(), repr=False)
    master: str | None = None
    conf: dict[str, str] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict, repr=False)
    path: Path | None = None  # the database file of a duckdb:// connection

    @property
    def scheme(self) -> str:
        return urlsplit(self.url).scheme.lower()

    def redact(self, text: str) -> str:
        """``text`` with every secret of this connection replaced by how it was written."""
        for secret in sorted(self.secrets, key=len, reverse=True):
            if secret:
                text = text.replace(secret, "***")
        return text

    def install_hint(self) -> str:
        backend = BACKENDS.get(self.scheme)
        if backend is None:
            return f"Install the Ibis backend: pip install 'ibis-framework[{self.scheme}]'"
        extra = backend[1]
        if extra is None:
            return "Reinstall cxsite: pip install --force-reinstall cxsite"
        return f'Install its driver: pip install "cxsite[{extra}]"'


def read_connections(
    project: Path, read: Reader, allow_outside: Sequence[Path] = ()
) -> tuple[Connection, ...]:
    """The ``connections`` mapping, each URL expanded and checked; problems name the line."""
    section = read.mapping("connections")
    if section is None:
        return ()
    found = []
    for name, entry in section.items():
        where = f"connections.{name}"
        line = section.line_of(name)
        options: dict[str, str] = {}
        master: str | None = None
        conf: dict[str, str] = {}
        if isinstance(entry, LineDict):
            inner = read.child(where, entry)
            inner.check_keys(CONNECTION_KEYS)
            written = inner.text("url", required=True)
            master = inner.text("master")
            conf = _strings(inner.mapping("conf"))
            options = _strings(inner.mapping("options"))
        elif isinstance(entry, str):
            written = entry
        else:
            read.problems.add(
                f"'{where}' must be a URL or a mapping with 'url'",
                file=read.file,
                line=line,
                hint="e.g. warehouse: ${CX_PG_URL}, or lake: {url: 'spark://', master: 'local[2]'}",
            )
            continue
        if written is None:
            continue
        expanded = _expand(written, where, read.file, line, read.problems)
        if expanded is None:
            continue
        url, secrets = expanded
        scheme = urlsplit(url).scheme.lower()
        if not scheme:
            read.problems.add(
                f"'{where}' is not a database URL",
                file=read.file,
                line=line,
                value=written,
                hint="Write it as scheme://..., e.g. duckdb:///warehouse.duckdb or "
                "postgresql://user@host:5432/db (the password from an environment variable)",
            )
            continue
        path = None
        if scheme == "duckdb":
            path = _duckdb_file(project, url, where, read, line, allow_outside)
            if path is None:
                continue
        found.append(
            Connection(
                name=str(name),
                shown=written,
                line=line,
                url=url,
                secrets=secrets,
                master=master,
                conf=conf,
                options=options,
                path=path,
            )
        )
    return tuple(found)


def _strings(data: LineDict | None) -> dict[str, str]:
    return {} if data is None else {str(k): str(v) for k, v in data.items() if v is not None}


def _expand(
    written: str, where: str, file: str, line: int, problems: Problems
) -> tuple[str, tuple[str, ...]] | None:
    """``written`` with ``${VAR}`` from the environment, and the secrets it now holds."""
    missing = [v for v in _VARIABLE.findall(written) if v not in os.environ]
    for variable in dict.fromkeys(missing):
        problems.add(
            f"environment variable '{variable}' used by '{where}' is not set",
            file=file,
            line=line,
            hint=f"Set it before building, e.g. export {variable}='postgresql://user:...@host/db'",
        )
    if missing:
        return None
    values = [os.environ[v] for v in _VARIABLE.findall(written)]
    url = _VARIABLE.sub(lambda m: os.environ[m.group(1)], written)
    secrets = [v for v in values if v]
    password = urlsplit(url).password
    if password:
        # A password appears in messages both as written and percent-decoded.
        secrets += [password, unquote(password)]
    return url, tuple(dict.fromkeys(secrets))


def _duckdb_file(
    project: Path,
    url: str,
    where: str,
    read: Reader,
    line: int,
    allow_outside: Sequence[Path],
) -> Path | None:
    """The database file of a ``duckdb://`` URL, relative to the project and inside it."""
    parts = urlsplit(url)
    # duckdb:///x.duckdb is the project's x.duckdb; duckdb:////srv/x.duckdb is absolute.
    shown = (parts.netloc + parts.path)[1:] if not parts.netloc else parts.netloc + parts.path
    if shown in ("", ":memory:"):
        read.problems.add(
            f"'{where}' names no database file",
            file=read.file,
            line=line,
            hint="Write duckdb:///path/inside/the/project.duckdb",
        )
        return None
    path, permitted = resolve_inside(project, shown, allow_outside)
    if not permitted:
        read.problems.errors.append(outside_problem(f"{where} database", shown, read.file, line))
        return None
    return path


def connect(connection: Connection) -> Any:
    """An Ibis backend for ``connection``; raises ImportError when its driver is missing."""
    import ibis

    if connection.scheme in ("spark", "pyspark"):
        return ibis.pyspark.connect(spark_session(connection))
    if connection.scheme == "duckdb":
        assert connection.path is not None
        # Read only: a build reads the warehouse and never changes it.
        backend = ibis.duckdb.connect(str(connection.path), read_only=True)
        backend.con.execute("SET enable_progress_bar = false")  # as in the engine
        return backend
    return ibis.connect(connection.url, **connection.options)


def spark_session(connection: Connection) -> Any:
    """A Spark session for a ``spark://`` connection: ``master`` and ``conf`` as given.

    ``master`` defaults to ``local[*]``; on a real cluster it is the cluster's master URL
    (``spark://host:7077``, ``yarn``, ``k8s://...``), and ``conf`` carries the settings
    the cluster needs.
    """
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("cxsite").master(connection.master or "local[*]")
    for key, value in sorted(connection.conf.items()):
        builder = builder.config(key, value)
    return builder.getOrCreate()
