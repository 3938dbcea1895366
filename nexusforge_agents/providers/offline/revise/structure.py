"""Clauses about what the app stores and which pages it has: add, remove or rename an entity or a field (with
its type and choices), add or remove a page."""

from __future__ import annotations

import re

from ....appspec import AppSpec, Entity, EntityField, FieldType
from ....spec_conventions import ensure_pages
from ....spec_delta import (
    AddEntity,
    AddField,
    AddPage,
    NotBuiltChange,
    RemoveEntity,
    RemoveField,
    RemovePage,
    RenameEntity,
    RenameField,
    SpecChange,
)
from ..spec.entities import build_entity
from ..spec.fields import TYPICAL_FIELDS, make_field
from ..spec.naming import entity_names, safe_field_name, singular, words_of
from .clauses import unquote
from .targets import entity_named, field_of, fields_named, page_named

Outcome = list[SpecChange] | NotBuiltChange | None

_THING = r"(?:field|column|property|attribute|entity|table|model|record type)s?"
_RENAME = (
    re.compile(r"^(?:rename|change)\s+(?:the\s+)?(?P<old>.+?)\s+(?:to|as|into)\s+(?P<new>.+)$", re.IGNORECASE),
    re.compile(r"^call\s+(?:the\s+)?(?P<old>\w+(?:\s+" + _THING + r")?)\s+(?P<new>[\w\"'“”]+)$", re.IGNORECASE),
)
_REMOVE = re.compile(r"^(?:remove|delete|drop|get rid of|take out)\s+(?:the\s+|a\s+|an\s+)?(?P<what>.+)$", re.I)
_FROM = re.compile(r"\s+(?:from|of|on|in)\s+(?:the\s+|each\s+|every\s+|all\s+)?(?P<entity>[\w ]+?)$", re.IGNORECASE)
_ADD = re.compile(
    r"^(?:add|include|store|track|keep|create|put)\s+(?:a\s+|an\s+|the\s+|some\s+|new\s+)*(?P<what>.+)$", re.I
)
_GIVE = re.compile(r"^give\s+(?:the\s+|each\s+|every\s+|all\s+)?(?P<entity>\w+(?:\s\w+)?)\s+an?\s+(?P<what>.+)$", re.I)
_HAVE = re.compile(
    r"^(?P<entity>[\w ]+?)\s+(?:should|must|need to|needs to|can)\s+have\s+(?:an?\s+)?(?P<what>.+)$", re.I
)
_TO = re.compile(
    r"\s+(?:to|on|for|in|of)\s+(?:the\s+|each\s+|every\s+|all\s+|my\s+|our\s+)?"
    r"(?P<entity>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)(?=\s*$|\s+with\b|\s*,|\s+as\b|\s*\()",
    re.IGNORECASE,
)
_CALLED = re.compile(
    r"^(?:(?P<kind>[\w/ -]+?)\s+)?(?:field|column|property)?\s*\b(?:called|named)\s+"
    r"(?P<name>[\w\"'“” ]+?)(?=\s+as\b|\s*\(|$)",
    re.IGNORECASE,
)
_OPTIONAL = re.compile(r"\b(?:optional|new|extra|additional)\s+", re.IGNORECASE)
_CHOICES = re.compile(
    r"\s*(?:,\s*)?(?:with\s+(?:the\s+)?)?(?:choices|options|values)\s*(?::|of)?\s+(?P<list>.+)$|"
    r"\s*\((?:one of\s+)?(?P<paren>[^)]*(?:,|\bor\b)[^)]*)\)|\s*,?\s+(?:which is\s+)?one of\s+(?P<one>.+)$",
    re.IGNORECASE,
)
_TYPES: tuple[tuple[str, FieldType], ...] = (
    (r"date and time|datetime|timestamp", "datetime"),
    (r"whole number|integer|count", "integer"),
    (r"decimal|number|amount|money|float", "float"),
    (r"yes/no|yes-no|yes or no|boolean|checkbox|true/false|flag", "boolean"),
    (r"long text|text area|paragraph", "text"),
    (r"email", "email"),
    (r"url|link|web address", "url"),
    (r"date", "date"),
    (r"short text|string|text", "string"),
)
_AS_TYPE = re.compile(
    r"\s*(?:,\s*)?(?:as\s+an?\s+|of\s+type\s+|\(\s*|that is\s+an?\s+|which is\s+an?\s+)(?P<type>[\w /-]+?)\)?"
    r"(?=\s+(?:to|on|for|with)\b|$)",
    re.IGNORECASE,
)


