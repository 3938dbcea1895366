"""Plain-text data files a requirements document prescribes: path, line format, columns and example lines.

"File: `data/users.txt`", "Line format: `username,password,email`" and the example rows after "Example rows:"
(a fenced block or a list of code spans) are kept verbatim; the columns are the format split at its delimiter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .markdown import Section, bullet, fenced_blocks, unquote

_PATH = re.compile(r"`?((?:[\w.-]+/)*[\w-]+\.(?:txt|csv|tsv|dat|psv|log|jsonl))`?", re.IGNORECASE)
_FORMAT = re.compile(r"\bformat\b[^`:\n]*?(?::\s*|\s)`([^`]+)`|\bformat\s*:\s*([^`\n]+)$", re.IGNORECASE)
_EXAMPLE_CUE = re.compile(r"\bexamples?\b|\bsample\b|\be\.g\.", re.IGNORECASE)
_SPAN = re.compile(r"`([^`\n]+)`")
_DELIMITERS = ("|", ";", "\t", ",", ":")
_TEXT_STORAGE = re.compile(
    r"\b(plain[- ]?text|text files?|\.txt files?|flat files?|csv files?|no database|without a database)\b", re.I
)


@dataclass
class DocFile:
    path: str
    line_format: str
    delimiter: str
    columns: list[str]
    example_lines: list[str] = field(default_factory=list)
    context: str = ""  # the document text about this file (for warnings)


def delimiter_of(line_format: str) -> str:
    return next((d for d in _DELIMITERS if d in line_format), ",")


def _column_names(line_format: str, delimiter: str) -> list[str]:
    return [unquote(part).strip("<>[]{} ").strip() for part in line_format.split(delimiter)]


def _examples(lines: list[str], delimiter: str, count: int, line_format: str) -> list[str]:
    """Example lines: a fenced block's lines, list items that are one code span, and code spans on a line
    that says it gives examples; each with as many fields as the format."""
    candidates: list[str] = []
    for block in fenced_blocks(lines):
        candidates += [line.strip() for line in block if line.strip()]
    for line in lines:
        item = bullet(line)
        text = item[1] if item else line.strip()
        if text.startswith("`") and text.endswith("`") and text.count("`") == 2:
            candidates.append(text.strip("`"))
        elif _EXAMPLE_CUE.search(line):
            candidates += _SPAN.findall(line)
    found = [c for c in candidates if c.count(delimiter) == count - 1 and c != line_format]
    return list(dict.fromkeys(found))


def _format_of(lines: list[str]) -> str:
    """ "Line format: `a,b,c`", "in the format `a|b`", else the first code span with a delimiter on a line
    that is not an example ("users.txt: one user per line, `email|password`")."""
    for line in lines:
        match = _FORMAT.search(line)
        if match:
            return unquote(match.group(1) or match.group(2))
    for line in lines:
        if _EXAMPLE_CUE.search(line):
            continue
        for span in _SPAN.findall(line):
            if any(d in span for d in _DELIMITERS[:4]) and not _PATH.fullmatch(span):
                return span.strip()
    return ""


def _chunks(section: Section) -> list[tuple[str, list[str]]]:
    """(path, the lines about it): from a line naming a file up to the line naming the next one."""
    chunks: list[tuple[str, list[str]]] = []
    fenced = False
    for line in section.lines:
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = None if fenced else _PATH.search(line)
        if match and not (chunks and match.group(1) == chunks[-1][0]):
            chunks.append((match.group(1), [line]))
        elif chunks:
            chunks[-1][1].append(line)
    return chunks


def read_files(all_sections: list[Section]) -> list[DocFile]:
    """Every data file with a line format, in document order; a file named twice is read once."""
    files: dict[str, DocFile] = {}
    for section in all_sections:
        for path, lines in _chunks(section):
            if path in files:
                continue
            line_format = _format_of(lines)
            if not line_format:
                continue
            delimiter = delimiter_of(line_format)
            columns = _column_names(line_format, delimiter)
            examples = _examples(lines, delimiter, len(columns), line_format)
            files[path] = DocFile(path, line_format, delimiter, columns, examples, "\n".join([section.heading, *lines]))
    return list(files.values())


def prescribes_text_files(document: str, files: list[DocFile]) -> bool:
    return bool(files) or bool(_TEXT_STORAGE.search(document) and _PATH.search(document))
