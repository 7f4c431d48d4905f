"""Fast case-insensitive rules: the regex stages' scans, made cheap without changing one match.

With IGNORECASE, Python's regex engine can neither skip an alternative by its first letter nor
search for a literal prefix, so every rule tried every alternative at every word boundary: the
costliest work of the pipeline after tokenisation. `CaselessPattern` scans a lowercased copy of
the text case-sensitively instead (when that is exact, see `lowered_exactly`), and skips the scan
altogether when the text lacks every literal that any match of the rule must contain.
"""

from __future__ import annotations

import contextlib
import importlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from spacy.tokens import Doc

from sahel_extract import cache
from sahel_extract.components.common import text_of

# The standard library's own regex parser and compiler: the only exact reading of a pattern's
# structure, and a compiler that takes the parsed tree back.
_PARSER: Any = importlib.import_module("re._parser")
_COMPILER: Any = importlib.import_module("re._compiler")
_OPS: Any = importlib.import_module("re._constants")
_SRE: Any = importlib.import_module("_sre")

# Characters that IGNORECASE equates with a letter they do not lowercase to ("ſ" with "s", "ı"
# with "i"), and every astral character: a text holding one is matched the slow way.
_CASE_TRAPS = re.compile(
    "["
    + "".join(
        re.escape(c)
        for c in map(chr, range(0x80, 0x10000))
        if len(c.lower()) == 1 and c.lower() == c and c.upper().lower() != c
    )
    + "\U00010000-\U0010ffff]"
)
MAX_NEEDS = 16
"""A rule is gated on its literals only when they are few: each costs one substring search."""


def lowered_exactly(text: str) -> str | None:
    """`text.lower()` when it keeps every offset and IGNORECASE would equate nothing more.

    Only then is a case-sensitive scan of the lowercased text the same as an IGNORECASE scan
    of the text: a character lowercasing to two would shift every later offset.
    """
    lowered = text.lower()
    if text.isascii():
        return lowered
    return lowered if len(lowered) == len(text) and not _CASE_TRAPS.search(lowered) else None


def folded_of(doc: Doc) -> str | None:
    """`lowered_exactly` of the document text, computed once per document."""
    folded = doc.user_data.get("folded", False)
    if folded is False:
        folded = lowered_exactly(text_of(doc))
        doc.user_data["folded"] = folded
    return None if folded is None else str(folded)


def _lowercase_literals(source: str) -> str:
    """A regex source with its literal letters lowercased; escapes, classes and `(?P` kept.

    Character classes stay as written: on lowercased text `[A-Za-zÀ-ÿ]` still admits exactly the
    characters IGNORECASE admitted.
    """
    out: list[str] = []
    i = 0
    in_class = False
    while i < len(source):
        char = source[i]
        if char == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if source.startswith("^", i + 1):
                out.append("[^")
                i += 2
                continue
        elif source.startswith("(?P", i):
            out.append("(?P")
            i += 3
            continue
        else:
            char = char.lower()
        out.append(char)
        i += 1
    return "".join(out)


def _selective(candidates: Sequence[frozenset[str] | None]) -> frozenset[str] | None:
    """The literal set to test: no string under three characters if possible, then the fewest."""
    known = [c for c in candidates if c]
    if not known:
        return None
    return min(known, key=lambda c: (min(map(len, c)) < 3, len(c), -min(map(len, c))))


def _needs(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    """Literals one of which every match of this parsed sequence contains; None if unknown.

    A run of literal characters is such a set of one; a group or a repeat of at least one is
    its content's set; an alternation is the union of its branches' sets, known only when every
    branch's is. A sequence may take any one of its items' sets: the most selective is kept.
    """
    candidates: list[frozenset[str] | None] = []
    run: list[str] = []
    for op, arg in items:
        if op is _OPS.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            candidates.append(frozenset({"".join(run)}))
            run = []
        if op is _OPS.BRANCH:
            branches = [_needs(list(branch)) for branch in arg[1]]
            if all(branches):
                candidates.append(frozenset().union(*(b for b in branches if b)))
        elif op is _OPS.SUBPATTERN:
            candidates.append(_needs(list(arg[3])))
        elif op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT) and arg[0] >= 1:
            candidates.append(_needs(list(arg[2])))
    if run:
        candidates.append(frozenset({"".join(run)}))
    return _selective(candidates)


