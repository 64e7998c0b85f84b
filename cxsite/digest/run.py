"""``cxsite digest``: compute the model from the project's data, compose every digest,
write them as .eml files for review, and send them when asked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..build import built_at, load_project
from ..cache import CACHE_DIR, BuildCache
from .compose import compose_digests
from .mail import DigestMessage, build_messages, write_messages
from .send import SendReport, send_messages


@dataclass
class DigestRun:
    messages: list[DigestMessage]
    written: list[Path]
    report: SendReport | None


def run_digest(project: Path, out: Path | None = None, send: bool = False) -> DigestRun:
    from ..model.site import BuildInfo, compute_model
    from ..pages import url_of
    from ..views.site import build_views

    project = project.resolve()
    loaded = load_project(project)
    cache = BuildCache(project / CACHE_DIR)
    info = BuildInfo("cxsite", __version__, "digest", built_at())
    model = compute_model(
        loaded.config, loaded.journey, loaded.data, loaded.content, info, cache.comments()
    )
    cache.save()
    config = loaded.config
    views = build_views(model, config, loaded.journey, loaded.content, url_of)
    digests = compose_digests(model, views, config.privacy)
    messages = build_messages(digests, config.rhythm.digest)
    folder = (out or project / "digest").resolve()
    written = write_messages(messages, folder, config.rhythm.digest.sender, info.built_at)
    report = send_messages(messages, config.rhythm.digest, info.built_at) if send else None
    return DigestRun(messages, written, report)
