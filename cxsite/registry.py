"""What a page kind is, and the registry that holds the kinds (declared in ``pages.py``).

A kind says where its pages live (its URL scheme), which pages of it the model has,
which template draws them, which view they show, which figures they carry, which data
files hold their numbers, where they sit in the navigation, and whether search, the
sitemap and CSV downloads include them. Planning, rendering, the menus, the data files,
the search list and ``url_of`` all read a registry, so a new kind of page is one
``PageKind`` — in ``pages.default_registry`` or in a registry a caller passes to
``cxsite.build.build``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import BuildError, Problem

if TYPE_CHECKING:
    from .model.metric import MetricCore
    from .model.site_model import SiteModel
    from .views.search import SearchEntry
    from .views.site import SiteViews

Json = dict[str, Any]
View = Any
Figures = dict[str, Json]
Key = tuple[str, str]  # (kind, id) of a page
T = TypeVar("T")


@dataclass(frozen=True)
class PagePlan:
    """One page the build will write: what it is, where, and with what template."""

    kind: str
    id: str
    title: str
    url: str
    template: str
    data_url: str | None = None
    search: bool = True


@dataclass(frozen=True)
class Instance:
    """One page of a kind: its id (unique within the kind) and its title."""

    id: str
    title: str


@dataclass(frozen=True)
class DataFile:
    """A file of numbers written beside the pages.

    ``path`` may hold ``{id}``; ``content`` gets the page's view (None for a file of the
    whole site) and the model, and returns JSON-ready data, or a string for a text file.
    ``ids`` limits the file to some pages of the kind.
    """

    path: str
    content: Callable[[View, SiteModel], Any]
    pretty: bool = False
    ids: tuple[str, ...] | None = None


def _no_figures(_view: View, _model: SiteModel, _id: str) -> Figures:
    return {}


def _no_trends(_view: View, _model: SiteModel) -> list[MetricCore]:
    return []


def _same(ident: str) -> str:
    return ident


def single(
    ident: str, title: str | Callable[[SiteModel], str]
) -> Callable[[SiteModel, SiteViews], list[Instance]]:
    """The pages of a kind with exactly one page."""

    def pages(model: SiteModel, _views: SiteViews) -> list[Instance]:
        return [Instance(ident, title if isinstance(title, str) else title(model))]

    return pages


@dataclass(frozen=True)
class PageKind:
    """Everything the build needs to know about one kind of page.

    ``url`` is a pattern with ``{id}`` (the id after ``slug``) for kinds with many pages,
    or a function of the id.
    ``nav`` is ``"main"`` (a link per page in the top menu, labelled ``nav_label``, which
    may use ``{title}`` and ``{unit}``) or ``"stages"`` (the journey bar). ``within`` is the
    (kind, id) of the page this one sits under — or a function of the page's view giving
    it — for breadcrumbs and for marking that page's menu entry as containing this one.
    ``search`` says whether search indexes the pages; ``search_entries`` gives what a page
    adds to the list the search page filters on ``file://`` (default: its title, under
    ``search_label``, with ``search_about`` saying what it is). ``lazy_figures`` are drawn
    only when a reader asks (a segment's cards); ``trends`` lists the metric summaries
    the page's trend charts draw, so each chart's CSV carries the responses behind each
    point.
    """

    name: str
    template: str
    url: str | Callable[[str], str]
    pages: Callable[[SiteModel, SiteViews], Iterable[Instance]]
    view: Callable[[SiteModel, PagePlan, PlannedSite], View]
    figures: Callable[[View, SiteModel, str], Figures] = _no_figures
    lazy_figures: Callable[[View, SiteModel, str], Figures] = _no_figures
    trends: Callable[[View, SiteModel], list[MetricCore]] = _no_trends
    data: tuple[DataFile, ...] = ()
    nav: str | None = None
    nav_label: str = "{title}"
    nav_order: int = 0
    within: Key | Callable[[View], Key | None] | None = None
    slug: Callable[[str], str] = _same
    search: bool = True
    search_label: str = "Page"
    search_about: str = ""
    search_entries: Callable[[View, SiteModel, PagePlan], list[SearchEntry]] | None = None
    sitemap: bool = True
    downloads: bool = True

    def url_of(self, ident: str) -> str:
        slug = self.slug(ident)
        return self.url(slug) if callable(self.url) else self.url.format(id=slug)


@dataclass(frozen=True)
class Registry:
    """The page kinds in menu order, plus the data files that belong to no one page."""

    kinds: tuple[PageKind, ...]
    site_data: tuple[DataFile, ...] = ()

    def __post_init__(self) -> None:
        names = [k.name for k in self.kinds]
        if len(set(names)) != len(names):
            raise ValueError(f"a page kind is declared twice: {sorted(names)}")

    def kind(self, name: str) -> PageKind:
        for kind in self.kinds:
            if kind.name == name:
                return kind
        raise KeyError(f"no page kind '{name}'")

    def with_kind(self, kind: PageKind, after: str | None = None) -> Registry:
        """A new registry with ``kind`` added (after the kind named ``after``, or last)."""
        kinds = list(self.kinds)
        at = len(kinds) if after is None else [k.name for k in kinds].index(after) + 1
        kinds.insert(at, kind)
        return replace(self, kinds=tuple(kinds))

    def url_of(self, kind: str, ident: str = "") -> str:
        """Site-relative URL of a page; stable across rebuilds because it is made of ids."""
        return self.kind(kind).url_of(ident)

    def plan(self, model: SiteModel, views: SiteViews) -> list[PagePlan]:
        """Every page the site has, from the model and views, in the registry's order."""
        plans: list[PagePlan] = []
        for kind in self.kinds:
            for item in kind.pages(model, views):
                data = next((d for d in kind.data if d.ids is None or item.id in d.ids), None)
                plans.append(
                    PagePlan(
                        kind.name,
                        item.id,
                        item.title,
                        kind.url_of(item.id),
                        kind.template,
                        data.path.format(id=item.id) if data else None,
                        kind.search,
                    )
                )
        _check_unique(plans)
        return plans

    def navigation(self, model: SiteModel, plans: Sequence[PagePlan]) -> Menus:
        """The menus every page shows (``page_menus`` marks them for one page)."""
        main: list[tuple[int, MenuEntry]] = []
        stages: list[MenuEntry] = []
        unit = model.site.period.unit
        for plan in plans:
            kind = self.kind(plan.kind)
            if kind.nav == "main":
                label = kind.nav_label.format(title=plan.title, unit=unit)
                main.append((kind.nav_order, MenuEntry(plan.kind, plan.id, plan.url, label)))
            elif kind.nav == "stages":
                stages.append(MenuEntry(plan.kind, plan.id, plan.url, plan.title))
        main.sort(key=lambda found: found[0])  # stable: a kind's pages keep their order
        return Menus(tuple(entry for _, entry in main), tuple(stages))


@dataclass(frozen=True)
class MenuEntry:
    """A page in a menu: the main menu names its kind, the stage menu the stage."""

    kind: str
    id: str
    url: str
    title: str
    # "page" on the page itself, "true" on the pages it sits under (aria-current)
    current: str | None = None

    @property
    def name(self) -> str:
        """The stage menu's word for the title (themes written before it was typed)."""
        return self.title


@dataclass(frozen=True)
class Menus:
    main: tuple[MenuEntry, ...]
    stages: tuple[MenuEntry, ...]


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str | None  # none for the page itself


@dataclass(frozen=True)
class PlannedSite:
    """The planned site: what a page's view may look at besides the model."""

    registry: Registry
    model: SiteModel
    views: SiteViews
    plans: Sequence[PagePlan]
    # lookups views build once per build (an issue by its id, a stage by its id)
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @functools.cached_property
    def by_key(self) -> dict[Key, PagePlan]:
        return {(p.kind, p.id): p for p in self.plans}

    @functools.cached_property
    def links(self) -> dict[str, str]:
        """The URL of each kind's first page, for templates that link to a kind."""
        found: dict[str, str] = {}
        for plan in self.plans:
            found.setdefault(plan.kind, plan.url)
        return found

    def memo(self, name: str, make: Callable[[], T]) -> T:
        """``make()``, computed once per planned site."""
        if name not in self._memo:
            self._memo[name] = make()
        found: T = self._memo[name]
        return found

    def view(self, plan: PagePlan) -> View:
        return self.registry.kind(plan.kind).view(self.model, plan, self)

    def trail(self, plan: PagePlan, view: View) -> list[PagePlan]:
        """The pages this one sits under, outermost first."""
        found: list[PagePlan] = []
        while True:
            within = self.registry.kind(plan.kind).within
            key = within(view) if callable(within) else within
            above = self.by_key.get(key) if key else None
            if above is None or above in found:
                return found
            found.insert(0, above)
            plan = above
            # a parent whose own place depends on its view is asked for it (none is, today)
            view = self.view(above) if callable(self.registry.kind(above.kind).within) else None


def _check_unique(plans: Sequence[PagePlan]) -> None:
    seen: dict[str, PagePlan] = {}
    for plan in plans:
        other = seen.setdefault(plan.url, plan)
        if other is not plan:
            raise BuildError(
                [
                    Problem(
                        f"two pages would be written to '{plan.url}': "
                        f"{other.kind} '{other.id}' and {plan.kind} '{plan.id}'",
                        hint="Give them different ids",
                    )
                ]
            )


def page_menus(nav: Menus, plan: PagePlan, trail: Sequence[PagePlan]) -> Menus:
    """The menus as one page shows them: its own entry is the current page, and the
    entries of the pages it sits under are marked as containing it."""
    above = {(p.kind, p.id) for p in trail}

    def mark(entry: MenuEntry) -> MenuEntry:
        key = (entry.kind, entry.id)
        current = "page" if key == (plan.kind, plan.id) else ("true" if key in above else None)
        return replace(entry, current=current)

    return Menus(tuple(mark(e) for e in nav.main), tuple(mark(e) for e in nav.stages))


def crumbs(plan: PagePlan, trail: Sequence[PagePlan], home: PagePlan | None) -> list[Crumb]:
    """Journey › the pages above › this page; none on the home page."""
    if home is None or plan == home:
        return []
    return (
        [Crumb("Journey", home.url)]
        + [Crumb(p.title, p.url) for p in trail if p != home]
        + [Crumb(plan.title, None)]
    )
