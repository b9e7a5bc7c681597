"""Print the requirements of a dependency group (or else an extra) in pyproject.toml for
the named packages.

    python .ci/requirement.py test pytest hypothesis   ->   pytest>=7.4 hypothesis>=6.80

So a job that installs only some test tools takes their lower bounds from the one place
they are declared.
"""

import re
import sys
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10: pip vendors the same parser
    from pip._vendor import tomli as tomllib

extra, *names = sys.argv[1:]
pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
groups = pyproject.get("dependency-groups", {})
declared = groups[extra] if extra in groups else pyproject["project"]["optional-dependencies"][extra]
wanted = {name.lower() for name in names}
found = [r for r in declared if isinstance(r, str)
         and re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower() in wanted]
if len(found) != len(wanted):
    sys.exit(f"requirement.py: not all of {sorted(wanted)} are in the {extra!r} extra: {found}")
print(" ".join(found))
