"""The specification's pages as the server-rendered app's site model: every layout decision made here, once.

- An element bound to ``Entity.field`` (or an unbound control whose id or label names a field of its page's
  entity) edits that field; the controls of one entity on a page form one create form, placed where its first
  control is, together with the page's submit button.
- A search box (``action: search``) and the filters beside it form a GET form that narrows the page's lists.
- Lists, tables, boards, calendars, maps and charts show the entity they bind, else their page's entity.
- The entity's list page is where a created row is shown after the form redirects (Post/Redirect/Get).
- A feature of the library on a page: kinds the pages render themselves (search, filter, sort, calendar, board,
  map, timer, status toggle) use the page's element of that kind, or get one; other kinds are shown by their
  server fragment, as the element they claim or below the page's elements.
"""

from __future__ import annotations

import re

from .....schemas import AppSpec, Element, Entity, EntityField, Page
from .....spec_conventions import field_element_kind
from ..features import IMPLEMENTATIONS, FeaturePlan, PlannedFeature
from ..naming import label
from .app.site_model import Block, Colors, NavLink, Site, SiteElement, SiteEntity, SiteFeature, SiteField, SitePage

FORM_KINDS = frozenset(
    {"input", "password", "email", "textarea", "number", "date", "select", "radio", "checkbox", "file"}
)
COLLECTION_KINDS = frozenset({"list", "table", "kanban", "calendar", "map", "chart"})
_SEARCH_ACTIONS = frozenset({"search", "filter", "sort"})
_TITLE_NAMES = ("name", "title", "label", "subject", "summary", "headline", "question", "description")
_STATUS_NAMES = ("status", "stage", "state", "column", "phase", "progress", "priority", "category")
_LAT_NAMES = ("lat", "latitude")
_LNG_NAMES = ("lng", "lon", "long", "longitude")
_SESSION_NAMES = ("username", "user_name", "user", "user_email", "owner", "author", "created_by", "email")
# Kinds the pages render with their own elements: (element kind, action) of the element a page without one gets.
NATIVE_ELEMENTS: dict[str, tuple[str, str | None]] = {
    "search": ("input", "search"),
    "filter": ("select", "filter"),
    "sort": ("select", "sort"),
    "calendar": ("calendar", None),
    "kanban": ("kanban", None),
    "map": ("map", None),
    "status_toggle": ("button", "toggle"),
}
# Kinds the core pages already carry (lists, forms, record pages, dashboards, accounts, live reloads).
CORE_KINDS = frozenset(
    {"crud", "validation", "detail", "relation", "dashboard", "auth", "live_feed", "notifications", "text_storage"}
)
_ALIAS = re.compile(r'alias="([^"]+)"')


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[^a-z0-9]+", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", text).lower()) if t]


def _named(fields: list[EntityField], names: tuple[str, ...], types: frozenset[str] | None = None) -> str | None:
    usable = [f for f in fields if types is None or f.type in types]
    for wanted in names:
        for f in usable:
            if f.name == wanted or f.name.endswith(f"_{wanted}"):
                return f.name
    return None


def site_entity(entity: Entity, pages: list[Page], auth: bool) -> SiteEntity:
    textual = frozenset({"string", "text", "email", "url"})
    numeric = frozenset({"integer", "float"})
    choice_fields = [f for f in entity.fields if f.choices]
    title = _named(entity.fields, _TITLE_NAMES, textual) or next(
        (f.name for f in entity.fields if f.type in textual), entity.fields[0].name
    )
    status = _named(choice_fields, _STATUS_NAMES) or (choice_fields[0].name if choice_fields else None)
    dated = next((f.name for f in entity.fields if f.type in ("date", "datetime")), None)
    toggle = next((f.name for f in entity.fields if f.type == "boolean"), None)

    def route_of(*kinds: str) -> str | None:
        return next(
            (p.route for p in pages if p.entity == entity.name and p.kind in kinds and "{" not in p.route), None
        )

    shows_rows = next(
        (
            p.route
            for p in pages
            if "{" not in p.route
            and any(_entity_of(e, p) == entity.name and e.kind in ("list", "table") for e in p.elements)
        ),
        None,
    )
    return SiteEntity(
        name=entity.name,
        plural=entity.plural,
        label=label(entity.name),
        label_plural=label(entity.plural),
        fields=[
            SiteField(
                name=f.name,
                label=f.label or label(f.name),
                type=f.type,
                required=f.required,
                control=field_element_kind(f),
                choices=list(f.choices or []),
                references=f.references,
            )
            for f in entity.fields
        ],
        title_field=title,
        date_field=dated,
        status_field=status,
        toggle_field=toggle,
        session_field=next(
            (n for n in _SESSION_NAMES if auth and (f := entity.field(n)) and f.type in ("string", "email")), None
        ),
        lat_field=_named(entity.fields, _LAT_NAMES, numeric),
        lng_field=_named(entity.fields, _LNG_NAMES, numeric),
        list_route=route_of("list") or shows_rows,
        detail_route=next((p.route for p in pages if p.entity == entity.name and p.kind == "detail"), None),
        form_route=route_of("form"),
    )