def required_literals(source: str, tree: Any = None) -> tuple[str, ...] | None:
    """For a case-sensitive pattern: strings one of which is in every text it matches in.

    Strings holding another of the set are dropped (the shorter one is found wherever the
    longer is). None when no such set is known or it is too large to be worth testing.
    `tree` is the source already parsed (`re._parser.parse(source, 0)`), if the caller has it;
    without it the answer comes from the cache when an earlier run computed it.
    """
    if tree is None:
        return _cached_needs("needs", source, lambda: _required_literals(_PARSER.parse(source, 0)))
    return _required_literals(tree)


def _required_literals(tree: Any) -> tuple[str, ...] | None:
    needs = _needs(list(tree))
    if not needs:
        return None
    minimal = sorted(s for s in needs if not any(t != s and t in s for t in needs))
    return tuple(minimal) if len(minimal) <= MAX_NEEDS else None


Code = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
"""A compiled pattern as `_sre.compile` takes it after the source: flags, code, groups, and the
group index both ways. Plain data: it is what the cache keeps of a compiled rule."""


def factored(source: str, flags: int = 0, tree: Any = None) -> re.Pattern[str]:
    """`re.compile(source, flags)` with its alternations turned into tries: the same matches, faster.

    Python's engine tries an alternation's branches one by one at every position it reaches, so a
    rule listing a hundred number words and verbs tests a hundred branches at every word. Here the
    parsed pattern is rewritten so that branches starting with the same literal character share
    one branch on it (`one|onze|out` becomes `o(?:n(?:e|ze)|ut)`) and the engine rejects a word by
    its first letter. Branches are only regrouped past branches that cannot match at the same
    place (their first characters differ), never past one that starts otherwise, so the order in
    which the engine tries the alternatives at any position is unchanged, and with it every match
    and every group. Flags that compare characters loosely (IGNORECASE) are left alone.
    `tree` is the source already parsed with `flags`, if the caller has it (it is not changed);
    without it the compiled code comes from the cache when an earlier run built it.
    """
    if flags & (re.IGNORECASE | re.LOCALE):
        return re.compile(source, flags)
    if tree is None:
        return _cached_pattern("factored", source, flags, lambda: (source, _factored_code(source, flags, None)))
    return _compiled(source, flags, _factored_code(source, flags, tree))


def _factored_code(source: str, flags: int, tree: Any) -> Code | None:
    """The factored pattern's code; None when the re internals moved (`re.compile` is then used)."""
    try:
        return _gated_code(_factor(_PARSER.parse(source, flags) if tree is None else tree), flags)
    except (AttributeError, TypeError, ValueError):
        return None


def _plain_code(source: str, flags: int) -> Code | None:
    """What `re.compile(source, flags)` compiles, as `re._compiler.compile` does it."""
    tree = _PARSER.parse(source, flags)
    try:
        return _code_of(tree, flags, _COMPILER._code(tree, flags))
    except (AttributeError, TypeError, ValueError):
        return None


def _gated_code(tree: Any, flags: int) -> Code:
    """`re._compiler.compile(tree)`, told which characters a match can start with.

    The engine skips to a possible first character in C when the compiler finds a literal or a set
    at the start of the pattern, but a rule starting with `\b` or an optional word shows it none and
    is attempted at every position. The set computed by `_first` is handed to the same info block
    the compiler writes for `[abc]…`; the pattern itself is compiled unchanged.
    """
    flags |= tree.state.flags
    probe = tree
    first, nullable = _first(tree.data)
    if first and not nullable and not _COMPILER._get_literal_prefix(tree, flags)[0]:
        probe = _PARSER.SubPattern(tree.state, [(_OPS.IN, first)])
        probe.width = tree.getwidth()  # the info block's width bounds must stay the pattern's
    code: list[int] = []
    _COMPILER._compile_info(code, probe, flags)
    _COMPILER._compile(code, tree.data, flags)
    code.append(_OPS.SUCCESS)
    return _code_of(tree, flags, code)


