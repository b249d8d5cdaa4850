"""The send log of a version: ``sent.jsonl``, one line per attempt to mail a member, hash-chained.

The chain starts from the version's manifest checksum, so a log copied from another version does not fit; each
line carries the SHA-256 of the line before it, so a deleted, edited or inserted line is found at its line
number; and ``sent.head`` beside it records how many lines there are and the hash of the last, so that removing
the last lines (which would mail those members again) or deleting the whole log is found too. ``circulate``
trusts the log only when all of that holds: otherwise it refuses to guess who already has the pack.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import Problem
from .archive import SEND_HEAD, SEND_LOG
from .chain import Chain, append_line, chained, read_chain, read_nofollow, replace_file, sha256, start_of

RESULTS = ("sent", "refused", "failed")


@dataclass
class SendLog:
    chain: Chain
    head_path: Path
    problems: list[Problem]

    def sent(self, checksum: str) -> set[str]:
        """The addresses (case-folded) recorded as sent this PDF."""
        return {
            link.entry["email"].casefold()
            for link in self.chain.links
            if link.entry.get("result") == "sent" and link.entry.get("sha256") == checksum
            and isinstance(link.entry.get("email"), str)
        }  # fmt: skip


def read_send_log(
    folder: Path,
    manifest_sha256: str,
    pdf_checksums: set[str],
    noted: tuple[Problem, int, str] | None = None,
    growing: bool = False,
) -> SendLog:
    """Read and check the send log of the version in ``folder``; every problem is at file:line.

    ``noted``: where the index records how far the log had got at the last circulate (a problem to report if it
    no longer has got that far), the number of lines and the hash of the last. ``growing``: a circulate is
    writing to it now, so a line more than ``sent.head`` records (or no ``sent.head`` yet) is not a problem.
    """
    chain = read_chain(folder / SEND_LOG, start_of(f"sent {manifest_sha256}"))
    log = SendLog(chain, folder / SEND_HEAD, list(chain.problems))
    for link in chain.links:
        entry = link.entry
        if not isinstance(entry.get("email"), str) or entry.get("result") not in RESULTS:
            log.problems.append(Problem(str(chain.path), link.line, "", "not a send-log entry (it needs 'email' and "
                                        f"a 'result' of {', '.join(RESULTS)})"))  # fmt: skip
        elif entry.get("sha256") not in pdf_checksums:
            log.problems.append(Problem(str(chain.path), link.line, "", "records sending a PDF that is not this "
                                        "version's"))  # fmt: skip
    log.problems += _end_problems(chain, folder / SEND_HEAD, growing)
    if noted is not None:
        where, lines, head = noted
        if chain.lines < lines or chain.hashes[lines - 1] != head:
            state = f"has {chain.lines} lines" if chain.exists else "is missing"
            log.problems.append(Problem(where.file, where.line, "", f"records that {chain.path} had {lines} lines at "
                                        f"the last circulate, ending in {head[:16]}; it {state} now, not those: "
                                        "deleted or edited"))  # fmt: skip
    return log


def _end_problems(chain: Chain, head_path: Path, growing: bool) -> list[Problem]:
    """Does the log end where ``sent.head`` says it does?"""
    log_name = str(chain.path)
    try:
        data = read_nofollow(head_path)
        head = json.loads(data)
        lines, last = head["lines"], head["head"]
        if type(lines) is not int or not isinstance(last, str) or data != _head_line(lines, last):
            raise TypeError
    except FileNotFoundError:
        if chain.exists and not (growing and chain.lines == 1):
            return [Problem(str(head_path), None, "", f"missing: the end of {SEND_LOG} cannot be checked (deleted?)")]
        return []
    except OSError as exc:
        return [Problem(str(head_path), None, "", f"cannot be read ({exc.strerror or exc})")]
    except (ValueError, KeyError, TypeError):
        return [Problem(str(head_path), None, "", "not a readable record of the end of the send log (edited?)")]
    if not chain.exists:
        return [Problem(log_name, None, "", f"missing, but {SEND_HEAD} records {lines} lines: the log was deleted")]
    if chain.lines < lines and not (growing and chain.lines == lines - 1):  # growing: read before a line came
        gone = f"{lines - chain.lines} deleted (the last, unless a break is reported above)"
        return [Problem(log_name, chain.lines or None, "", f"ends at line {chain.lines}, but {SEND_HEAD} records "
                        f"{lines} lines: {gone}")]  # fmt: skip
    if chain.lines > lines and not (growing and chain.lines == lines + 1):
        return [Problem(log_name, lines + 1, "", f"{SEND_HEAD} records {lines} lines: this line and any after it "
                        "were added afterwards (by hand, or by a circulate that was interrupted)")]  # fmt: skip
    if chain.lines == lines and chain.head != last:
        return [Problem(log_name, lines or None, "", f"the last line is not the one {SEND_HEAD} records: edited")]
    return []


def record(log: SendLog, entry: dict[str, Any]) -> None:
    """Append one attempt to the log, then move ``sent.head`` on to it; call with the version's lock held."""
    line = chained(entry, log.chain.head)
    append_line(log.chain.path, line)
    log.chain.head, log.chain.lines, log.chain.exists = sha256(line[:-1]), log.chain.lines + 1, True
    replace_file(log.head_path, _head_line(log.chain.lines, log.chain.head))


def _head_line(lines: int, head: str) -> bytes:
    return (json.dumps({"lines": lines, "head": head}, ensure_ascii=True) + "\n").encode("ascii")
