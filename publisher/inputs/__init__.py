"""Stage 1, reading: the project file, YAML schemas, the indicator registry, observations, population,
commentary, the benchmark table and pack definitions, each problem reported as ``file:line: 'field'``.

May import: ``publisher.core``.
"""

__all__ = [
    "benchmarks", "load", "observations", "packs", "population", "printed", "project", "ragrules", "registry",
    "schema", "spcoptions", "starter", "tables", "yamlfile",
]  # fmt: skip
