"""Structured requirement documents (Markdown PRDs) read exactly: every page with its route and title, every
element id with its kind, label and options, every data file with its line format and example rows, roles,
flows and acceptance criteria; what the document prescribes that is unsafe is built as asked and warned about.

A request is a document by its shape (headings, lists, tables, "Key: value" lines), never by its words.
"""

from __future__ import annotations

import re

from .....appspec import AppSpec, AuthSpec, DataFile, Entity, EntityField, Flow, Role, Storage
from .....spec_conventions import derive_endpoints
from ..colors import extract_colors
from ..runtime import requested_frontend_style, requested_port, with_frontend_style
from .entities import _INPUT_KINDS, bind, element_words, file_entity, form_entity, list_entity
from .features import document_features
from .markdown import Section, bullet, sections, strip_markup
from .naming import document_name
from .pages import DocPage, is_page_section, read_pages
from .pages_model import build_pages, page_entity
from .storage import DocFile, prescribes_text_files, read_files

__all__ = ["looks_like_document", "read_document"]

_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s+\S|^\s*\*\*[^*]+\*\*:?\s*$")
_STRUCTURE_LINE = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+\S|^\s*\|.*\||^\s*\**[A-Z][\w /]{1,30}\**\s*:\s*\S")
_ROLES = re.compile(r"\broles?\b|\bactors?\b|\bpersonas?\b|\busers? types?\b", re.I)
_FLOWS = re.compile(r"\bflows?\b|\buser stories\b|\bscenarios?\b|\buse cases?\b|\bjourneys?\b", re.I)
_CRITERIA = re.compile(r"\bacceptance\b|\bcriteria\b|\btest cases?\b", re.I)
_FEATURE_LISTS = re.compile(r"\bfeatures?\b|\bfunctional(?:ity| requirements?)\b|\bcapabilities\b", re.I)
_ACCEPT_CUE = re.compile(r"^\s*(?:acceptance|expected(?: result)?|then|result)\s*:\s*", re.I)
_NOTHING_STORED = Entity(
    name="Note",
    plural="notes",
    description="The document prescribes no stored data; notes give its pages something to hold",
    fields=[EntityField(name="title", required=True), EntityField(name="body", type="text", required=False)],
)
_PLAIN_PASSWORDS = re.compile(
    r"plain[- ]?text passwords?|passwords?[^.\n]{0,60}\b(?:plain[- ]?text|unencrypted|unhashed|not hashed|as is)\b",
    re.I,
)


def looks_like_document(text: str) -> bool:
    """Several lines with Markdown headings and lists, tables or "Key: value" lines: a document's shape."""
    lines = [line for line in text.splitlines() if line.strip()]
    headings = sum(bool(_HEADING_LINE.match(line)) for line in lines)
    structured = sum(bool(_STRUCTURE_LINE.match(line)) for line in lines)
    return len(lines) >= 6 and (headings >= 2 and structured >= 3 or headings >= 1 and structured >= 8)


def _prose(all_sections: list[Section]) -> str:
    """The document's running text outside pages and data files: what it says the app is and does."""
    out = []
    for section in all_sections:
        if section.level and section.lines and is_page_section(section):
            continue
        for line in section.lines:
            stripped = line.strip()
            if stripped and not stripped.startswith(("|", "```", "`")) and bullet(line) is None:
                out.append(strip_markup(stripped))
    return " ".join(out)


_PERMISSIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "create",
        re.compile(
            r"\b(add|adds|create|creates|open|opens|submit|submits|book|books|borrow|borrows|post|posts)\b", re.I
        ),
    ),
    ("update", re.compile(r"\b(edit|edits|update|updates|change|changes|answer|answers|approve|approves)\b", re.I)),
    ("delete", re.compile(r"\b(remove|removes|delete|deletes|cancel|cancels)\b", re.I)),
    ("read", re.compile(r"\b(view|views|see|sees|browse|browses|read|reads|list|lists)\b", re.I)),
)


def _permissions(description: str, entities: list[Entity]) -> list[str]:
    """ "adds, edits and removes books; sees every loan" -> create:Book, update:Book, delete:Book, read:Loan."""
    can: list[str] = []
    for clause in re.split(r"[;.]", description):
        named = [e.name for e in entities if _names_entity(clause, e)]
        for action, pattern in _PERMISSIONS:
            if pattern.search(clause):
                can += [f"{action}:{name}" for name in named if f"{action}:{name}" not in can]
    return can


def _names_entity(text: str, entity: Entity) -> bool:
    head = re.findall(r"[A-Z][a-z0-9]*", entity.name)[-1].lower()
    return bool(re.search(rf"\b{head}(s|es)?\b", text, re.I))


def _roles(all_sections: list[Section], entities: list[Entity]) -> list[Role]:
    roles = []
    for section in all_sections:
        if not _ROLES.search(section.title):
            continue
        for line in section.lines:
            item = bullet(line)
            if item is None or item[0] > 1:
                continue
            text = strip_markup(item[1])
            parts = re.split(r"\s*(?::|—|–|\s-\s)\s*", text, maxsplit=1)
            name, description = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
            if 0 < len(name) <= 40 and name not in {r.name for r in roles}:
                roles.append(Role(name=name, description=description, can=_permissions(description, entities)))
    return roles


