"""Page elements as requirement documents list them, in any of the common shapes:

- "ID: login-button, Type: button, Label: Log In, Action: navigates to the Dashboard Page"
- "`genre-filter` — dropdown "Genre"" with the options as sub-bullets
- "**class-select** (dropdown): Class — options: Yoga, Pilates"
- "Button `new-ticket-btn` labelled "New Ticket", navigates to Create Ticket"
- "Select with id="duration-select" label "Voting time" and options "1 minute", "2 minutes""
- a table with ID / Type / Label / Notes columns.

The id, the option texts and the label are kept verbatim; the kind is read from the words naming the control.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .....appspec import ElementKind
from .markdown import strip_markup, unquote

# Longest phrases first, so "text input" is an input and "text area" a textarea, not "text".
_KIND_WORDS: tuple[tuple[str, ElementKind], ...] = (
    ("text area", "textarea"),
    ("textarea", "textarea"),
    ("multi-line", "textarea"),
    ("multiline", "textarea"),
    ("text input", "input"),
    ("text field", "input"),
    ("text box", "input"),
    ("textbox", "input"),
    ("input field", "input"),
    ("search box", "input"),
    ("password", "password"),
    ("email", "email"),
    ("e-mail", "email"),
    ("number", "number"),
    ("numeric", "number"),
    ("date picker", "date"),
    ("datepicker", "date"),
    ("date", "date"),
    ("drop-down", "select"),
    ("dropdown", "select"),
    ("select", "select"),
    ("combo box", "select"),
    ("combobox", "select"),
    ("radio", "radio"),
    ("checkbox", "checkbox"),
    ("check box", "checkbox"),
    ("toggle", "checkbox"),
    ("file upload", "file"),
    ("upload", "file"),
    ("file", "file"),
    ("button", "button"),
    ("btn", "button"),
    ("hyperlink", "link"),
    ("link", "link"),
    ("anchor", "link"),
    ("table", "table"),
    ("grid", "list"),
    ("list", "list"),
    ("image", "image"),
    ("img", "image"),
    ("logo", "image"),
    ("chart", "chart"),
    ("graph", "chart"),
    ("map", "map"),
    ("calendar", "calendar"),
    ("kanban", "kanban"),
    ("timer", "timer"),
    ("countdown", "timer"),
    ("heading", "heading"),
    ("header", "heading"),
    ("title", "heading"),
    ("h1", "heading"),
    ("h2", "heading"),
    ("form", "form"),
    ("input", "input"),
    ("label", "text"),
    ("paragraph", "text"),
    ("message", "text"),
    ("text", "text"),
    ("display", "text"),
)
_CONTROL_NOUNS = frozenset(
    [
        "field",
        "input",
        "box",
        "button",
        "btn",
        "link",
        "dropdown",
        "select",
        "checkbox",
        "area",
        "textarea",
        "picker",
        "menu",
        "list",
        "selector",
        "radio",
        "toggle",
        "table",
        "grid",
        "cards",
        "card",
        "image",
        "chart",
        "map",
        "heading",
        "group",
    ]
)
_WEAK_KINDS = frozenset({"heading", "text", "form"})  # words that may only describe ("Task title")
_HTML_TYPES: dict[str, ElementKind] = {
    "text": "input",
    "search": "input",
    "tel": "input",
    "url": "input",
    "password": "password",
    "email": "email",
    "number": "number",
    "date": "date",
    "datetime-local": "date",
    "checkbox": "checkbox",
    "radio": "radio",
    "file": "file",
    "submit": "button",
    "button": "button",
}
_DOM_ID = r"[A-Za-z][A-Za-z0-9_:.\-]{0,99}"
_ID_PATTERNS = (
    re.compile(r"\bid\s*=\s*[\"'`](" + _DOM_ID + r")[\"'`]", re.IGNORECASE),
    re.compile(r"\b(?:element\s+)?id\s*:\s*`?(" + _DOM_ID + r")`?", re.IGNORECASE),
    re.compile(r"`(" + _DOM_ID + r")`"),
    re.compile(r"\*\*(" + _DOM_ID + r")\*\*"),
    re.compile(r"#(" + _DOM_ID + r")\b"),
)
_KEYS = r"(?:element id|id|type|kind|label|text|placeholder|options|choices|values|action|target|on click|notes?)"
_KEY_SPLIT = re.compile(r"(?:^|[,;]\s*|\s+[—–-]\s+)\b(" + _KEYS + r")\s*:\s*", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“]([^\"”]+)[\"”]")
_LABEL_CUE = re.compile(
    r"\b(?:labell?ed|label|text|titled|caption|reading|says)\s*:?\s*[\"“]([^\"”]+)[\"”]", re.IGNORECASE
)
_AFTER_KIND = re.compile(r"\)\s*:\s*(.+?)(?:\s+[—–]\s+|\s+-\s+|$)")
_OPTIONS = re.compile(
    r"(?:\b(?:options|choices|values)\b\s*:?|\b(?:option|choice|one of)\s*:|"
    r"\(\s*(?:select|dropdown|drop-down|radio(?: group)?)\s*:)\s*(.+)$",
    re.IGNORECASE,
)
# "Dropdown: "Category" (`category`) — Electronics | Clothing | Food": options after a dash, with separators
_TRAILING_OPTIONS = re.compile(r"\s[—–]\s+([^—–]+?(?:\s*[|/]\s*[^—–|/]+)+)\s*$")
_TARGET = re.compile(
    r"(?:\b(?:navigates?|goes|go|leads?|links?|redirects?|returns?|opens?|takes? (?:the user|you)|brings? you)\s*"
    r"|(?:→|->|=>)\s*)"
    r"(?:back\s+)?(?:to\s+)?(?:the\s+)?([\w /{}.:-]+?)(?:\s+(?:page|screen))?\s*(?:[.,;)]|$)",
    re.IGNORECASE,
)
_SAVES = re.compile(r"\b(submit|save|log ?in|sign ?(?:in|up)|register|confirm|vote|send)\w*\b", re.I)
_SUBMITS = re.compile(r"\b(submit|save|create|add|log ?in|sign ?(?:in|up)|register|confirm|vote|send|book)\w*\b", re.I)
_ID_WORDS: dict[str, ElementKind] = {
    "btn": "button",
    "button": "button",
    "link": "link",
    "input": "input",
    "field": "input",
    "select": "select",
    "dropdown": "select",
    "table": "table",
    "list": "list",
    "chart": "chart",
    "checkbox": "checkbox",
    "heading": "heading",
    "title": "heading",
    "image": "image",
    "img": "image",
    "textarea": "textarea",
    "map": "map",
    "password": "password",
    "email": "email",
}


@dataclass
class DocElement:
    id: str
    kind: ElementKind
    label: str = ""
    options: list[str] = field(default_factory=list)
    target: str = ""  # a route or a page name, resolved once every page is known
    action: str | None = None
    text: str = ""  # the whole line, for what the element is about


def kind_of(words: str, element_id: str = "") -> ElementKind:
    """The element kind the words name: an explicit ``type=...`` first, then a control word in parentheses,
    then the first control word (a real control such as "input" or "table" before a word that may only
    describe, such as "title" or "text"); else the kind its id suggests."""
    low = f" {words.lower()} "
    explicit = re.search(r"\btype\s*=\s*[\"']?([a-z-]+)", low)
    if explicit and explicit.group(1) in _HTML_TYPES:
        return _HTML_TYPES[explicit.group(1)]
    for group in re.findall(r"\(([^)]*)\)", low):
        inner = _first_kind(f" {group} ")
        if inner is not None:
            return inner
    found = _first_kind(low)
    if found is not None:
        if found == "text" and re.search(r"placeholder|\benter\b|\btype (?:in|your)\b", low):
            return "input"
        return found
    parts = re.split(r"[-_.:]", element_id.lower())
    return next((_ID_WORDS[p] for p in reversed(parts) if p in _ID_WORDS), "text")


def _first_kind(low: str) -> ElementKind | None:
    found = [(m.start(), -len(w), kind) for w, kind in _KIND_WORDS if (m := re.search(rf"\b{re.escape(w)}\b", low))]
    strong = [f for f in found if f[2] not in _WEAK_KINDS]
    return min(strong or found)[2] if found else None


def split_options(text: str) -> list[str]:
    quoted = _QUOTED.findall(text)
    if len(quoted) >= 2:
        return [q.strip() for q in quoted]
    text = re.split(r"\s+[—–]\s+|\.\s|;|\s+\((?!.*\))", text.strip())[0].rstrip(".")
    parts = re.split(r"\s*[/|]\s*|\s*,\s*(?:and\s+|or\s+)?|\s+or\s+|\s+and\s+", text)
    return [unquote(p.strip("()[] ")) for p in parts if unquote(p.strip("()[] "))]


def find_id(line: str) -> str | None:
    for pattern in _ID_PATTERNS:
        for match in pattern.finditer(line):
            candidate = match.group(1)
            if re.search(r"[-_]", candidate) or candidate.islower():
                return candidate
    return None


def _key_value_element(line: str) -> DocElement | None:
    parts = _KEY_SPLIT.split(line)
    if len(parts) < 3:
        return None
    values: dict[str, str] = {}
    for key, value in zip(parts[1::2], parts[2::2], strict=False):
        values.setdefault(key.lower().replace("element id", "id"), value.strip().rstrip(",;").strip())
    element_id = unquote(values.get("id", ""))
    if not re.fullmatch(_DOM_ID, element_id):
        return None
    kind = kind_of(values.get("type") or values.get("kind") or "", element_id)
    options = split_options(values.get("options") or values.get("choices") or values.get("values") or "")
    element = DocElement(element_id, kind, unquote(values.get("label") or values.get("text") or ""), options)
    _read_action(element, " ".join([values.get("action", ""), values.get("target", ""), values.get("notes", "")]))
    element.text = line
    return element


def _read_action(element: DocElement, text: str) -> None:
    match = _TARGET.search(text)
    if match:
        target = match.group(1).strip()
        element.target = target.split()[0] if target.startswith("/") else target  # "/tasks on success"
    if element.kind in ("button", "link"):
        said = _QUOTED.sub(" ", text.split(match.group(0))[0] if match else text)  # the label is not the action
        if element.target and not _SUBMITS.search(said) and not _SAVES.search(element.label):
            element.action = "navigate"
        elif _SUBMITS.search(_QUOTED.sub(" ", text)) or _SUBMITS.search(element.label):
            element.action = "submit"
        elif element.target:
            element.action = "navigate"


def parse_element(raw: str) -> DocElement | None:
    """One element from one line, or None when the line names no element id."""
    line = raw.strip().lstrip("-*+•").strip()
    line = re.sub(r"^\d+[.)]\s+", "", line)
    if not line or line.startswith("|"):
        return None
    by_keys = _key_value_element(line)
    if by_keys is not None:
        return by_keys
    element_id = find_id(line)
    if element_id is None:
        return None
    rest = strip_markup(re.sub(r"(?:\bid\s*=\s*)?[`\"'*#]*" + re.escape(element_id) + r"[`\"'*]*", " ", line, count=1))
    options_match = _OPTIONS.search(rest)
    before_options = rest[: options_match.start()] if options_match else rest
    kind = kind_of(_QUOTED.sub(" ", before_options), element_id)
    label_match = _LABEL_CUE.search(rest) or _AFTER_KIND.search(before_options)
    label = label_match.group(1) if label_match else ""
    if not label:
        quoted = [q for q in _QUOTED.finditer(before_options) if "placeholder" not in before_options[: q.start()][-14:]]
        label = quoted[0].group(1) if quoted else ""
    if not label:
        label = _named_before(line, element_id) or _named_after(before_options)
    options = split_options(options_match.group(1)) if options_match else []
    trailing = _TRAILING_OPTIONS.search(before_options) if kind in ("select", "radio") and not options else None
    if trailing:
        options = split_options(trailing.group(1))
    element = DocElement(element_id, kind, unquote(label), options)
    _read_action(element, before_options)
    element.text = line
    return element


def _without_control_words(text: str) -> str:
    words = text.split()
    while words and words[-1].lower().strip(",.;:") in _CONTROL_NOUNS:
        words.pop()
    return " ".join(words).strip(" ,;:-–—")


def _named_before(line: str, element_id: str) -> str:
    """ "Email field (id: `email`)" -> "Email": the words that name the element before its id."""
    at = line.find(element_id)
    head = re.sub(r"[\s(]*(?:(?:element\s+)?id\s*[:=]?)?[\s`\"'*#(]*$", "", line[:at].strip(" `*\"'#")).strip()
    if not head or not re.match(r"^[A-Za-z]", head):
        return ""
    words = strip_markup(head).split()
    while words and words[-1].lower().strip(",.;:") in _CONTROL_NOUNS | {"with", "a", "an", "the", "of", "id"}:
        words.pop()
    return " ".join(words).strip(" ,;:")


def _named_after(text: str) -> str:
    """ "– Task title (text input)" -> "Task title": the words after a dash, before a parenthesis."""
    match = re.match(r"^\s*[—–:-]\s*([^(\[\"“;,.]+?)\s*(?:[(;,.]|$)", text)
    if match is None or match.group(1).split()[0].lower() in _CONTROL_NOUNS:
        return ""  # "— table of borrowed books": a description of the control, not its label
    return _without_control_words(match.group(1))


def parse_elements(raw: str) -> list[DocElement]:
    """Every element one line names: "`task-list` – a list; each item has a checkbox `task-done`" gives two."""
    first = parse_element(raw)
    if first is None:
        return []
    found = [first]
    after = raw[raw.find(first.id) + len(first.id) :]
    for match in re.finditer(r"`(" + _DOM_ID + r")`|\bid\s*=\s*[\"'](" + _DOM_ID + r")[\"']", after):
        element_id = match.group(1) or match.group(2)
        if not (re.search(r"[-_]", element_id) or element_id.islower()) or any(e.id == element_id for e in found):
            continue
        before = " ".join(after[: match.start()].split()[-4:])
        kind = _first_kind(f" {before.lower()} ")
        if kind is not None:
            found.append(DocElement(element_id, kind, text=after[match.start() :]))
    return found


def table_elements(rows: list[dict[str, str]]) -> list[DocElement]:
    """Elements from a table whose header names an id column."""
    out = []
    for row in rows:
        get = {k: v for k, v in row.items()}
        element_id = unquote(next((v for k, v in get.items() if k in ("id", "element id", "dom id", "html id")), ""))
        if not re.fullmatch(_DOM_ID, element_id):
            continue
        label = next((v for k, v in get.items() if k in ("label", "text", "caption", "name")), "")
        named = next((v for k, v in get.items() if k in ("element", "control", "field")), "")
        label = label or _without_control_words(strip_markup(named))
        kind_text = next((v for k, v in get.items() if k in ("type", "kind")), "") or named
        notes = " ".join(v for k, v in get.items() if k in ("notes", "description", "behaviour", "behavior", "action"))
        options_text = next((v for k, v in get.items() if k in ("options", "choices", "values")), "")
        options_match = _OPTIONS.search(notes)
        options = split_options(options_text or (options_match.group(1) if options_match else ""))
        element = DocElement(element_id, kind_of(kind_text, element_id), unquote(label), options, text=notes)
        _read_action(element, notes)
        out.append(element)
    return out
