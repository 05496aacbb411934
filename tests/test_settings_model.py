"""campaign.settings_model: a section's dataclass is its model (the field's type and its rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import pytest

from campaign.errors import ConfigError
from campaign.settings_model import Between, Filled, OneOf, Regex, check_table, read_given, read_section


@dataclass
class Example:
    name: Annotated[str, Filled()]
    size: Annotated[float, Between(1, 10)] = 2.0
    count: Annotated[int, Between(0)] = 3
    mode: Annotated[str, OneOf(("fast", "safe"), aliases=(("quick", "fast"),))] = "safe"
    kinds: Annotated[list[str], OneOf(("a", "b"))] = field(default_factory=list)
    names: Annotated[list[str], Filled()] = field(default_factory=lambda: ["x"])
    pattern: Annotated[str, Regex(groups=1)] = "(x)"
    file: Path | None = None
    on: bool = True
    label: Annotated[str, Filled()] | None = None


def read(**table):
    return read_section("campaign.toml", "example", table, Example)


def test_values_are_read_as_the_fields_hold_them():
    out = read(name="n", size=4, mode=" Quick ", kinds=["B "], file="t.j2", on=False)
    assert (out.size, type(out.size), out.mode, out.kinds, out.file, out.on) == (4.0, float, "fast", ["b"],
                                                                                  Path("t.j2"), False)
    assert (out.count, out.names, out.pattern) == (3, ["x"], "(x)")  # defaults


@pytest.mark.parametrize("table, words", [
    ({}, r"\[example\] name is missing; add it"),
    ({"name": "  "}, "name must not be empty"),
    ({"name": "n", "size": 11}, "size must be between 1 and 10, not 11"),
    ({"name": "n", "count": -1}, "count must be at least 0, not -1"),
    ({"name": "n", "count": 1.5}, r"count must be a whole number, not a decimal number \(1.5\)"),
    ({"name": "n", "size": float("nan")}, "size must be between 1 and 10, not nan"),
    ({"name": "n", "size": float("inf")}, "size must be between 1 and 10, not inf"),
    ({"name": "n", "count": 1234567.0}, r"count must be a whole number, not a decimal number \(1234567.0\)"),
    ({"name": "n", "size": 123456789}, "size must be between 1 and 10, not 123456789"),
    ({"name": "n", "size": True}, r"size must be a number, not true/false"),
    ({"name": "n", "mode": "slow"}, "mode must be one of fast, safe, not 'slow'"),
    ({"name": "n", "kinds": ["c"]}, r"kinds must be a list drawn from \['a', 'b'\]"),
    ({"name": "n", "names": []}, "names must be a list of names, none of them empty"),
    ({"name": "n", "names": ["ok", 3]}, "names must be a list of texts"),
    ({"name": "n", "pattern": "x"}, "pattern needs one capturing group"),
    ({"name": "n", "pattern": "(x"}, "pattern is not a valid regular expression"),
    ({"name": "n", "colour": "red"}, "unknown key 'colour'"),
    ({"name": "n", "label": " "}, "label must not be empty"),
    ({"name": "n", "label": 3}, "label must be a text in quotes"),
])
def test_each_refusal_is_one_line_naming_the_file_section_and_key(table, words):
    with pytest.raises(ConfigError, match=words) as refused:
        read(**table)
    assert str(refused.value).startswith("campaign.toml: ") and "\n" not in str(refused.value)


def test_the_start_of_a_command_leaves_emptiness_to_the_step():
    assert check_table("campaign.toml", "example", {"name": ""}, Example, skip=(Filled,)) == {"name": ""}
    with pytest.raises(ConfigError, match="size must be between"):
        check_table("campaign.toml", "example", {"name": "", "size": 0}, Example, skip=(Filled,))


def test_trim_takes_the_spaces_around_texts_and_list_items():
    out = read_section("campaign.toml", "example", {"name": " n ", "names": [" a", "b "], "pattern": " (x) "},
                       Example, trim=True)
    assert (out.name, out.names, out.pattern) == ("n", ["a", "b"], "(x)")
    assert read_section("campaign.toml", "example", {"name": " n "}, Example).name == " n "


def test_a_value_given_as_an_option_is_read_by_the_keys_rules_and_refused_in_one_line():
    import datetime as dt

    assert read_given(Annotated[str, OneOf(("fr", "en"))], " EN ", "--language") == "en"
    assert read_given(dt.date, "2027-03-01", "--switch-date:") == dt.date(2027, 3, 1)
    with pytest.raises(ConfigError, match=r"^--client-pattern needs one capturing group"):
        read_given(Annotated[str, Regex(groups=1)], "C\\d+", "--client-pattern")