def _code_of(tree: Any, flags: int, code: list[int]) -> Code:
    groups: dict[str, int] = dict(tree.state.groupdict)
    index: list[str | None] = [None] * tree.state.groups
    for name, number in groups.items():
        index[number] = name
    # plain ints: the compiler's opcodes are an int subclass, which the cache cannot write
    return int(flags | tree.state.flags), list(map(int, code)), tree.state.groups - 1, groups, tuple(index)


def _compiled(source: str, flags: int, code: Code | None) -> re.Pattern[str]:
    """The pattern object for compiled `code` (`re.compile` when there is none). The source is
    kept as the pattern's text, so it pickles (as the plain, equivalent pattern)."""
    if code is None:
        return re.compile(source, flags)
    compiled: re.Pattern[str] = _SRE.compile(source, *code)
    return compiled


def _cached_pattern(
    kind: str, source: str, flags: int, build: Callable[[], tuple[str, Code | None]]
) -> re.Pattern[str]:
    """The pattern `build()` gives (its text and code) for the rule `source`, from the code an
    earlier run kept when there is one.

    `_sre.compile` checks the code it is given and refuses what it cannot run: a damaged entry
    is rebuilt, never run.
    """
    folder, key = _cache_place(kind, f"{flags}:{source}")
    found = cache.load(folder, key)
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], str) and found[1] is not None:
        with contextlib.suppress(RuntimeError, TypeError, ValueError, OverflowError):
            return _compiled(found[0], flags, found[1])
    text, code = build()
    cache.store(folder, key, (text, code))
    return _compiled(text, flags, code)


@contextlib.contextmanager
def cached_compiles() -> Iterator[None]:
    """Within the block, `re.compile` of a text pattern takes its compiled code from the cache.

    For importing a library module that compiles large patterns at import: spaCy's French module
    builds one token rule from hundreds of hyphenated forms over the whole alphabet class, and
    compiling it is ~3 s of every run that reads a French article (the import itself is 0.1 s).
    The code kept is what `re.compile` makes of the same source and flags (`_plain_code`), so the
    pattern matches exactly as before. Meant for the main thread at start-up: the patch is visible
    to other threads while the block runs.
    """
    original = re.compile

    def compile_cached(pattern: Any, flags: Any = 0) -> Any:
        if not isinstance(pattern, str):
            return original(pattern, flags)
        number = int(flags)
        return _cached_pattern("plain", pattern, number, lambda: (pattern, _plain_code(pattern, number)))

    re.compile = compile_cached
    try:
        yield
    finally:
        re.compile = original


def _cached_needs(kind: str, source: str, build: Callable[[], tuple[str, ...] | None]) -> tuple[str, ...] | None:
    """`build()` (a rule's required literals), or what it gave in an earlier run."""
    folder, key = _cache_place(kind, source)
    found = cache.load(folder, key)
    if isinstance(found, tuple) and len(found) == 1:
        needs = found[0]
        if needs is None or (isinstance(needs, tuple) and all(isinstance(n, str) for n in needs)):
            return needs
    needs = build()
    cache.store(folder, key, (needs,))
    return needs


def _cache_place(kind: str, source: str) -> tuple[str, str]:
    """The cache folder and key of a rule's entry: what this module's code and Python's version
    compile a source to is fixed (`sahel_extract.cache`)."""
    return cache.fingerprint("regex", __file__), cache.digest(kind, source)


_UNKNOWN: tuple[None, bool] = (None, False)


def _first(items: list[tuple[Any, Any]]) -> tuple[list[tuple[Any, Any]] | None, bool]:
    """The set items (as in `[…]`) one of which starts every match of `items`, and whether they
    can match the empty string; None when the set is unknown or any character."""
    chars: list[tuple[Any, Any]] = []
    for op, av in items:
        found, nullable = _first_of(op, av)
        if found is None:
            return _UNKNOWN
        chars.extend(found)
        if not nullable:
            return chars, False
    return chars, True


