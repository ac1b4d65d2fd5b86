"""The field checks of the models (learnmeta.checks): applied in the order they are written."""

from __future__ import annotations

import dataclasses
import typing

import pytest
from pydantic import ValidationError

from learnmeta import checks
from learnmeta.content import models
from learnmeta.progress import ProgressStore, fileformat
from learnmeta.progress import model as progress_model


def _metadata_chains(kind) -> list[tuple]:
    """The metadata of every Annotated[...] found in a type, nested ones included."""
    found = []
    if typing.get_origin(kind) is typing.Annotated:
        found.append(kind.__metadata__)
        found += _metadata_chains(typing.get_args(kind)[0])
    for arg in typing.get_args(kind):
        if not isinstance(arg, (str, int, bool)):  # Literal values
            found += _metadata_chains(arg)
    return found


def _model_classes():
    for module in (models, progress_model):
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value):
                yield value


@pytest.mark.parametrize("kind", list(_model_classes()), ids=lambda kind: kind.__name__)
def test_no_check_comes_after_a_function_that_changes_the_value(kind):
    """A Pydantic marker is applied to the plain type, before everything else: after an After
    (which may clean the text) it would check the value as it was before cleaning."""
    hints = typing.get_type_hints(kind, include_extras=True)
    for field in dataclasses.fields(kind):
        for chain in _metadata_chains(hints[field.name]):
            afters = [i for i, item in enumerate(chain) if isinstance(item, checks.After)]
            markers = [i for i, item in enumerate(chain) if isinstance(item, checks.Pydantic)]
            assert not (afters and markers and max(markers) > min(afters)), (kind.__name__, field.name, chain)


def test_a_name_is_cleaned_before_its_length_is_checked(tmp_path):
    store = ProgressStore.open(tmp_path / "p.toml")
    store.update_settings(name="Ann" + " " * 120 + "\n\n Lee")
    assert store.settings.name == "Ann Lee"
    with pytest.raises(ValueError, match="at most 100 characters"):
        store.update_settings(name="A" * 101)
    store.close()
    text = (tmp_path / "p.toml").read_text(encoding="utf-8").replace('name = "Ann Lee"', f'name = "  {"B" * 100}  "')
    assert fileformat.loads(text.encode("utf-8")).learner.name == "B" * 100


def test_a_padded_name_in_a_file_still_loads(tmp_path):
    store = ProgressStore.open(tmp_path / "p.toml")
    store.update_settings(name="Ann")
    store.close()
    text = (tmp_path / "p.toml").read_text(encoding="utf-8").replace('name = "Ann"', f'name = "{" " * 150}Ann"')
    assert fileformat.loads(text.encode("utf-8")).learner.name == "Ann"
    with pytest.raises(fileformat.ProgressFileError):
        fileformat.loads(text.replace(f'"{" " * 150}Ann"', '"' + "C" * 101 + '"').encode("utf-8"))


def test_the_strict_fields_refuse_what_toml_could_give_instead():
    with pytest.raises(ValidationError):
        checks.validate(progress_model.Settings, {"welcomed": 1})
    with pytest.raises(ValidationError):
        checks.validate(progress_model.QuestionProgress, {"seen": "3"})
    with pytest.raises(ValidationError):
        checks.validate(models.Choice, {"id": "a", "text": "A", "correct": "yes"})