def _split_list(text: str) -> list[str]:
    items = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", unquote(text).strip())
    return [unquote(i).strip() for i in items if unquote(i).strip()]


def _field_type(text: str) -> FieldType | None:
    return next(
        (kind for words, kind in _TYPES if re.fullmatch(rf"(?:an?\s+)?(?:{words})(?:\s+field)?", text, re.I)), None
    )


def _strip_thing(text: str) -> str:
    return re.sub(rf"\b{_THING}\b", " ", unquote(text), flags=re.IGNORECASE).strip()


def read_rename(spec: AppSpec, clause: str) -> Outcome:
    for pattern in _RENAME:
        match = pattern.match(clause)
        if match is None:
            continue
        old, new = _strip_thing(match.group("old")), _strip_thing(match.group("new"))
        if not words_of(new):
            return NotBuiltChange(request=clause, reason="It does not say the new name.")
        tail = _FROM.search(old)
        owner = entity_named(spec, tail.group("entity")) if tail else None
        old_words = old[: tail.start()] if tail and owner else old
        entity = entity_named(spec, old_words)
        is_field = re.search(rf"\b{_THING}\b", match.group("old"), re.I) and not re.search(
            r"entity|table|model", match.group("old"), re.I
        )
        if entity is not None and owner is None and not is_field:
            name, plural = entity_names(words_of(new))
            if name == entity.name:
                return NotBuiltChange(request=clause, reason=f"{entity.name} is already its name.")
            return [RenameEntity(entity=entity.name, new_name=name, new_plural=plural)]
        candidates = [(owner, f) for f in [field_of(owner, old_words)] if f] if owner else fields_named(spec, old_words)
        if len(candidates) > 1:
            which = ", ".join(f"{e.name}.{f}" for e, f in candidates)
            return NotBuiltChange(
                request=clause, reason=f"Several fields are called that ({which}): say which thing's."
            )
        if candidates:
            found, field = candidates[0]
            new_name = safe_field_name(words_of(new))
            if new_name is None:
                return NotBuiltChange(request=clause, reason="The new name is not usable as a field name.")
            return [RenameField(entity=found.name, field=field, new_name=new_name)]
        if not clause.lower().startswith("rename"):
            return None  # "change X to Y" may be another reader's
        return NotBuiltChange(request=clause, reason=f"No entity or field of the app is called {old_words.strip()!r}.")
    return None


def read_remove(spec: AppSpec, clause: str) -> Outcome:
    match = _REMOVE.match(clause)
    if match is None:
        return None
    what = match.group("what")
    if re.search(r"\b(?:page|screen)s?\b", what, re.IGNORECASE):
        page = page_named(ensure_pages(spec), re.sub(r"\b(?:page|screen)s?\b", " ", what))
        if page is None:
            return NotBuiltChange(request=clause, reason="No page of the app is called that.")
        if page.kind == "home":
            return NotBuiltChange(request=clause, reason="Home is the page the app opens on; it cannot be removed.")
        return [RemovePage(page=page.name)]
    tail = _FROM.search(what)
    owner = entity_named(spec, tail.group("entity")) if tail else None
    words = what[: tail.start()] if tail and owner else what
    named_field = re.search(r"\b(?:field|column|property|attribute)s?\b", words, re.I)
    entity = entity_named(spec, _strip_thing(words))
    if entity is not None and owner is None and not named_field:
        if len(spec.entities) == 1:
            return NotBuiltChange(request=clause, reason=f"{entity.name} is the only thing the app stores.")
        return [RemoveEntity(entity=entity.name)]
    candidates = [(owner, f) for f in [field_of(owner, words)] if f] if owner else fields_named(spec, words)
    if len(candidates) > 1:
        which = ", ".join(f"{e.name}.{f}" for e, f in candidates)
        return NotBuiltChange(request=clause, reason=f"Several fields are called that ({which}): say which thing's.")
    if candidates:
        found, field = candidates[0]
        return [RemoveField(entity=found.name, field=field)]
    if named_field:
        return NotBuiltChange(request=clause, reason="No field of the app is called that.")
    return None


