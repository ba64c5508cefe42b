"""Within a reading session a file is parsed once; a file changed meanwhile, and every file outside
a session, is parsed again; what failed to parse is not kept."""

import os

import pytest

from optimiser.errors import InputError
from optimiser.inputs.read_once import parsed, reading_session
from optimiser.inputs.yamlio import load_yaml_mapping


def _counting():
    calls = []

    def parse():
        calls.append(1)
        return len(calls)

    return calls, parse


def test_a_file_is_parsed_once_in_a_session(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    calls, parse = _counting()
    with reading_session():
        assert [parsed(path, ("yaml",), parse) for _ in range(3)] == [1, 1, 1]
        assert parsed(path, ("other way",), parse) == 2  # read another way: parsed for that way
    assert len(calls) == 2


def test_outside_a_session_every_read_parses(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    calls, parse = _counting()
    assert [parsed(path, ("yaml",), parse) for _ in range(2)] == [1, 2]
    with reading_session():
        parsed(path, ("yaml",), parse)
    with reading_session():  # a new session (a new command) parses again
        parsed(path, ("yaml",), parse)
    assert len(calls) == 4


def test_a_file_changed_in_a_session_is_parsed_again(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    with reading_session():
        first, _ = load_yaml_mapping(path, "scenario file")
        path.write_text("a: 22\n", encoding="utf-8")
        os.utime(path, ns=(1, 1))  # a different modification time, whatever the clock's grain
        again, _ = load_yaml_mapping(path, "scenario file")
    assert (first, again) == ({"a": 1}, {"a": 22})


def test_each_caller_gets_its_own_mapping(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: {b: 1}\n", encoding="utf-8")
    with reading_session():
        first, _ = load_yaml_mapping(path, "scenario file")
        first["a"]["b"] = 2
        assert load_yaml_mapping(path, "scenario file")[0] == {"a": {"b": 1}}


def test_a_file_that_failed_to_parse_fails_again(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: [\n", encoding="utf-8")
    with reading_session():
        for _ in range(2):
            with pytest.raises(InputError):
                load_yaml_mapping(path, "scenario file")