def _flows(all_sections: list[Section]) -> tuple[list[Flow], list[str]]:
    """Flows with their steps and acceptance; the acceptance criteria lines on their own as well."""
    flows: list[Flow] = []
    criteria: list[str] = []
    for section in all_sections:
        if _FLOWS.search(section.title) and not _CRITERIA.search(section.title):
            current: Flow | None = None
            for line in section.lines:
                item = bullet(line)
                if item is None:
                    continue
                indent, text = item[0], strip_markup(item[1])
                if indent == 0:
                    current = Flow(name=text[:120])
                    flows.append(current)
                elif current is not None:
                    if _ACCEPT_CUE.match(text):
                        accepted = _ACCEPT_CUE.sub("", text)
                        current.acceptance.append(accepted)
                        criteria.append(accepted)
                    else:
                        current.steps.append(text)
        elif _CRITERIA.search(section.title):
            for line in section.lines:
                item = bullet(line)
                if item is not None:
                    text = strip_markup(item[1])
                    criteria.append(text)
                    flows.append(Flow(name=text[:60].rsplit(" ", 1)[0] if len(text) > 60 else text, acceptance=[text]))
    return flows, criteria


def _requested(all_sections: list[Section]) -> list[str]:
    """The items of the document's feature lists ("## Features", "Functional Requirements")."""
    items = []
    for section in all_sections:
        if _FEATURE_LISTS.search(section.title) and not _CRITERIA.search(section.title):
            items += [strip_markup(b[1]) for line in section.lines if (b := bullet(line)) is not None and b[0] <= 1]
    return items


def _extend_for_elements(doc_pages: list[DocPage], entities: list[Entity], from_files: set[str]) -> list[Entity]:
    """Selects give their options to the fields they edit; a filter over a field the (form-made) entity lacks
    adds that field, so every control of the document has something to work on."""
    by_name = {e.name: e for e in entities}
    for page in doc_pages:
        entity = page_entity(page, list(by_name.values()))
        if entity is None:
            continue
        fields = list(by_name[entity.name].fields)
        for element in page.elements:
            if element.kind not in _INPUT_KINDS:
                continue
            current = by_name[entity.name].model_copy(update={"fields": fields})
            bound = bind(element, current)
            words = element_words(element, set())
            if bound is None and entity.name not in from_files and words and element.options:
                name = "_".join(words)
                if re.fullmatch(r"[a-z][a-z0-9_]*", name) and all(f.name != name for f in fields):
                    fields.append(EntityField(name=name, required=False, label=element.label, choices=element.options))
            elif bound is not None and element.options:
                at = next(i for i, f in enumerate(fields) if f.name == bound)
                if not fields[at].choices and fields[at].type in ("string", "text"):
                    fields[at] = fields[at].model_copy(update={"choices": list(element.options), "type": "string"})
        by_name[entity.name] = by_name[entity.name].model_copy(update={"fields": fields})
    return list(by_name.values())


def _warnings(text: str, files: list[DocFile], entities: list[Entity]) -> list[str]:
    warnings = []
    for file, entity in zip(files, entities, strict=False):
        if any(f.type == "password" for f in entity.fields):
            warnings.append(
                f"As the document prescribes, passwords are stored in plain text in {file.path}: anyone who can read "
                "the file can read every password. Hash them (e.g. argon2) before this app holds real accounts."
            )
    if not warnings and _PLAIN_PASSWORDS.search(text):
        warnings.append(
            "As the document prescribes, passwords are kept in plain text: anyone who can read the data can read "
            "every password. Hash them (e.g. argon2) before this app holds real accounts."
        )
    return warnings


def read_document(text: str) -> AppSpec | None:
    """The document's spec; None when it describes no page and no data file (a request written as a list,
    which the free-prompt reader handles)."""
    all_sections = sections(text)
    doc_pages = read_pages(all_sections)
    files = read_files(all_sections)
    if not doc_pages and not files:
        return None
    entities = [file_entity(f) for f in files]
    from_files = {e.name for e in entities}
    for page in doc_pages:
        made = form_entity(page, entities)
        if made is not None and page_entity(page, entities) is None:
            entities.append(made)
    for page in doc_pages:
        if page_entity(page, entities) is None:
            made = list_entity(page, entities)
            if made is not None:
                entities.append(made)
    entities = _extend_for_elements(doc_pages, entities, from_files) or [_NOTHING_STORED]
    pages = build_pages(doc_pages, entities)
    data_files = [
        DataFile(
            path=f.path,
            entity=e.name,
            delimiter=f.delimiter,
            columns=[field.name for field in e.fields],
            line_format=f.line_format,
            example_lines=f.example_lines,
        )
        for f, e in zip(files, entities, strict=False)
    ]
    prose = _prose(all_sections)
    flows, criteria = _flows(all_sections)
    features = document_features(pages, entities, data_files, prose, criteria, _requested(all_sections))
    name = document_name(all_sections, prose)
    kinds = {f.kind for f in features}
    spec = AppSpec(
        name=name,
        description=_description(prose, name),
        archetype="document",
        features=features or [{"name": f"Pages of {name}", "kind": "custom"}],
        port=requested_port(text) or 8000,
        ui_components=[p.name for p in pages] or ["Home"],
        pages=pages,
        entities=entities,
        storage=Storage(kind="text_files" if prescribes_text_files(text, files) else "database", files=data_files),
        roles=_roles(all_sections, entities),
        flows=flows,
        auth=AuthSpec(enabled="auth" in kinds),
        realtime=bool(kinds & {"live_feed", "notifications"}),
        dashboard="Dashboard" in [p.name for p in pages],
        colors=extract_colors(prose),
        warnings=_warnings(text, files, entities),
    )
    spec = with_frontend_style(spec, requested_frontend_style(text))
    return spec.model_copy(update={"api_endpoints": derive_endpoints(spec)})


def _description(prose: str, name: str) -> str:
    first = re.split(r"(?<=[.!?])\s+", prose.strip(), maxsplit=1)[0] if prose.strip() else ""
    return (first[:240] or f"{name}, built from its requirements document.").strip()