def _field_spec(text: str) -> tuple[str, FieldType | None, list[str] | None]:
    """(the field's words, an explicit type, explicit choices) from "a priority field with choices low and high"."""
    choices = None
    found = _CHOICES.search(text)
    if found:
        choices = _split_list(found.group("list") or found.group("paren") or found.group("one"))
        text = text[: found.start()]
    kind = None
    typed = _AS_TYPE.search(text)
    if typed and _field_type(typed.group("type").strip()):
        kind = _field_type(typed.group("type").strip())
        text = text[: typed.start()] + text[typed.end() :]
    return _strip_thing(text), kind, choices


def _new_field(words: str, kind: FieldType | None, choices: list[str] | None) -> EntityField | None:
    made = make_field(words_of(words), choices=choices)
    if made is None:
        return None
    update: dict[str, object] = {"required": False}  # rows stored before the revision have no value for it
    if kind is not None and not choices:
        update["type"] = kind
    return made.model_copy(update=update)


def read_add_page(spec: AppSpec, clause: str) -> Outcome:
    match = _ADD.match(clause)
    if match is None or not re.search(r"\b(?:page|screen)\b", clause, re.IGNORECASE):
        return None
    what = match.group("what").lower()
    pages = {p.name for p in ensure_pages(spec).pages}
    if re.search(r"\b(?:dashboard|stats|statistics|charts?)\b", what):
        name = "Dashboard"
    elif re.search(r"\b(?:settings|preferences)\b", what):
        name = "Settings"
    else:
        entity = entity_named(spec, what)
        if entity is None:
            return None
        listing = re.search(
            r"\b(?:list(?:s|ing)?|show(?:s|ing)?)\s+(?:all\s+|the\s+|every\s+)?(?P<which>[\w ]+?)$", what
        )
        own = {*words_of(entity.name.lower()), *entity.plural.split("_")}
        extra = [w for w in words_of(listing.group("which")) if w not in own] if listing else []
        if extra:
            return NotBuiltChange(
                request=clause,
                reason=f"A page that lists only some {entity.plural.replace('_', ' ')} ({' '.join(extra)}) needs a "
                'query the feature library does not have; a filter on the list page ("add a filter by status") is.',
            )
        suffix = "List"
        if re.search(r"\bdetails?\b", what):
            suffix = "Detail"
        elif re.search(r"\b(?:form|new|create|adding|edit|editing)\b", what) and listing is None:
            suffix = "Form"
        name = entity.name + suffix
    if name in pages:
        return NotBuiltChange(request=clause, reason=f"The app already has the {name} page.")
    return [AddPage(page=name)]


def _target(spec: AppSpec, what: str) -> tuple[Entity | None, str]:
    """The entity a "... to tasks" names (the last such phrase naming one), and the words without it."""
    for found in reversed(list(_TO.finditer(what))):
        entity = entity_named(spec, found.group("entity"))
        if entity is not None and set(words_of(found.group("entity"))) <= _spellings(entity):
            return entity, what[: found.start()] + what[found.end() :]
    return None, what


def _spellings(entity: Entity) -> set[str]:
    return {*words_of(re.sub(r"(?<!^)(?=[A-Z])", " ", entity.name)), *entity.plural.split("_")}