def _first_of(op: Any, av: Any) -> tuple[list[tuple[Any, Any]] | None, bool]:
    if op is _OPS.LITERAL:
        return [(op, av)], False
    if op is _OPS.IN:
        return _UNKNOWN if any(item is _OPS.NEGATE for item, _ in av) else (list(av), False)
    if op in (_OPS.AT, _OPS.ASSERT, _OPS.ASSERT_NOT):
        return [], True  # zero-width: the next item starts the match
    if op is _OPS.SUBPATTERN:
        return _first(av[3].data)
    if op is _OPS.ATOMIC_GROUP:
        return _first(av.data)
    if op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT):
        found, nullable = _first(av[2].data)
        return _UNKNOWN if found is None else (found, nullable or av[0] == 0)
    if op is _OPS.BRANCH:
        union: list[tuple[Any, Any]] = []
        any_nullable = False
        for branch in av[1]:
            found, nullable = _first(branch.data)
            if found is None:
                return _UNKNOWN
            union.extend(found)
            any_nullable = any_nullable or nullable
        return union, any_nullable
    return _UNKNOWN  # any character, a back-reference, a conditional


def _factor(pattern: Any) -> Any:
    """A copy of a parsed (sub)pattern with every alternation inside it factored."""
    data: list[tuple[Any, Any]] = []
    for op, av in pattern.data:
        if op is _OPS.BRANCH:
            branches = _factor_branches(pattern.state, [_factor(b) for b in av[1]])
            if len(branches) == 1:
                data.extend(branches[0].data)
            else:
                data.append((op, (av[0], branches)))
        elif op is _OPS.SUBPATTERN:
            data.append((op, (*av[:3], _factor(av[3]))))
        elif op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT):
            data.append((op, (av[0], av[1], _factor(av[2]))))
        elif op in (_OPS.ASSERT, _OPS.ASSERT_NOT):
            data.append((op, (av[0], _factor(av[1]))))
        elif op is _OPS.ATOMIC_GROUP:
            data.append((op, _factor(av)))
        elif op is _OPS.GROUPREF_EXISTS:
            data.append((op, (av[0], _factor(av[1]), None if av[2] is None else _factor(av[2]))))
        else:
            data.append((op, av))
    return _PARSER.SubPattern(pattern.state, data)


def _factor_branches(state: Any, branches: list[Any]) -> list[Any]:
    """Alternatives in order, those starting with the same literal merged under it, recursively.

    A branch that does not start with a literal (a class, a group, an empty branch) is a barrier:
    nothing is moved across it, since it may match where the others do.
    """
    out: list[Any] = []
    buckets: dict[int, list[Any]] = {}

    def flush() -> None:
        for char, members in buckets.items():
            if len(members) == 1:
                out.append(members[0])
                continue
            rest = _factor_branches(state, [_PARSER.SubPattern(state, m.data[1:]) for m in members])
            tail = rest[0].data if len(rest) == 1 else [(_OPS.BRANCH, (None, rest))]
            out.append(_PARSER.SubPattern(state, [(_OPS.LITERAL, char), *tail]))
        buckets.clear()

    for branch in branches:
        if branch.data and branch.data[0][0] is _OPS.LITERAL:
            buckets.setdefault(branch.data[0][1], []).append(branch)
        else:
            flush()
            out.append(branch)
    flush()
    return out


