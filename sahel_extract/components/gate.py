"""One scan of a document that tells which of a stage's rules can match in it.

A stage scans every document with each of its rules in turn (the casualty rules, the date rules),
and on a short note most of them find nothing. `CaselessPattern`'s literal gate skips a rule
whose required words the text lacks, but it answers per rule (one substring search or more each)
and lets through every rule whose words are all common ("killed", "the", a weekday) however far
apart they stand. `RuleGate` asks Hyperscan instead, once per document for all the rules of a
stage: each rule is handed to it loosened (`loosened`) so that it matches wherever the rule does
and in more places, and the rules it does not report for the document cannot match there.

Without Hyperscan (it has wheels for Linux on x86-64 only) the answer is the literal gate's, rule
by rule, as before. Either way a rule is scanned exactly where it may match, and the scan is the
same, so a stage finds the same matches.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import re
from collections.abc import Sequence
from typing import Any

from sahel_extract import cache
from sahel_extract.components.caseless import CaselessPattern

_PARSER: Any = importlib.import_module("re._parser")
_OPS: Any = importlib.import_module("re._constants")

GAP = ".*"
"""Any text at all, standing where the rule has something without a literal to hold on to."""
ONE = "."
"""Any one character, standing for a class not written out (`\\w`, `[^)]`, `.`)."""

_FLAGS = ("HS_FLAG_DOTALL", "HS_FLAG_SINGLEMATCH", "HS_FLAG_UTF8", "HS_FLAG_PREFILTER")
"""`.` matches any character (newlines too), each rule is reported once per document, the text
and the rules are UTF-8, and Hyperscan may simplify a rule further as long as it keeps every match."""


class _UnsupportedError(ValueError):
    """A construct `loosened` cannot widen (a conditional group, a flag set inside the rule)."""


def loosened(source: str) -> str | None:
    r"""A Hyperscan expression matching in every text `source` (case-sensitive) matches in, or None.

    The rule is read with `re`'s own parser and written back with only what a match must contain
    in order: its literal characters, and the classes of spaces, digits and listed characters
    (`\s+`, `[,;]`, `s?`), their ASCII characters as Python's engine reads them and any other
    character for the rest. Any other class becomes any character; an anchor, a word boundary or
    a look-around is dropped; a back-reference, and anything else repeated without bound or
    holding no literal, becomes any text; an optional part is kept as optional when it is written
    exactly (`jan(?:uary)?`), else any text. An alternation with a branch holding no literal (a
    count's `\d+|one|two`) keeps that branch up to the first class it requires (`_narrowed`), in a
    rule with at most `MAX_NARROWED` such alternations; with more, or with a branch requiring no
    class, the alternation is any text. What may be absent at either end is dropped, what must be
    there (the day's digit after a month) stays. The expression is weaker than the rule, never
    stronger: a document it does not match cannot hold a match of the rule, nor can any part of
    the document. None when no such expression is known or it would match everywhere.
    """
    tree = _PARSER.parse(source, 0)
    if tree.state.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        narrowing = _Narrowing(allowed=True)
        parts = _sequence(tree.data, narrowing)
        if narrowing.count > MAX_NARROWED:
            parts = _sequence(tree.data, _Narrowing(allowed=False))
    except _UnsupportedError:
        return None
    while parts and _optional(parts[0]):  # a text holding a match holds its middle
        parts.pop(0)
    while parts and _optional(parts[-1]):
        parts.pop()
    return "".join(parts) if any(part not in (GAP, ONE) for part in parts) else None


MAX_NARROWED = 5
"""Alternations narrowed by a class (`_narrowed`) in one rule at most. A casualty rule reading a
count before and after its victims has seven: narrowed, it compiled to a database of 0.7 MB in
ten seconds and spared no more scans (the notes that hold its fate words hold figures too)."""


class _Narrowing:
    """Whether `loosened` may narrow an alternation's literal-free branches, and how many it did."""

    __slots__ = ("allowed", "count")

    def __init__(self, *, allowed: bool) -> None:
        self.allowed = allowed
        self.count = 0


def _sequence(items: list[tuple[Any, Any]], narrowing: _Narrowing) -> list[str]:
    parts: list[str] = []
    for op, av in items:
        for part in _item(op, av, narrowing):
            if part != GAP or not parts or parts[-1] != GAP:
                parts.append(part)
    return parts


def _loose(part: str) -> bool:
    """Whether a part holds no literal: any text, any character, a class (written `[…]`), an
    optional part (`(?:…){0,1}`)."""
    return part in (GAP, ONE) or part.startswith("[") or part.endswith("){0,1}")


def _literal_free(parts: list[str]) -> bool:
    return all(map(_loose, parts))


def _optional(part: str) -> bool:
    """Whether a part at an end of the expression can be dropped and keep it as selective: any text,
    any character, a class that may be absent (`[…]{0,…}`). A class that must be there stays: the
    digit of a day before a month, the space after "le"."""
    return part in (GAP, ONE) or part.endswith("){0,1}") or (part.startswith("[") and _NONE_OR_MORE.search(part) is not None)


_NONE_OR_MORE = re.compile(r"\{0,\d*\}$")
"""The bounds of a repeat that may be absent (`{0,}`, `{0,3}`), as `_item` writes them."""


def _unknown(parts: list[str]) -> bool:
    """Whether a branch tells nothing of the text: empty, or any text and characters."""
    return all(part in (GAP, ONE) for part in parts)


def _narrowed(parts: list[str]) -> list[str]:
    """A branch without a literal up to the first class it cannot do without, that class once, then
    any text: `\\d{1,3}(?:[, ]\\d{3})+` is a digit, `0?[1-9]` a `0` or not and a digit. Written
    whole, the count's branches made a megabyte's database (`(?:\\d+|one|two)` compiled in a minute);
    one character keeps what the gate needs of them: a digit stands there, not any text. [GAP]
    when the branch requires no class."""
    for i, part in enumerate(parts):
        if part.startswith("[") and not _optional(part):
            return [*parts[:i], part[: part.rindex("]") + 1], GAP]
    return [GAP]


def _item(op: Any, av: Any, narrowing: _Narrowing) -> list[str]:
    if op is _OPS.LITERAL:
        char = chr(av).lower() if len(chr(av).lower()) == 1 else chr(av)  # an escaped capital (`\x41`): the text is folded
        return [char if char.isalnum() or not char.isascii() else f"\\x{ord(char):02x}"]
    if op is _OPS.IN:
        return [_written_class(av) or ONE]
    if op in (_OPS.NOT_LITERAL, _OPS.ANY, _OPS.CATEGORY):
        return [ONE]
    if op in (_OPS.AT, _OPS.ASSERT, _OPS.ASSERT_NOT):
        return []
    if op is _OPS.GROUPREF:
        return [GAP]  # what its group matched: any text, as far as the gate can tell
    if op is _OPS.SUBPATTERN:
        if av[1] or av[2]:
            raise _UnsupportedError("flags inside the rule")
        return _sequence(av[3].data, narrowing)
    if op is _OPS.ATOMIC_GROUP:
        return _sequence(av.data, narrowing)
    if op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT):
        least, most, content = av
        if len(content.data) == 1 and (written := _written_one(*content.data[0])):
            bounds = f"{{{least},}}" if most == _OPS.MAXREPEAT else f"{{{least},{most}}}"
            return [written + bounds]  # `\s+`, `0?`: exact, and smaller databases than any text
        if least == 0 and most == 1:
            probe = _Narrowing(allowed=narrowing.allowed)  # its narrowings count only if it is kept
            inner = _sequence(content.data, probe)
            if inner and not any(part in (GAP, ONE) for part in inner):
                narrowing.count += probe.count
                return [f"(?:{''.join(inner)}){{0,1}}"]  # `jan(?:uary)?\s`: exact, not `jan.*\s`
        inner = [] if least == 0 else _sequence(content.data, narrowing)
        if _literal_free(inner):
            return [ONE, GAP] if ONE in inner else [GAP]
        return inner if most == 1 else [*inner, GAP]  # one copy, then anything the others were
    if op is _OPS.BRANCH:
        branches = [_sequence(branch.data, narrowing) for branch in av[1]]
        if any(_literal_free(branch) for branch in branches):
            branches = [_narrowed(branch) if _literal_free(branch) else branch for branch in branches]
            if not narrowing.allowed or any(_unknown(branch) for branch in branches):
                return [GAP]
            narrowing.count += 1
        # a branch's leading or trailing gap is moved out of the alternation: (?:a.*|b) -> (?:a|b).*
        before = [GAP] if any(branch[0] == GAP for branch in branches) else []
        after = [GAP] if any(branch[-1] == GAP for branch in branches) else []
        alternatives = "|".join(dict.fromkeys("".join(_trimmed(branch)) for branch in branches))  # narrowed, `\d+|\d{1,3}` are one
        return [*before, f"(?:{alternatives})", *after]
    raise _UnsupportedError(f"no loosened form for {op}")


def _written_one(op: Any, av: Any) -> str | None:
    """A literal character or a class (`_written_class`) as a Hyperscan class, for a repeat of it."""
    if op is _OPS.LITERAL:
        return _written_class([(op, av)])
    return _written_class(av) if op is _OPS.IN else None


def _written_class(items: list[tuple[Any, Any]]) -> str | None:
    r"""A class of listed characters, ranges, spaces and digits as a Hyperscan class; None for any
    other (a negated one, `\w`: there any character stands for it).

    Its ASCII characters are written exactly, as Python's engine reads the class; any non-ASCII one
    it holds (the no-break space, an Arabic digit) stands for every non-ASCII character: written
    out, Unicode's spaces and digits made the databases larger, and slower to scan.
    """
    chars: set[int] = set()
    for op, av in items:
        if op is _OPS.LITERAL:
            chars.add(av)
        elif op is _OPS.RANGE:
            chars.update(range(av[0], min(av[1], 0x80) + 1))
            if av[1] >= 0x80:
                chars.add(0x80)
        elif op is _OPS.CATEGORY and av in (_OPS.CATEGORY_SPACE, _OPS.CATEGORY_DIGIT):
            chars.update(_category(str(av)))
        else:
            return None
    # both cases of a letter: a caseless rule's class as written (`[A-Z]`) admits the folded text's
    ascii_chars = sorted({ord(case) for c in chars if c < 0x80 for case in (chr(c).lower(), chr(c).upper())})
    written = [f"\\x{{{first:x}}}" if first == last else f"\\x{{{first:x}}}-\\x{{{last:x}}}" for first, last in _runs(ascii_chars)]
    if any(c >= 0x80 for c in chars):
        written.append(_NON_ASCII)
    return "[" + "".join(written) + "]"


_NON_ASCII = "\\x{80}-\\x{d7ff}\\x{e000}-\\x{10ffff}"
"""Every character a UTF-8 text can hold beyond ASCII (a surrogate cannot be encoded)."""


@functools.cache
def _category(name: str) -> frozenset[int]:
    r"""Python's `\s` or `\d` in a text pattern: its ASCII characters, and 0x80 if any other."""
    matched = re.findall(r"\s" if name == "CATEGORY_SPACE" else r"\d", "".join(map(chr, range(0x80))) + _SPACES_AND_DIGITS)
    return frozenset(min(ord(c), 0x80) for c in matched)


_SPACES_AND_DIGITS = "\u00a0\u0660"
r"""A non-ASCII space and digit: Python's `\s` and `\d` hold some, so they stand for them all."""


def _runs(points: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for point in points:
        if runs and runs[-1][1] == point - 1:
            runs[-1] = (runs[-1][0], point)
        else:
            runs.append((point, point))
    return runs


def _trimmed(parts: list[str]) -> list[str]:
    start, end = 0, len(parts)
    while start < end and parts[start] == GAP:
        start += 1
    while end > start and parts[end - 1] == GAP:
        end -= 1
    return parts[start:end]


def _hyperscan() -> Any:
    """The `hyperscan` module, or None where it is not installed (no wheel for this platform)."""
    try:
        return importlib.import_module("hyperscan")
    except ImportError:
        return None


def _mark(rule: int, start: int, end: int, flags: int, found: bytearray) -> None:
    found[rule] = 1


class RuleGate:
    """Which of a fixed list of rules may match a document: one Hyperscan scan, else the literal gate.

    `possible(folded)` answers for all the rules at once, in their order; a rule it admits is
    then scanned without its own literal gate (`CaselessPattern.finditer(..., gated=True)`): the
    answer has taken it into account. The database is built on the first document, from the
    cache when an earlier run compiled the same rules.
    """

    __slots__ = ("_database", "_error", "_unjudged", "patterns")

    def __init__(self, patterns: Sequence[CaselessPattern]) -> None:
        self.patterns = tuple(patterns)
        self._database: Any = False  # False: not built yet; None: no Hyperscan, the literal gate answers
        self._error: type[Exception] = Exception  # Hyperscan's
        self._unjudged: tuple[int, ...] = ()  # rules Hyperscan has no form of: the literal gate answers

    def __reduce__(self) -> tuple[type[RuleGate], tuple[tuple[CaselessPattern, ...]]]:
        return RuleGate, (self.patterns,)  # a Hyperscan database does not pickle: it is built again

    def prepare(self) -> None:
        """Build (or read from the cache) the database now rather than at the first document.

        The stages call it when the pipeline is built: a first run's compilation (some 0.3 s per
        stage and language, more on a slow machine) must not count against the first article's
        time limit.
        """
        if self._database is False:
            self._build()

    def possible(self, folded: str | None) -> Sequence[int]:
        """Per rule, true when it may match the document whose `folded_of` is `folded`.

        With no folded text the rules are scanned the slow way, which has no gate: all are admitted.
        """
        patterns = self.patterns
        if folded is None:
            return [1] * len(patterns)
        database = self._database
        if database is False:
            database = self._build()
        if database is not None:
            found = bytearray(len(patterns))
            for index in self._unjudged:
                found[index] = patterns[index].may_match(folded)
            try:  # a plain `try`: `contextlib.suppress` cost a fifth of the call, on every document
                database.scan(folded.encode("utf-8"), match_event_handler=_mark, context=found)
            except (UnicodeEncodeError, self._error):  # a lone surrogate
                pass
            else:
                return found
        return [pattern.may_match(folded) for pattern in patterns]

    def _build(self) -> Any:
        hyperscan = _hyperscan()
        database = None
        if hyperscan is not None:
            self._error = hyperscan.error
            with contextlib.suppress(hyperscan.error):
                database = self._load(hyperscan)
        self._database = database
        return database

    def _load(self, hyperscan: Any) -> Any:
        """The database of the rules' loosened forms, compiled or read from the cache."""
        folder = cache.fingerprint("gate", __file__, versions=(str(hyperscan.__version__),))
        key = cache.digest("gate", *(pattern.source for pattern in self.patterns))
        found = cache.load(folder, key)
        database = None
        entry: tuple[tuple[int, ...], bytes] | None = None
        if (
            isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], bytes) and isinstance(found[0], tuple)
            and all(isinstance(i, int) and 0 <= i < len(self.patterns) for i in found[0])
        ):
            with contextlib.suppress(hyperscan.error, TypeError, ValueError):  # another machine's, a damaged one
                database = hyperscan.loadb(found[1], hyperscan.HS_MODE_BLOCK)
                entry = found
        if database is None or entry is None:
            entry = self._compile(hyperscan)
            if entry is None:
                return None
            cache.store(folder, key, entry)
            database = hyperscan.loadb(entry[1], hyperscan.HS_MODE_BLOCK)
        database.scratch = hyperscan.Scratch(database)
        judged = frozenset(entry[0])
        self._unjudged = tuple(i for i in range(len(self.patterns)) if i not in judged)
        return database

    def _compile(self, hyperscan: Any) -> tuple[tuple[int, ...], bytes] | None:
        """The judged rules' indices and their serialised database; a rule Hyperscan refuses is left
        to the literal gate."""
        flags = 0
        for name in _FLAGS:
            flags |= getattr(hyperscan, name)
        expressions = {i: e for i, pattern in enumerate(self.patterns) if (e := loosened(pattern.lowered_source)) is not None}
        while expressions:
            database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            try:
                database.compile(
                    expressions=[e.encode("utf-8") for e in expressions.values()],
                    ids=list(expressions),
                    flags=[flags] * len(expressions),
                )
            except hyperscan.error:
                accepted = {i: e for i, e in expressions.items() if _compiles(hyperscan, e, flags)}
                if len(accepted) == len(expressions):
                    return None  # each alone compiles, not all together: too many for one database
                expressions = accepted
                continue
            return tuple(expressions), hyperscan.dumpb(database)
        return None


def _compiles(hyperscan: Any, expression: str, flags: int) -> bool:
    try:
        hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK).compile(expressions=[expression.encode("utf-8")], ids=[0], flags=[flags])
    except hyperscan.error:
        return False
    return True
