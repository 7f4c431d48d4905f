"""Map free actor names to the canonical short names the gold files use.

Gold files written by analysts (and ACLED exports) label actors in many ways: "JNIM: Group for
Support of Islam and Muslims", "Military Forces of Mali (2021-)", "Unidentified Armed Group
(Mali)", "gunmen". Scoring actor agreement only makes sense once both sides speak the same short
names, so `evaluate` passes every gold and predicted actor name through `ActorCanon`.

The mapping deliberately behaves exactly like the independent scorer's canonicaliser
(`tools/actor_canon.py` beside the corpus), so that `sahel-extract evaluate` and that scorer
agree to the last digit: an ordered list of rules, each a canonical name and the alternatives
that select it, searched in a normalised, lower-case ASCII label; the first rule that hits wins,
and a name no rule knows is kept as it was written (stripped).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Final


@dataclass(frozen=True)
class CanonRule:
    """One canonical name and the regular-expression alternatives that select it.

    Alternatives starting with `^` only match at the start of the label: "women" names
    civilians, but "JNIM kills women" must not.
    """

    canonical: str
    alternatives: tuple[str, ...]

    def compile(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{alt})" for alt in self.alternatives))


_FORCES_OF = "(military|police) forces of"

# Order matters: the first rule that hits wins. Uncertain attributions come first so that
# "JNIM and/or ISSP" is not credited to either group; victims come before perpetrators so that
# "civilians (Fulani)" stays civilians; the catch-all for unnamed armed men comes last.
CANON_RULES: Final[tuple[CanonRule, ...]] = (
    CanonRule("Unidentified armed group", ("and/or",)),
    CanonRule(
        "Civilians",
        (
            "^civilians",
            "^women",
            "^aid workers",
            "^health workers",
            "^teachers",
            "^students",
            "^journalists",
            "^refugees",
            "^prisoners",
            "^farmers",
            "^pastoralists",
            "^miners",
            "^traders",
            "ethnic group",
            "^muslim group",
            "^christian group",
            "^labou?r group",
            "civilian",
        ),
    ),
    CanonRule("JNIM", ("^jnim", "support (of|for|to) islam", "nusrat", "nasr al.islam", "gsim")),
    CanonRule("Katiba Macina", ("katiba macina", "macina liberation", r"\bflm\b")),
    CanonRule(
        "ISSP",
        (
            "islamic state.*(sahel|greater sahara)",
            "greater sahara faction",
            r"\bisgs\b",
            r"\beigs\b",
            r"\bissp\b",
            "is sahel",
            "etat islamique",
        ),
    ),
    CanonRule("ISWAP/Boko Haram", ("boko haram", "wilayat gharb", "iswap", "west africa province")),
    CanonRule("AQIM", (r"\baqim\b", "qaeda in the islamic maghreb", "aqmi")),
    CanonRule("Ansarul Islam", ("ansar(o|u)?ul islam",)),
    CanonRule("Ansar Dine", ("ansar (e)?dine",)),
    CanonRule("MUJAO", ("mujao", "mujwa")),
    CanonRule("Al Mourabitoune", ("mourabitoun",)),
    CanonRule("Platform", ("^cmfpr", "^plateforme", "^platform")),
    CanonRule("CSP", (r"\bcsp\b", "cadre strategique", "strategic framework")),
    CanonRule(
        "FLA",
        (r"\bfla\b", "front de liberation de l.azawad", "azawad liberation front"),
    ),
    CanonRule("MNLA", (r"\bmnla\b", "liberation of azawad")),
    CanonRule("HCUA", (r"\bhcua\b", "unity of azawad")),
    CanonRule(
        "CMA",
        (r"\bcma\b", "coordination of movements of the azawad", "coordination des mouvements"),
    ),
    CanonRule("GATIA", (r"\bgatia\b", "imghad")),
    CanonRule("MSA", (r"\bmsa\b", "azawad salvation")),
    CanonRule("MAA", (r"\bmaa\b", "arab movement of the azawad")),
    CanonRule("Wagner Group", ("wagner",)),
    CanonRule("Africa Corps", ("africa corps",)),
    CanonRule("MINUSMA", ("minusma", "united nations")),
    CanonRule(
        "French forces",
        (
            "military forces of france",
            "barkhane",
            "serval",
            "french (forces|army|troops|military)",
            "takuba",
        ),
    ),
    CanonRule("G5 Sahel", ("g5 ?s", "g5 sahel")),
    CanonRule("Dan Na Ambassagou", ("dan na ambassagou", "dan nan ambassagou")),
    CanonRule("Dozo militia", ("dozo", "donso", "donzo")),
    CanonRule("Koglweogo", ("koglweogo",)),
    CanonRule(
        "VDP",
        (
            r"\bvdp\b",
            "volunteers? for (the )?defen[cs]e of (the )?homeland",
            "volontaires pour la defense",
        ),
    ),
    CanonRule("Fulani militia", ("fulani", "peul")),
    CanonRule("Dogon militia", ("dogon",)),
    CanonRule(
        "FAMa",
        (
            f"{_FORCES_OF} mali",
            r"\bfama\b",
            "malian (armed forces|army|soldiers|military|troops)",
            "forces armees maliennes",
            "government of mali",
            "mali(an)? (police|gendarmerie)",
        ),
    ),
    CanonRule(
        "Burkina Faso forces",
        (
            f"{_FORCES_OF} burkina",
            "burkin(a|abe).*(army|armed forces|military|soldiers|troops|gendarm|police)",
            "forces de defense et de securite",
            "government of burkina",
            "burkina faso government",
        ),
    ),
    CanonRule(
        "Niger forces",
        (
            rf"{_FORCES_OF} niger\b(?!ia)",
            "niger(ien)? (armed forces|army|military|soldiers|troops)",
            "forces armees nigeriennes",
            "government of niger",
        ),
    ),
    CanonRule("Chad forces", (f"{_FORCES_OF} chad", "chadian")),
    CanonRule(
        "US forces",
        (
            f"{_FORCES_OF} (the )?united states",
            "^us forces",
            "american (forces|troops|military|soldiers)",
            "africom",
        ),
    ),
    CanonRule(
        "Togo forces",
        (f"{_FORCES_OF} togo", "togo(lese)? (armed forces|army|forces|military|soldiers|troops)"),
    ),
    CanonRule(
        "Benin forces",
        (f"{_FORCES_OF} benin", "benin(ese)? (armed forces|army|forces|military|soldiers|troops|police)"),
    ),
    CanonRule(
        "Nigeria forces",
        (
            f"{_FORCES_OF} nigeria",
            "nigerian (armed forces|army|forces|military|soldiers|troops)",
            "^nigeria forces",
        ),
    ),
    CanonRule("AES", (r"^aes\b", "alliance of sahel states", "aes unified force", "alliance des etats du sahel")),
    CanonRule("Mossi militia", ("mossi",)),
    CanonRule(
        "Mauritania forces",
        (f"{_FORCES_OF} mauritania", "mauritanian (army|soldiers|forces)"),
    ),
    CanonRule("Protesters", ("^protesters", "protest")),
    CanonRule("Rioters", ("^rioters", "riot")),
    CanonRule(
        "Unidentified armed group",
        (
            "unidentified",
            "gunmen",
            "armed men",
            "assailants",
            "terrorist",
            "jihadist",
            "militants",
            "armed group",
            "bandits",
        ),
    ),
)

_SPACES = re.compile(r"\s+")


def normalise_label(name: str) -> str:
    """Lower-case ASCII with single spaces, so that "Forces Armées Maliennes" meets its rule."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _SPACES.sub(" ", ascii_text.lower()).strip()


@dataclass
class ActorCanon:
    """The compiled rules plus a cache: evaluation sees the same few names thousands of times."""

    rules: tuple[CanonRule, ...] = CANON_RULES
    _compiled: tuple[tuple[re.Pattern[str], str], ...] = field(init=False, repr=False)
    _cache: dict[str, str | None] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._compiled = tuple((rule.compile(), rule.canonical) for rule in self.rules)

    def canonical(self, name: str) -> str | None:
        """The canonical short name; the stripped name itself when no rule knows it.

        None means nothing is left after ASCII normalisation (a blank name, or one written in a
        non-Latin script); the scorer does the same and, like it, still counts None in a set.
        """
        try:
            return self._cache[name]
        except KeyError:
            pass
        label = normalise_label(name)
        result: str | None
        if not label:
            result = None
        else:
            result = next(
                (canonical for pattern, canonical in self._compiled if pattern.search(label)),
                name.strip(),
            )
        self._cache[name] = result
        return result
