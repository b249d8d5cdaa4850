"""The distribution list: committees and their members, every address checked before anything is sent.

An address is accepted only in the plainest form: ``local@domain``, ASCII, the local part a dot-atom (no
quotes, colons, spaces, leading, trailing or doubled dots), the domain a host name with a top-level domain. It
must parse with the standard ``email`` package to exactly itself: what a mail library would read differently
from how it is written is refused, because the recipient the message goes to is the address as checked here.
The same address twice (in any mix of case) is sent once, and reported.
"""

from __future__ import annotations

import re
from email.headerregistry import Address
from email.utils import parseaddr
from pathlib import Path

from pydantic import field_validator

from ..core.errors import InputError, Problem
from ..inputs.project import Project
from ..inputs.schema import Model, Text
from ..inputs.yamlfile import YamlDocument, read_yaml, validate

__all__ = ["Distribution", "Member", "load_distribution", "members_for", "sender_address"]

ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
LOCAL_PART = re.compile(rf"{ATEXT}(?:\.{ATEXT})*")
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
DOMAIN = re.compile(rf"(?:{LABEL}\.)+(?:[A-Za-z]{{2,63}}|xn--[A-Za-z0-9-]{{1,59}})")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
EXAMPLE = "an e-mail address alone, such as name@council.gov.uk"


def normal_address(value: str) -> str:
    """``value`` as an address with its domain in lower case; ValueError saying why it is not one."""
    if any(c.isspace() for c in value) or CONTROL.search(value):
        raise ValueError(f"expected {EXAMPLE}, without spaces or control characters; got {value!r}")
    if not value.isascii():
        raise ValueError(f"expected {EXAMPLE} in plain ASCII letters (not every mail server takes others); "
                         f"got {value!r}")  # fmt: skip
    try:
        address = Address(addr_spec=value)
        parsed = parseaddr(value)
    except Exception:  # the email package's parser raises several kinds on what it cannot read
        address, parsed = None, ("", "")
    if (
        address is None
        or parsed != ("", value)
        or address.addr_spec != value
        or not LOCAL_PART.fullmatch(address.username)
        or not DOMAIN.fullmatch(address.domain)
        or len(address.username) > 64
        or len(value) > 254
    ):
        raise ValueError(f"expected {EXAMPLE} (no name or <>, no quotes, colons or dots at either end of a part); "
                         f"got {value!r}")  # fmt: skip
    return f"{address.username}@{address.domain.lower()}"


def one_line(value: str) -> str:
    if "\r" in value or "\n" in value:
        raise ValueError("must be on one line: a line break here could forge e-mail headers")
    if found := CONTROL.search(value):
        raise ValueError(f"must not contain control or invisible characters, found {found.group()!r}")
    return value


class Member(Model):
    name: Text
    email: Text

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return one_line(value)

    @field_validator("email")
    @classmethod
    def _address(cls, value: str) -> str:
        if "\r" in value or "\n" in value:
            one_line(value)
        return normal_address(value)


class Distribution(Model):
    """Committee (the pack's name) -> its members; and the lead officers who are sent commentary forms."""

    committees: dict[str, list[Member]] = {}
    officers: list[Member] = []  # each by their name as the registry writes it (lead_officer, a priority's lead)


def load_distribution(project: Project) -> tuple[Distribution, YamlDocument]:
    config = str(project.root / "publisher.yaml")
    path = project.path(project.config.distribution)
    if path is None:
        raise InputError([Problem(config, None, "distribution", "no distribution list: name a YAML file of "
                                  "committees and members")])  # fmt: skip
    if not path.is_file():
        raise InputError([Problem(config, None, "distribution", f"{path}: no such file")])
    try:
        doc = read_yaml(path)
    except OSError as exc:
        raise InputError([Problem(str(path), None, "", f"cannot be read ({exc.strerror or exc})")]) from None
    return validate(Distribution, doc), doc


def members_for(project: Project, committee: str) -> tuple[list[Member], list[str]]:
    """The committee's members, each address once, and a note for every duplicate left out."""
    distribution, doc = load_distribution(project)
    members = distribution.committees.get(committee)
    if not members:
        names = ", ".join(distribution.committees) or "none"
        raise InputError([Problem(doc.path, doc.line_of(("committees",)), "committees",
                                  f"no members listed for '{committee}' (listed: {names})")])  # fmt: skip
    first: dict[str, int] = {}
    unique, notes = [], []
    for number, member in enumerate(members):
        key = member.email.casefold()
        if key in first:
            where = f"{doc.path}:{doc.line_of(('committees', committee, number)) or '?'}"
            notes.append(f"{where}: {member.email} is listed again (entry {number + 1}, first as entry "
                         f"{first[key] + 1}); it is sent once")  # fmt: skip
        else:
            first[key] = number
            unique.append(member)
    return unique, notes


def sender_address(project: Project, sender: str) -> str:
    try:
        return normal_address(sender)
    except ValueError as exc:
        raise InputError([Problem(str(project.root / "publisher.yaml"), None, "smtp.sender", str(exc))]) from None


def path_of(project: Project, relative: str | None, field: str) -> Path | None:
    """A file named in publisher.yaml; exit 1 naming it when it is not there."""
    path = project.path(relative)
    if path is not None and not path.is_file():
        raise InputError([Problem(str(project.root / "publisher.yaml"), None, field, f"{path}: no such file")])
    return path
