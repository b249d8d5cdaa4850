"""Bounded work on hostile input (issue 26, part 5): what publisher prints, checks and trusts stays in proportion."""

from publisher.cli import main
from publisher.core.errors import LISTED

from .tiny import default_observations, tiny_project


def test_an_error_listing_is_capped_at_its_first_problems_and_a_count(tmp_path, capsys):
    bad = "".join(f"eet,2024-{n % 12 + 1:02d},not a number {n},\n" for n in range(5_000))
    project = tiny_project(tmp_path, default_observations() + bad)
    assert main(["validate", "--project", str(project)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "publisher: 5000 problems found; nothing was written:"
    assert len(err) == 1 + LISTED + 1 and "not a number 199" in err[LISTED]  # 1,000,000 rows printed 316 MB
    assert err[-1] == f"  ... and {5_000 - LISTED} more problems not listed: fix these and run again to see the rest"
