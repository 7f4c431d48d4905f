"""What every stage of the assembly reads, declared once for the stages' mixins of `Assembler`."""

from __future__ import annotations

import re

from sahel_extract.resources.actors import ActorTable
from sahel_extract.resources.assembly_rules import AssemblyRules
from sahel_extract.resources.places import Gazetteer


class AssemblyStage:
    """The state `Assembler.__init__` sets and its stages read: the gazetteer, the actor table, the article
    language's rules and what is built from them once.

    The words and patterns of a language are in `gazetteer/assembly/<lang>.yaml` (`self.rules`); what
    stays in the stages' modules is typography (a "Label:" header, a dateline's shape, like
    components/layout.py's), the rule names of the trigger lexicons, ACLED's categories and counts.
    """

    gazetteer: Gazetteer
    actors: ActorTable
    rules: AssemblyRules
    # the kinds of entry (place, admin1 …) a gazetteer key names, at most one set per key
    _kinds: dict[str, frozenset[str]]
    _targets_between: re.Pattern[str]
    _hedge: re.Pattern[str]