class CaselessPattern:
    """A case-insensitive rule, scanned over the lowercased text when `folded_of` allows it.

    Every match is then re-read from the original text at the same offset, so callers get
    exactly the `re.Match` (groups in their original case) the plain IGNORECASE scan gives.

    The three compiled forms are built on first use: compiling every rule of both languages
    took as long as starting spaCy, while an article needs few of them (a rule whose literals
    the text lacks never needs `fast`, one that never matches never needs `exact`).
    """

    __slots__ = ("_exact", "_fast", "_lowered", "_needs", "_tree", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._exact: re.Pattern[str] | None = None
        self._fast: re.Pattern[str] | None = None
        self._needs: tuple[str, ...] | bool | None = False  # False: not computed yet
        self._tree: Any = None  # the lowered source parsed for `needs`, kept for `fast`
        self._lowered: str | None = None

    @property
    def exact(self) -> re.Pattern[str]:
        """The rule as written, compiled with IGNORECASE."""
        if self._exact is None:
            source = self.source
            self._exact = _cached_pattern("exact", source, re.IGNORECASE, lambda: (source, _plain_code(source, re.IGNORECASE)))
        return self._exact

    @property
    def fast(self) -> re.Pattern[str]:
        """The rule for the lowercased text, factored (see `factored`)."""
        if self._fast is None:
            self._fast = _cached_pattern(
                "fast", self.source, 0, lambda: (self._lowered_source(), _factored_code(self._lowered_source(), 0, self._parsed()))
            )
            self._tree = None
        return self._fast

    @property
    def needs(self) -> tuple[str, ...] | None:
        """`required_literals` of the lowered rule."""
        if self._needs is False:
            self._needs = _cached_needs("caseless-needs", self.source, lambda: _required_literals(self._parsed()))
        return self._needs  # type: ignore[return-value]

    @property
    def lowered_source(self) -> str:
        """The rule that `fast` compiles (before factoring): its literal letters lowercased."""
        return self._lowered_source()

    def _parsed(self) -> Any:
        if self._tree is None:
            self._tree = _PARSER.parse(self._lowered_source(), 0)
        return self._tree

    def _lowered_source(self) -> str:
        if self._lowered is None:
            self._lowered = _lowercase_literals(self.source)
        return self._lowered

    def __reduce__(self) -> tuple[type[CaselessPattern], tuple[str]]:
        return CaselessPattern, (self.source,)  # `fast` is compiled from a tree: it has no source to pickle

    def count(self, text: str) -> int:
        """How many times the rule matches in `text` (no match objects needed)."""
        folded = lowered_exactly(text)
        return len(self.exact.findall(text) if folded is None else self.fast.findall(folded))

    def search(self, text: str) -> re.Match[str] | None:
        """The first match in `text`, as `re.Pattern.search` with IGNORECASE gives it."""
        folded = lowered_exactly(text)
        if folded is None:
            return self.exact.search(text)
        if not self.may_match(folded):
            return None
        found = (self._fast or self.fast).search(folded)
        return None if found is None else (self._exact or self.exact).match(text, found.start())

    def found_in(self, text: str, folded: str | None) -> bool:
        """Whether the rule matches `text`, whose `lowered_exactly` (or that window of the
        document's `folded_of`) the caller already has: no lowercasing, no match re-read."""
        if folded is None:
            return self.exact.search(text) is not None
        return self.may_match(folded) and (self._fast or self.fast).search(folded) is not None

    def finditer(self, text: str, folded: str | None, *, gated: bool = False) -> Iterator[re.Match[str]]:
        """The matches in `text`, as `re.Pattern.finditer` with IGNORECASE gives them; `folded` is
        its `lowered_exactly`. `gated`: the caller's gate has already found that the rule may match
        in `folded` (`RuleGate`), and its own literal test is skipped."""
        if folded is None:
            yield from self.exact.finditer(text)
            return
        if not gated and not self.may_match(folded):
            return
        for found in self.fast.finditer(folded):
            match = self.exact.match(text, found.start())
            if match is not None:
                yield match

    def spans(self, text: str, folded: str | None, pos: int, endpos: int) -> Iterator[tuple[int, int]]:
        """(start, end) of each match between `pos` and `endpos`, as `finditer(text, pos, endpos)` of
        the IGNORECASE rule gives them; `folded` is the whole text's `lowered_exactly`. For callers
        that need where a rule matches, not its groups: no match is re-read from the text."""
        if folded is None:
            for match in self.exact.finditer(text, pos, endpos):
                yield match.span()
            return
        for found in (self._fast or self.fast).finditer(folded, pos, endpos):
            yield found.span()

    def may_match(self, folded: str) -> bool:
        """False when the lowercased text lacks every literal a match must contain.

        Asked some 35 times per ACLED note, mostly of rules needing one or two literals: a plain
        loop over the cached literals, not the `needs` property and `any(map(...))`.
        """
        needs = self._needs
        if needs is False:
            needs = self.needs
        if needs is None:
            return True
        for need in needs:  # type: ignore[union-attr]  # never True: False only marks "not computed"
            if need in folded:
                return True
        return False


def literal_alternation(words: Iterable[str]) -> str:
    """The alternation of literal `words`, longer words before their prefixes, as a trie.

    At any position the words that match are prefixes of one another: the alternation tries them
    longest first, and so does the trie (its optional tails are greedy), so every match and group
    is unchanged. The engine follows one branch per letter instead of trying every word.
    """
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_source(tree)


def _trie_source(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _trie_source(child) for char, child in node.items() if char]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")
