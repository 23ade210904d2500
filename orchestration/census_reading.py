"""Reading a CIN census return: its records as rows of delivered text, or why it cannot be.

The file is read by defusedxml's hardened expat (SAX) parser, as a stream: no entity is ever
declared or expanded (a "billion laughs" bomb, an external entity and a document type that
declares entities are refused, never expanded or fetched), nothing is fetched from the network
or the disk, and only one child's elements are held at a time, so a national return of tens of
thousands of children reads in bounded memory (the records read so far are held as Arrow
columns, a few bytes a value).

What the records are, and where their values are, is the description's
(orchestration/formats/cin_census.yaml): each table's `element` and each column's `path`. Every
value becomes its delivered text (a code array, the JSON array of its elements' texts), which
the loader then parses by the same set-based rules as a CSV file's (validation_rules). A record
is named by its element path (`Child[12]/CINdetails[2]/Assessments[1]`, each record element
numbered among its siblings of its name) and the line of the file where it begins.

Elements the description does not know (a block added in a later year) are kept in the record
they are part of, as `extras` (their path within it -> text), and counted by path for the
load's notes; never a crash. A fault of the whole file (not well-formed XML, hostile XML, not a
CIN census message, another authority's return, no readable reference date) raises
CensusFault, in plain words.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.sax
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import defusedxml
from defusedxml.expatreader import DefusedExpatParser

from orchestration.census_format import CIN_CENSUS, PARENT_ELEMENT
from orchestration.formats.description import FormatDescription, TableDescription

if TYPE_CHECKING:
    import pyarrow as pa

_BATCH_ROWS = 20_000  # records held as Python objects before they become Arrow columns
_ROOT = CIN_CENSUS.delivery["root"]


class CensusFault(Exception):
    """The return cannot be loaded; the message says why in plain words."""


@dataclass
class _Node:
    """One element of the child (or header) being read."""

    tag: str
    line: int
    parent: _Node | None
    children: list[_Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    # The path from the root's children, without numbers: `Children/Child/CINdetails`.
    pattern: str = ""

    def __post_init__(self) -> None:
        if self.parent is not None:
            above = self.parent.pattern
            self.pattern = f"{above}/{self.tag}" if above else self.tag

    @property
    def own_text(self) -> str | None:
        text = "".join(self.text)
        return text if text.strip() or not self.children else None


@dataclass
class CensusTable:
    """The records of one table of the return, as Arrow columns (see `columns`)."""

    table: TableDescription
    batches: list[pa.RecordBatch] = field(default_factory=list)
    pending: list[tuple] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        """source_row (the record's line), source_element, parent_element, each column's
        delivered text, extras."""
        return [
            "source_row", "source_element", PARENT_ELEMENT,
            *(f"{c.name}__delivered" for c in self.table.columns), "extras",
        ]

    def add(self, row: tuple) -> None:
        self.pending.append(row)
        if len(self.pending) >= _BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        import pyarrow as pa  # only here: a refresh with no census return never needs it (0.3 s)

        columns = list(zip(*self.pending))
        arrays = [pa.array(columns[0], pa.int64())]
        arrays += [pa.array(values, pa.string()) for values in columns[1:-1]]
        arrays.append(
            pa.array([list(e.items()) for e in columns[-1]], pa.map_(pa.string(), pa.string()))
        )
        self.batches.append(pa.RecordBatch.from_arrays(arrays, names=self.columns))
        self.pending = []

    def arrow(self) -> pa.Table:
        import pyarrow as pa

        self.flush()
        types = [pa.int64(), *([pa.string()] * (len(self.columns) - 2)),
                 pa.map_(pa.string(), pa.string())]
        schema = pa.schema(list(zip(self.columns, types)))
        return pa.Table.from_batches(self.batches, schema=schema)

    @property
    def rows(self) -> int:
        return sum(b.num_rows for b in self.batches) + len(self.pending)


@dataclass
class CensusContents:
    reference_date: dt.date
    la_code: str  # the return's LEA
    tables: dict[str, CensusTable]  # by raw table name, every table of the format
    unknown_elements: Counter[str]  # element path patterns the format does not know -> count
    notes: tuple[str, ...] = ()


def read_return(
    path: Path, file_name: str, la_code: str, description: FormatDescription = CIN_CENSUS
) -> CensusContents:
    """The return's records; CensusFault when it cannot load (the first fault found)."""
    with path.open("rb") as handle:
        start = handle.read(1)
    if not start:
        raise CensusFault(f"{file_name} is empty (0 bytes): deliver the return again")
    reader = _ReturnReader(description, file_name, la_code)
    parser = DefusedExpatParser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
    parser.setContentHandler(reader)
    parser.setFeature(xml.sax.handler.feature_namespaces, False)
    try:
        parser.parse(str(path))
    except defusedxml.EntitiesForbidden as refused:
        raise CensusFault(_entity_fault(file_name, refused)) from None
    except defusedxml.ExternalReferenceForbidden as refused:
        raise CensusFault(
            f"{file_name} refers to an external resource ({refused.sysid or refused.pubid}): "
            "hostile XML, refused without fetching it; a census return refers to nothing "
            "outside itself"
        ) from None
    except defusedxml.DefusedXmlException as refused:
        raise CensusFault(f"{file_name} is refused as unsafe XML: {refused}") from None
    except xml.sax.SAXParseException as error:
        raise CensusFault(
            f"{file_name} is not well-formed XML (line {error.getLineNumber()}, column "
            f"{error.getColumnNumber() + 1}: {error.getMessage()}): was it cut short or edited "
            "by hand? Deliver the return again as the case system wrote it"
        ) from None
    return reader.contents()


def _entity_fault(file_name: str, refused: defusedxml.EntitiesForbidden) -> str:
    if refused.sysid or refused.pubid:
        return (
            f"{file_name} declares an external entity ({refused.name}, to "
            f"{refused.sysid or refused.pubid}): hostile XML (it would make a reader fetch or "
            "disclose another file), refused without reading it; a census return declares no "
            "entities"
        )
    return (
        f"{file_name} declares an entity ({refused.name}) in a document type: XML that "
        "can expand to billions of characters (a \"billion laughs\" bomb) is made this way, "
        "so it is refused without expanding it; a census return declares no entities"
    )


def _local(tag: str) -> str:
    """An element's name without a namespace prefix."""
    return tag.rpartition(":")[2]


class _ReturnReader(xml.sax.handler.ContentHandler):
    """Builds each child's (and the header's) elements, makes their records, forgets them."""

    def __init__(self, description: FormatDescription, file_name: str, la_code: str):
        super().__init__()
        self.description = description
        self.file_name = file_name
        self.la_code = la_code
        self.locator = None
        self.tables = {t.name: CensusTable(t) for t in description.tables}
        self.by_element = {t.element: t for t in description.tables}
        # Each table's columns as (kind, the steps of each alternative path), parsed once.
        self.paths = {
            t.name: [
                (c.kind, [alternative.split("/") for alternative in c.path.split("|")])
                for c in t.columns
            ]
            for t in description.tables
        }
        # The elements on the way to a record element (Children, ChildCharacteristics ...).
        self.on_the_way = frozenset(
            "/".join(t.element.split("/")[:i]) for t in description.tables
            for i in range(1, t.element.count("/") + 1)
        )
        self.known = _known_patterns(description)
        self.unknown: Counter[str] = Counter()
        self.root: _Node | None = None
        self.current: _Node | None = None
        self.children_seen = 0
        self.header: dict[str, str | None] | None = None
        self.header_row: tuple | None = None
        self.header_extras: dict[str, str] = {}

    def setDocumentLocator(self, locator) -> None:  # noqa: N802 (SAX's name)
        self.locator = locator

    def startElement(self, name, attrs) -> None:  # noqa: N802
        tag = _local(name)
        line = self.locator.getLineNumber() if self.locator else 0
        if self.root is None:
            if tag != _ROOT:
                raise CensusFault(
                    f"{self.file_name} is not a CIN census return: its root element is <{tag}>, "
                    f"where a return's is <{_ROOT}>"
                )
            self.root = self.current = _Node(tag, line, None)
            return
        node = _Node(tag, line, self.current)
        self.current.children.append(node)
        self.current = node

    def characters(self, content) -> None:
        # Text within a child's or the header's elements only (not the whitespace between
        # children, which would grow with the file).
        if self.current is not None and self.current.parent not in (None, self.root):
            self.current.text.append(content)

    def endElement(self, name) -> None:  # noqa: N802
        node = self.current
        self.current = node.parent
        pattern = node.pattern
        if pattern == "Header":
            self._header(node)
        elif pattern == "Children/Child":
            self.children_seen += 1
            self._records(node, self.children_seen)
        elif node.parent is self.root or pattern.count("/") == 1 and pattern.startswith("Children/"):
            if pattern not in self.known:
                self._note_unknown(node, "", self.header_extras)
        else:
            return
        # A child (or header, or block of the root) is done: forget its elements.
        node.parent.children.remove(node)

    def _header(self, node: _Node) -> None:
        table = self.by_element["Header"]
        values = dict(
            zip(table.column_names, (_value(node, paths, kind) for kind, paths in self.paths[table.name]))
        )
        collection = (values.get("collection") or "").strip()
        if collection.upper() != self.description.delivery["collection"]:
            raise CensusFault(
                f"{self.file_name} is not a CIN census return: its Header names the collection "
                f"{collection!r} (Header/CollectionDetails/Collection), where a return names "
                f"{self.description.delivery['collection']}"
            )
        lea = (values.get("lea") or "").strip()
        if lea != self.la_code:
            raise CensusFault(
                f"{self.file_name} is the return of authority {lea or '(none given)'} "
                f"(Header/Source/LEA), but it was delivered in the folder of authority "
                f"{self.la_code}: deliver each authority's return in its own folder"
            )
        reference = (values.get("reference_date") or "").strip()
        try:
            dt.date.fromisoformat(reference)
        except ValueError:
            raise CensusFault(
                f"{self.file_name} has no readable reference date "
                f"(Header/CollectionDetails/ReferenceDate is {reference!r}, where YYYY-MM-DD "
                "belongs): the reference date says which year the return covers"
            ) from None
        self.header = values
        extras: dict[str, str] = {}
        self._note_unknowns(node, node, extras)
        self.header_row = (node.line, "Header", None, *values.values(), extras)

    def _records(self, child: _Node, number: int) -> None:
        """Every record of a child's elements, in document order."""
        if self.header is None:
            raise CensusFault(
                f"{self.file_name} is not a CIN census return: its children come before its "
                "Header (or it has none), which names the authority and the year"
            )
        self._walk(child, f"Child[{number}]", None, None)

    def _walk(self, node: _Node, path: str, record: _Node | None, record_path: str | None):
        table = self.by_element.get(node.pattern)
        extras: dict[str, str] = {}
        if table is not None:
            values = [_value(node, paths, kind) for kind, paths in self.paths[table.name]]
            row = (node.line, path, record_path, *values, extras)
            record, record_path = node, path
            self._note_unknowns(node, node, extras)
            self.tables[table.name].add(row)
        counts: Counter[str] = Counter()
        for child in node.children:
            counts[child.tag] += 1
            child_pattern = child.pattern
            if child_pattern in self.by_element:
                self._walk(child, f"{path}/{child.tag}[{counts[child.tag]}]", record, record_path)
            elif child_pattern in self.on_the_way:
                self._walk(child, f"{path}/{child.tag}", record, record_path)

    def _note_unknowns(self, node: _Node, record: _Node, extras: dict[str, str]) -> None:
        """The unknown elements within a record's element (not within its nested records)."""
        for child in node.children:
            pattern = child.pattern
            if pattern in self.by_element:
                continue
            if pattern not in self.known:
                self._note_unknown(child, _relative(child, record), extras)
            else:
                self._note_unknowns(child, record, extras)

    def _note_unknown(self, node: _Node, prefix: str, extras: dict[str, str]) -> None:
        self.unknown[node.pattern] += 1
        for leaf_path, text in _leaves(node, prefix or node.tag):
            extras[leaf_path] = text

    def contents(self) -> CensusContents:
        if self.root is None or self.header is None:
            raise CensusFault(
                f"{self.file_name} is not a CIN census return: it has no Header "
                "(Header/CollectionDetails and Header/Source name the year and the authority)"
            )
        header_extras = self.header_row[-1]
        header_extras.update(self.header_extras)
        self.tables["cin_census_returns"].add(self.header_row)
        for table in self.tables.values():
            table.flush()
        notes = ()
        if self.unknown:
            listed = ", ".join(
                f"{pattern} ({count})" if count > 1 else pattern
                for pattern, count in sorted(self.unknown.items())
            )
            notes = (
                "elements this warehouse does not know, kept in the records' extra_columns: "
                + listed,
            )
        return CensusContents(
            reference_date=dt.date.fromisoformat(self.header["reference_date"].strip()),
            la_code=self.header["lea"].strip(),
            tables=self.tables,
            unknown_elements=self.unknown,
            notes=notes,
        )


def _known_patterns(description: FormatDescription) -> frozenset[str]:
    """Every element path (from the root, without numbers) the description names: each
    record element, each value's element, and every element on the way to them."""
    known: set[str] = set()
    for table in description.tables:
        steps = table.element.split("/")
        known.update("/".join(steps[: i + 1]) for i in range(len(steps)))
        for column in table.columns:
            for alternative in (column.path or "").split("|"):
                parts = [p for p in alternative.split("/") if p not in (".", "")]
                if ".." in parts:
                    continue  # a value of the enclosing record, known there
                known.update(
                    "/".join([*steps, *parts[: i + 1]]) for i in range(len(parts))
                )
    return frozenset(known)


def _relative(node: _Node, record: _Node) -> str:
    tags = []
    while node is not record and node is not None:
        tags.append(node.tag)
        node = node.parent
    return "/".join(reversed(tags))


def _leaves(node: _Node, prefix: str) -> Iterator[tuple[str, str]]:
    if not node.children:
        yield prefix, "".join(node.text).strip()
        return
    counts: Counter[str] = Counter(child.tag for child in node.children)
    seen: Counter[str] = Counter()
    for child in node.children:
        seen[child.tag] += 1
        name = child.tag if counts[child.tag] == 1 else f"{child.tag}[{seen[child.tag]}]"
        yield from _leaves(child, f"{prefix}/{name}")


def _value(node: _Node, paths: list[list[str]], kind: str) -> str | None:
    """The delivered text at the column's path (its alternatives, as steps) from the record's
    element (None: absent); a code array's, the JSON array of every matching element's text
    (None when there is none)."""
    for steps in paths:
        found = _find(node, steps)
        if kind in ("code array", "text array"):
            texts = [t.strip() for t in ("".join(n.text) for n in found) if t.strip()]
            if texts:
                return json.dumps(texts)
        elif found:
            return "".join(found[0].text)
    return None


def _find(node: _Node, steps: list[str]) -> list[_Node]:
    """The elements the steps lead to from the node, in document order."""
    nodes = [node]
    for step in steps:
        if step == "..":
            nodes = [_enclosing_record(n) for n in nodes]
        elif step != ".":
            nodes = [child for n in nodes for child in n.children if child.tag == step]
    return nodes


_RECORD_ELEMENTS = frozenset(table.element for table in CIN_CENSUS.tables)


def _enclosing_record(node: _Node) -> _Node:
    """The record element a record's element is part of: the nearest ancestor that is one."""
    ancestor = node.parent
    while ancestor is not None and ancestor.pattern not in _RECORD_ELEMENTS:
        ancestor = ancestor.parent
    return ancestor
