"""Which published figures to withhold so that no protected count is a combination of what stays published.

The counts are equations over observations (:mod:`.disclosure` writes them): each published figure's counts,
which can be withheld; the registry's totals and the council's own sums of periods, and what earlier public
packs published, which cannot. Split into groups sharing no observation, each group is solved on its own: the
smallest figure taking part in recovering a protected count is withheld, until none can be recovered; then any
withheld figure not needed is shown again, largest first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.periods import Period

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger("publisher.engine.disclosure")
Atom = tuple[str, Period]  # one observation: its series and period
Vector = dict[Atom, float]  # a count as a sum of observations (a difference, for the children not counted)
FigureKey = tuple[str, Period]  # an indicator's figure for a period: (reference, period)
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Count:
    vector: Vector
    value: float


def key_of(vector: Vector) -> tuple[tuple[Atom, float], ...]:
    """A count's equation as a value that can be compared and kept in a set."""
    return tuple(sorted(vector.items(), key=lambda i: atom_order(i[0])))


Part = tuple[dict[FigureKey, list[Count]], list[Count], list[Vector], list[Vector]]


def components(
    published: dict[FigureKey, list[Count]], protected: list[Count], relations: list[Vector], earlier: list[Vector]
) -> list[Part]:
    """Split the equations into groups sharing no observation, so that each is solved on its own (and fast)."""
    parent: dict[Atom, Atom] = {}

    def root(atom: Atom) -> Atom:
        while parent.setdefault(atom, atom) != atom:
            parent[atom] = parent[parent[atom]]
            atom = parent[atom]
        return atom

    vectors = [c.vector for counts in published.values() for c in counts] + [c.vector for c in protected]
    vectors += relations + earlier
    for vector in vectors:
        if len(vector) > 1:  # most are one observation, joined to nothing
            atoms = iter(vector)
            first = root(next(atoms))  # found once: joining the others under it leaves it the root
            for atom in atoms:
                parent[root(atom)] = first
    parts: dict[Atom, Part] = {}
    for key, counts in published.items():
        if counts:
            parts.setdefault(root(next(iter(counts[0].vector))), ({}, [], [], []))[0][key] = counts
    for count in protected:
        parts.setdefault(root(next(iter(count.vector))), ({}, [], [], []))[1].append(count)
    for relation in relations:
        parts.setdefault(root(next(iter(relation))), ({}, [], [], []))[2].append(relation)
    for vector in earlier:
        parts.setdefault(root(next(iter(vector))), ({}, [], [], []))[3].append(vector)
    return [part for part in parts.values() if part[1]]


def withhold_until_safe(
    published: dict[FigureKey, list[Count]], protected: list[Count], relations: list[Vector], earlier: list[Vector]
) -> dict[FigureKey, bool]:
    """Withhold published figures, smallest first, until no protected count is a combination of the rest and of
    what earlier packs published; then publish again any withheld figure that is not needed (largest first), so
    that the fewest are withheld. Each withheld figure, and whether only the earlier packs made it necessary."""
    system = _System(published, protected, relations, earlier)
    withheld: dict[FigureKey, bool] = {}
    while (leak := system.first_leak(set(withheld))) is not None:
        withheld[leak[0]] = leak[1]
    for key in sorted(withheld, key=lambda k: _choice(k, published[k]), reverse=True):
        if system.first_leak(set(withheld) - {key}) is None:
            del withheld[key]
    return withheld


class _System:
    """The published counts, the registry's totals and what earlier packs published as a matrix, one column per
    observation."""

    def __init__(
        self,
        published: dict[FigureKey, list[Count]],
        protected: list[Count],
        relations: list[Vector],
        earlier: list[Vector],
    ):
        import numpy as np  # imported here: only a pack with a small count to protect pays for it (0.1 s)

        atoms = {a for counts in published.values() for c in counts for a in c.vector}
        atoms |= {a for c in protected for a in c.vector} | {a for r in relations for a in r}
        atoms |= {a for v in earlier for a in v}
        self.column = {atom: n for n, atom in enumerate(sorted(atoms, key=atom_order))}
        self.published = published
        # Each figure's rows, written once: the system is solved again for each figure withheld and each shown again.
        self.equations = {key: [self.dense(c.vector) for c in counts] for key, counts in published.items()}
        self.protected = list(protected)
        self.targets = np.array([self.dense(c.vector) for c in protected]).T
        self.known = [self.dense(r) for r in relations]
        self.earlier = [self.dense(v) for v in earlier]

    def dense(self, vector: Vector) -> np.ndarray:
        import numpy as np

        dense = np.zeros(len(self.column))
        for atom, weight in vector.items():
            dense[self.column[atom]] += weight
        return dense

    def first_leak(self, withheld: set[FigureKey]) -> tuple[FigureKey, bool] | None:
        """The figure to withhold next: the smallest taking part in recovering a protected count, and whether the
        count is recovered only with what earlier packs published; or None."""
        import numpy as np

        keys = sorted((k for k in self.published if k not in withheld), key=lambda k: (k[0], k[1].end, k[1].start))
        rows = [(key, equation) for key in keys for equation in self.equations[key]]
        while rows and self.targets.shape[1]:
            matrix = np.array([v for _, v in rows] + self.known + self.earlier).T
            solution = np.linalg.lstsq(matrix, self.targets, rcond=None)[0]
            recovered = np.flatnonzero(np.linalg.norm(matrix @ solution - self.targets, axis=0) < _TOLERANCE)
            if not len(recovered):
                return None
            weights = solution[: len(rows), recovered[0]]
            taking_part = {rows[i][0] for i in np.flatnonzero(np.abs(weights) > _TOLERANCE)}
            target = self.targets[:, recovered[0]]
            if taking_part:
                key = min(taking_part, key=lambda k: _choice(k, self.published[k]))
                return key, bool(self.earlier) and not _combination([v for _, v in rows] + self.known, target)
            if _combination(self.known, target):  # the data contradict the registry's totals: nothing can help
                log.warning("disclosure: a small count follows from the registry's totals alone; check total_of")
            else:
                log.warning("disclosure: %s already follows from figures earlier public packs published (before "
                            "this check, or since revised): withholding figures now cannot hide it",
                            _named(self.protected[recovered[0]]))  # fmt: skip
            self.targets = np.delete(self.targets, recovered[0], axis=1)
            del self.protected[recovered[0]]
        return None


def _combination(equations: list[np.ndarray], target: np.ndarray) -> bool:
    """Whether ``target`` is a combination of ``equations`` (to the tolerance of least squares)."""
    import numpy as np

    if not equations:
        return not np.any(np.abs(target) > _TOLERANCE)
    matrix = np.array(equations).T
    solution = np.linalg.lstsq(matrix, target, rcond=None)[0]
    return bool(np.linalg.norm(matrix @ solution - target) < _TOLERANCE)


def _named(count: Count) -> str:
    """A protected count in an officer's words: its series and periods."""
    by_series: dict[str, list[str]] = {}
    for (series, period), weight in sorted(count.vector.items(), key=lambda i: atom_order(i[0])):
        if weight:
            by_series.setdefault(series, []).append(period.label)
    return "; ".join(f"the count of '{series}' for {', '.join(labels)}" for series, labels in by_series.items())


def atom_order(atom: Atom) -> tuple[str, int, int]:
    return atom[0], atom[1].end, atom[1].start


def _choice(key: FigureKey, counts: list[Count]) -> tuple[bool, float, str, int]:
    """Prefer the smallest figure, and never a known zero (withholding it hides nothing a reader cannot see)."""
    value = counts[0].value if counts else 0.0
    return value == 0, value, key[0], key[1].end