def _entity_of(element: Element, page: Page) -> str | None:
    if element.binds:
        return element.binds.split(".", 1)[0]
    if element.kind in COLLECTION_KINDS:
        return page.entity  # a home or dashboard page without an entity: every entity (counts, totals)
    if element.kind == "button" and element.action in ("delete", "toggle"):
        return page.entity
    return None


def _field_of(element: Element, page: Page, spec: AppSpec) -> str | None:
    """The field an element is bound to; an unbound control takes the field of its page's entity it names."""
    if element.binds and "." in element.binds:
        return element.binds.split(".", 1)[1]
    if element.binds or element.kind not in FORM_KINDS or page.entity is None:
        return None
    entity = spec.entity(page.entity)
    assert entity is not None  # AppSpec checks a page's entity exists
    said = set(_tokens(element.id)) | set(_tokens(element.label))
    matches = [f for f in entity.fields if set(_tokens(f.name)) <= said]
    # The longest match wins: 'due-date' names due_date, not date.
    return max(matches, key=lambda f: len(f.name)).name if matches else None


def _site_element(element: Element, page: Page, spec: AppSpec) -> SiteElement:
    field = _field_of(element, page, spec)
    entity = _entity_of(element, page) or (page.entity if field else None)
    return SiteElement(
        id=element.id,
        kind=element.kind,
        label=element.label,
        entity=entity,
        field=field,
        action=element.action,
        target=element.target,
        options=list(element.options),
    )


def _is_search(element: SiteElement) -> bool:
    return (element.action or "") in _SEARCH_ACTIONS or (element.kind == "input" and "search" in _tokens(element.id))


def _is_submit(element: SiteElement) -> bool:
    """A submit button (its target, if any, is where the form leads once it has saved)."""
    return element.kind == "button" and element.action == "submit"


def _blocks(page: Page, spec: AppSpec) -> list[Block]:
    elements = [_site_element(e, page, spec) for e in page.elements]
    form_entities = [e.entity for e in elements if e.kind in FORM_KINDS and e.field and e.entity and not _is_search(e)]
    if page.kind == "login":
        form_entities = []
    main_form = form_entities[0] if form_entities else page.entity if page.kind == "form" else None
    blocks: list[Block] = []
    by_key: dict[tuple[str, str | None], Block] = {}

    def join(kind: str, entity: str | None, element: SiteElement) -> None:
        key = (kind, entity)
        if key not in by_key:
            by_key[key] = Block(kind=kind, entity=entity, elements=[])  # type: ignore[arg-type]
            blocks.append(by_key[key])
        by_key[key].elements.append(element)

    for element in elements:
        if page.kind == "login" and (element.kind in FORM_KINDS or _is_submit(element)):
            join("form", None, element)
        elif _is_search(element):
            join("search", element.entity or page.entity, element)
        elif element.kind in FORM_KINDS and element.entity and element.field:
            join("form", element.entity, element)
        elif _is_submit(element) and main_form:
            join("form", main_form, element)
        else:
            blocks.append(Block(kind="element", entity=element.entity, elements=[element]))
    if page.kind == "form" and main_form and ("form", main_form) not in by_key:
        blocks.append(Block(kind="form", entity=main_form, elements=[]))
    return blocks


def fragments(plan: FeaturePlan) -> dict[str, str]:
    """kind -> its server fragment's text, for every built feature whose kind has one."""
    found: dict[str, str] = {}
    for planned in plan.built:
        text = IMPLEMENTATIONS[planned.target.feature.kind].server_fragment()
        if text is not None:
            found[planned.target.feature.kind] = text
    return found


def _params(planned: PlannedFeature) -> list[str]:
    """The query-string names the feature's list hook reads (a parameter's alias when it has one)."""
    hook = planned.contribution.list_hook if planned.contribution else None
    names = []
    for declaration in hook.params if hook else []:
        alias = _ALIAS.search(declaration)
        names.append(alias.group(1) if alias else declaration.split(":", 1)[0].strip())
    return (["q"] if planned.target.feature.kind == "search" else []) + names


