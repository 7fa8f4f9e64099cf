"""The packages of the distribution; everything else is in pyproject.toml.

The feature files are in features/ at the top of the repository (``pytest features/``), and
install as ``harness/features``: the suite's pytest configuration (harness/pytest.ini) finds them
beside it, with the node ids they have here (``features/<file>.feature::...``). A mapped package
cannot be combined with ``[tool.setuptools.packages.find]``, hence this file. Folders of data
(contracts/ebay, fixtures/profiles, harness/report, ...) are namespace packages, so that their files
ship as package data (pyproject.toml says which files).
"""

from setuptools import find_namespace_packages, setup

TOP_LEVEL = ("simulators", "harness", "steps", "fixtures", "contracts")

setup(
    packages=[
        *find_namespace_packages(include=[f"{name}{tail}" for name in TOP_LEVEL for tail in ("", ".*")],
                                 exclude=["*__pycache__*", "*node_modules*"]),
        "harness.features",
    ],
    package_dir={"harness.features": "features"},
)