def read_add_thing(spec: AppSpec, clause: str) -> Outcome:
    """A field for an entity ("add a due date to tasks"), or a new entity ("add customers with name and email")."""
    give = _GIVE.match(clause) or _HAVE.match(clause)
    match = give or _ADD.match(clause)
    if match is None:
        return None
    what = match.group("what")
    target = entity_named(spec, give.group("entity")) if give else None
    if give is None:
        target, what = _target(spec, what)
    what = _OPTIONAL.sub("", what)
    called = _CALLED.match(what)
    named_type = None
    if called:
        named_type = _field_type(called.group("kind") or "")
        what = called.group("name") + what[called.end() :]
    described = what  # the new entity's fields keep their own types and choices ("a status (open, done)")
    words, kind, choices = _field_spec(what)
    kind = kind or named_type
    with_fields = re.split(r"\s+with\s+", words, maxsplit=1)
    is_field = re.search(rf"\b{_THING}\b", what, re.I) and not re.search(
        r"\b(?:entity|table|model|record type)\b", what, re.I
    )
    head = singular(words_of(with_fields[0])[-1]) if words_of(with_fields[0]) else ""
    looks_entity = head in TYPICAL_FIELDS or (words_of(with_fields[0]) and words_of(with_fields[0])[-1] != head)
    if (
        target is None
        and not is_field
        and (looks_entity or len(with_fields) > 1 or re.search(r"\bentity|table|model\b", what, re.I))
    ):
        return _new_entity(spec, clause, re.split(r"\s+with\s+", described, maxsplit=1))
    if target is None:
        if len(spec.entities) > 1:
            return NotBuiltChange(request=clause, reason='It does not say which thing gets the field ("... to tasks").')
        target = spec.entities[0]
    made = _new_field(words, kind, choices)
    if made is None:
        return NotBuiltChange(request=clause, reason="It names no field the app could store.")
    if target.field(made.name) is not None:
        return NotBuiltChange(request=clause, reason=f"{target.name} already has a {made.name} field.")
    return [AddField(entity=target.name, field=made)]


def _new_entity(spec: AppSpec, clause: str, parts: list[str]) -> Outcome:
    from .features import crud_feature  # the feature reader reads the new entity's pages as well

    name_words = [w for w in words_of(re.sub(rf"\b{_THING}\b", " ", parts[0], flags=re.I)) if w not in ("new",)]
    if not name_words:
        return None
    fields = [f for item in (_field_items(parts[1]) if len(parts) > 1 else []) if (f := _entity_field(item))]
    entity = build_entity(name_words, fields, clause)
    if any(e.name == entity.name or e.plural == entity.plural for e in spec.entities):
        return NotBuiltChange(request=clause, reason=f"The app already stores {entity.plural.replace('_', ' ')}.")
    pages = [AddPage(page=entity.name + "List"), AddPage(page=entity.name + "Form")]
    return [AddEntity(entity=entity), *pages, crud_feature(spec, entity)]


def _field_items(text: str) -> list[str]:
    """ "a name, a status (open, done) and a due date" -> one item per field; a parenthesised list stays whole."""
    groups: list[str] = []

    def hold(found: re.Match[str]) -> str:
        groups.append(found.group(0))
        return f"\x00{len(groups) - 1}\x00"

    held = re.sub(r"\([^()]*\)", hold, text)
    items = _split_list(held)
    return [re.sub(r"\x00(\d+)\x00", lambda m: groups[int(m.group(1))], item) for item in items]


def _entity_field(item: str) -> EntityField | None:
    """One field of a new entity, with the type or choices its words give ("a status (pending, accepted)")."""
    words, kind, choices = _field_spec(item)
    words = re.sub(r"^(?:an?|the|some)\s+", "", words, flags=re.IGNORECASE)
    made = make_field(words_of(words), choices=choices)
    if made is not None and kind is not None and not choices:
        made = made.model_copy(update={"type": kind})
    return made
