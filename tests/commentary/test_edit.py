"""Line-level edits of a commentary file: one entry replaced or added, every other byte kept."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.commentary.edit import remove_entry, set_entry
from publisher.core.errors import InputError
from publisher.core.resources import default_dir
from publisher.inputs.yamlfile import parse_yaml

BODY = {"author": "Sam Patel, Head of Service", "date": dt.date(2026, 10, 20), "text": "New text: with a colon.\n"}

HAND_WRITTEN = """\
# Q2 commentary, kept by the performance team
period: "Q2 2026-27"
priorities: {}   # none yet
indicators:
  # corporate parenting
  CP1.1:
    author: 'Helen Marsh'
    date: 2026-10-12
    text: >
      Folded text
      over two lines.

  CP1.2: {author: Jo, date: 2026-10-12, text: "Flow style, kept as it is"}
  # care leavers follow
  CL3.1:
    author: Megan Price
    date: 2026-10-12
    acknowledged: [two reviews a year]
    text: |
      We hold two reviews a year.
      # not a comment: a Markdown heading inside the text

# end of indicators
"""


def data(text):
    return parse_yaml(text, "test").data


def test_replacing_an_entry_keeps_every_other_byte_of_the_demo_file():
    text = (default_dir("demo") / "commentary" / "2026-27-Q2.yaml").read_text(encoding="utf-8")
    new = set_entry(text, "indicators", "CL3.11", BODY, "f")
    start = text.index("  CL3.11:\n")
    end = text.index("  CL3.12:\n")
    assert new.startswith(text[:start]) and new.endswith(text[end:])
    assert new[start : len(new) - len(text) + end] == (
        "  CL3.11:\n    author: Sam Patel, Head of Service\n    date: 2026-10-20\n    text: |\n"
        "      New text: with a colon.\n"
    )
    assert data(new)["indicators"]["CL3.11"]["text"] == BODY["text"]


def test_comments_blank_lines_flow_entries_and_trailing_comments_are_kept():
    new = set_entry(HAND_WRITTEN, "indicators", "CL3.1", BODY, "f")
    start, end = HAND_WRITTEN.index("  CL3.1:\n"), HAND_WRITTEN.index("\n# end of indicators")
    assert new.startswith(HAND_WRITTEN[:start]) and new.endswith(HAND_WRITTEN[end:])
    assert "# not a comment" not in new  # it was part of the old text, which is gone
    middle = set_entry(HAND_WRITTEN, "indicators", "CP1.1", BODY, "f")
    assert middle.endswith(HAND_WRITTEN[HAND_WRITTEN.index("\n  CP1.2:") :])  # the blank line stays


def test_adding_goes_after_the_last_entry_and_an_empty_flow_section_becomes_a_block():
    new = set_entry(HAND_WRITTEN, "indicators", "SCC/002", BODY, "f")
    assert new.endswith("    text: |\n      New text: with a colon.\n\n# end of indicators\n")
    assert list(data(new)["indicators"]) == ["CP1.1", "CP1.2", "CL3.1", "SCC/002"]
    added = set_entry(HAND_WRITTEN, "priorities", "care-leavers", BODY, "f")
    assert "priorities: # none yet\n  care-leavers:\n    author: Sam Patel" in added
    fresh = set_entry('period: "Q2 2026-27"\n', "approvals", "care-leavers", {"by": "A", "date": dt.date(2026, 10, 20)}, "f")
    assert fresh == 'period: "Q2 2026-27"\napprovals:\n  care-leavers:\n    by: A\n    date: 2026-10-20\n'


def test_a_reference_yaml_would_read_as_a_number_is_quoted():
    new = set_entry("period: Q2 2026-27\nindicators:\n", "indicators", "1", BODY, "f")
    assert data(new)["indicators"] == {"1": {**BODY, "text": BODY["text"]}}


def test_windows_line_endings_and_a_byte_order_mark_are_kept():
    text = "\ufeff" + HAND_WRITTEN.replace("\n", "\r\n")
    new = set_entry(text, "indicators", "CL3.1", BODY, "f")
    assert new.startswith(text[: text.index("  CL3.1:")]) and new.endswith(text[text.index("\r\n# end") :])
    assert "\n" not in new.replace("\r\n", "")


def test_removing_an_entry_removes_only_its_lines():
    new = remove_entry(HAND_WRITTEN, "indicators", "CP1.1", "f")
    assert new == HAND_WRITTEN.replace(HAND_WRITTEN[HAND_WRITTEN.index("  CP1.1:") : HAND_WRITTEN.index("\n  CP1.2")], "")
    assert remove_entry(HAND_WRITTEN, "indicators", "NOPE", "f") == HAND_WRITTEN


def test_a_section_in_a_form_it_cannot_edit_safely_is_refused():
    with pytest.raises(InputError, match="rewrite 'indicators' as a block"):
        set_entry("period: Q2 2026-27\nindicators: {CP1.1: {text: x}}\n", "indicators", "CP1.2", BODY, "f.yaml")


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x85\u2028\u2029\ufeff"),
               min_size=1, max_size=200).map(str.strip).filter(bool))  # fmt: skip
def test_any_text_an_officer_types_reads_back_exactly(text):
    try:
        new = set_entry(HAND_WRITTEN, "indicators", "CL3.1", {**BODY, "text": text}, "f")
    except InputError:
        return  # refused rather than written wrongly (text YAML cannot hold, such as some control characters)
    assert data(new)["indicators"]["CL3.1"]["text"] == text
    assert new.endswith(HAND_WRITTEN[HAND_WRITTEN.index("\n# end of indicators") :])
