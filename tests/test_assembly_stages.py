"""The assembly is split by stage: each stage's module holds its own methods, mixed into `Assembler`.

Mixins share one namespace, so a method two stages both define would silently hide one of them; a
stage that reads state `Assembler.__init__` does not set would fail only on the article that reaches
it. Both are checked here, on the class, for every stage at once.
"""

from __future__ import annotations

import inspect

import pytest

from sahel_extract.assemble import Assembler
from sahel_extract.assemble.acts import Acts
from sahel_extract.assemble.figures import Figures
from sahel_extract.assemble.grouping import Grouping
from sahel_extract.assemble.lists import PlaceLists
from sahel_extract.assemble.parties import Parties
from sahel_extract.assemble.stage import AssemblyStage
from sahel_extract.extractor import Extractor

STAGES = [Grouping, PlaceLists, Parties, Acts, Figures]


def own_methods(cls: type) -> set[str]:
    return {name for name, value in vars(cls).items() if inspect.isfunction(value) or isinstance(value, staticmethod)}


def test_every_stage_is_mixed_into_the_assembler() -> None:
    assert set(STAGES) <= set(Assembler.__mro__)
    assert all(issubclass(stage, AssemblyStage) for stage in STAGES)


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.__name__)
def test_no_method_of_a_stage_is_defined_by_another_stage_or_the_assembler(stage: type) -> None:
    others = [other for other in [*STAGES, Assembler] if other is not stage]
    for other in others:
        assert own_methods(stage).isdisjoint(own_methods(other)), (stage.__name__, other.__name__)
    # and the assembler resolves each name to the stage that defines it
    for name in own_methods(stage):
        assert getattr(Assembler, name) is getattr(stage, name) or name.startswith("__")


def test_the_assembler_sets_the_state_its_stages_declare() -> None:
    assembler = Extractor()._assembler("en")
    declared = AssemblyStage.__annotations__
    assert declared  # gazetteer, actors, rules and what is built from them
    for name in declared:
        assert hasattr(assembler, name), name