def _reads(planned: PlannedFeature) -> list[str]:
    """The feature's own GET endpoints a fragment shows: JSON ones (not files like export.csv), not the entity's
    list, none that needs a query."""
    endpoints = planned.contribution.endpoints if planned.contribution else []
    return [
        e
        for e in endpoints
        if e.startswith("GET ")
        and "?" not in e
        and e != f"GET {planned.target.api}"
        and "." not in e.rsplit("/", 1)[-1]
    ]


def _native_element(planned: PlannedFeature, kind: str, action: str | None) -> SiteElement:
    target = planned.target
    return SiteElement(
        id=target.slug.replace("_", "-"),
        kind=kind,
        label=target.feature.name,
        entity=target.entity.name if target.entity else None,
        field=target.field.name if target.field else None,
        action=action,
    )


def _with_feature(site_page: SitePage, page: Page, planned: PlannedFeature, fragment_kinds: set[str]) -> None:
    """Show ``planned`` on the page: its element when the page has one, else a native element or its fragment."""
    kind = planned.target.feature.kind
    element_id = IMPLEMENTATIONS[kind].element_for(page)
    by_id = {e.id: e for block in site_page.blocks for e in block.elements}
    if kind in CORE_KINDS or (kind in NATIVE_ELEMENTS and element_id is not None):
        return  # the page's own elements already do it
    if kind in NATIVE_ELEMENTS:
        element = _native_element(planned, *NATIVE_ELEMENTS[kind])
        if element.id in by_id:
            return
        if element.action in ("search", "filter", "sort"):
            entity = element.entity
            search = next((b for b in site_page.blocks if b.kind == "search" and b.entity == entity), None)
            if search is None:
                search = Block(kind="search", entity=entity, elements=[])
                site_page.blocks.insert(0, search)
            search.elements.append(element)
        else:
            site_page.blocks.append(Block(kind="element", entity=element.entity, elements=[element]))
        return
    if kind not in fragment_kinds:
        return
    feature = SiteFeature(
        fragment=f"features/{kind}.html",
        info=planned.target.info(),
        element_id=element_id,
        params=_params(planned),
        reads=_reads(planned),
    )
    if feature.element_id in by_id:
        by_id[feature.element_id].feature = feature
    else:
        site_page.features.append(feature)


def _with_features(site_page: SitePage, page: Page, plan: FeaturePlan, fragment_kinds: set[str]) -> SitePage:
    for planned in plan.built:
        if page.name in [p.name for p in planned.target.pages]:
            _with_feature(site_page, page, planned, fragment_kinds)
    return site_page


def site_page(page: Page, spec: AppSpec) -> SitePage:
    record = page.entity if page.kind == "detail" or "{id}" in page.route else None
    return SitePage(
        name=page.name,
        label=label(page.name),
        route=page.route,
        title=page.title,
        kind=page.kind,
        purpose=page.purpose,
        entity=page.entity,
        record_entity=record,
        blocks=_blocks(page, spec),
    )


def _lists(page: SitePage, entity: str) -> bool:
    return any(e.kind in ("list", "table") and e.entity == entity for e in page.elements)


def _form_targets(site: Site) -> Site:
    """Each create form's fields, and where it leads once saved: its submit button's target, else its own page
    when that lists the entity, else the entity's list page."""
    for page in site.pages:
        for block in page.blocks:
            entity = site.entity(block.entity)
            if block.kind != "form" or entity is None:
                continue
            block.fields = [e.field for e in block.elements if e.field and e.entity == entity.name] or [
                f.name for f in entity.fields
            ]
            submit = next((e.target for e in block.elements if _is_submit(e) and e.target), None)
            if submit and "{" not in submit:
                block.after = submit
            elif not _lists(page, entity.name) and entity.list_route:
                block.after = entity.list_route
    return site


def build_site(spec: AppSpec, plan: FeaturePlan) -> Site:
    kinds = set(fragments(plan))
    site = Site(
        name=spec.name,
        description=spec.description,
        features=spec.feature_names,
        auth=spec.auth.enabled,
        realtime=spec.realtime,
        colors=Colors(
            background=spec.colors.background,
            primary=spec.colors.primary,
            text=spec.colors.text,
            accent=spec.colors.accent,
        ),
        # {id} pages show one row (reached from a list); sign-in pages are in the header's account links.
        nav=[
            NavLink(label=label(p.name), route=p.route) for p in spec.pages if "{" not in p.route and p.kind != "login"
        ],
        signin_route=next((p.route for p in spec.pages if p.kind == "login"), "/account/signin"),
        pages=[_with_features(site_page(p, spec), p, plan, kinds) for p in spec.pages],
        entities=[site_entity(e, spec.pages, spec.auth.enabled) for e in spec.entities],
    )
    return _form_targets(site)
