"""Safe YAML reading gives the same data, lines and errors whether libyaml or PyYAML's own scanner reads it.

(libyaml is a little more lenient inside a line, accepting ``a:<tab>1``; both refuse tabs that indent.)
"""

import pytest

from publisher.core.errors import InputError
from publisher.inputs.yamlfile import LOADERS, parse_yaml

GOOD = """\
council: Northbridge
answer: NO
version: 1.10
items:
  - {reference: CP1, title: "Placement stability"}
  - reference: CP2
"""

BAD = [
    ("a: 1\na: 2\n", None, "duplicate key (first given at line 1)"),
    ("a: &x 1\nb: *x\n", 2, "aliases (*name) are not allowed"),
    ("a: 1\n\tb: 2\n", 2, "YAML does not allow tabs: indent with spaces"),
    ("a: !!python/object/apply:os.system ['true']\n", 1, "is not allowed"),
    ("a: " + "[" * 5000 + "]" * 5000, None, "nested too deeply to read"),
    ("a: [1, 2\n", 2, "not valid YAML"),
    ("a: b\x07c\n", None, "not valid YAML"),  # a control character
]


@pytest.mark.parametrize("loader", LOADERS, ids=lambda c: c.__name__)
def test_a_tab_inside_a_line_gets_no_indentation_hint(loader):
    with pytest.raises(InputError) as caught:
        parse_yaml('title: "A\tB" oops\n', "bad.yaml", loader)
    assert "not valid YAML" in str(caught.value) and "indent with spaces" not in str(caught.value)


@pytest.mark.parametrize("loader", LOADERS, ids=lambda c: c.__name__)
def test_values_lines_and_text_as_written(loader):
    doc = parse_yaml(GOOD, "good.yaml", loader)
    assert doc.data == {
        "council": "Northbridge",
        "answer": False,
        "version": 1.1,
        "items": [{"reference": "CP1", "title": "Placement stability"}, {"reference": "CP2"}],
    }
    assert doc.lines[("items", 1, "reference")] == 6 and doc.lines[("version",)] == 3
    assert doc.written == {("answer",): "NO", ("version",): "1.10"}  # quoted text is not re-typed


@pytest.mark.parametrize("loader", LOADERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(("text", "line", "words"), BAD)
def test_bad_yaml_is_the_same_clear_problem_with_either_scanner(loader, text, line, words):
    try:
        problems = parse_yaml(text, "bad.yaml", loader).problems
    except InputError as exc:
        problems = exc.problems
    assert any(words in p.message and (line is None or p.line == line) for p in problems), problems


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\na: *x\n",  # the alias under a key refused as a duplicate
        "&k a: 1\n*k : 2\n",  # an alias as a key
        "x: &a [1, 2]\ny: &b [*a, *a]\nz: [*b, *b]\n",  # aliases multiplying nodes
        "a: &x [*x]\n",  # a node holding itself
    ],
)
def test_every_alias_is_refused_at_its_line_by_either_composer(text):
    problems = [parse_yaml_problems(text, loader) for loader in LOADERS]
    assert all(p == problems[0] for p in problems) and "aliases (*name) are not allowed" in problems[0][0].message


def test_a_document_nested_past_what_libyaml_composes_alone_reads_as_ever():
    text = "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 100))
    doc, python = (parse_yaml(text, "deep.yaml", loader) for loader in LOADERS)
    assert doc.data == python.data and doc.lines == python.lines and doc.lines[("a", *["b"] * 99)] == 100


def parse_yaml_problems(text, loader):
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "bad.yaml", loader)
    return caught.value.problems
