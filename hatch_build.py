"""Wheel build hook: compile fixer's matching core to C with mypyc.

The modules in ``COMPILED`` are compiled in place (beside their sources, so editable
installs use them too) and shipped in the wheel, which is then platform-specific.
Without a C compiler, or when compiling fails, the build warns and ships pure Python,
which behaves the same, only slower. ``FIXER_PURE_PYTHON=1`` skips compiling.
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import sysconfig
import tempfile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

COMPILED = (
    "fixer/repair.py", "fixer/seams.py", "fixer/articles.py", "fixer/fuzzy.py", "fixer/casing.py",
    "fixer/text.py", "fixer/engine.py", "fixer/spans.py", "fixer/language.py",
)
GROUP = "fixer_core"
_SETUP = """
import sys
from setuptools import setup
from mypyc.build import mypycify
args = sys.argv[1:]
split = args.index("--")
setup(name="fixer", packages=[], py_modules=[], package_dir={{"": {root!r}}}, script_args=args[split + 1:],
      ext_modules=mypycify(args[:split], group_name={group!r}, target_dir={target!r}))
"""


class CompileHook(BuildHookInterface):
    """Compile ``COMPILED`` with mypyc, or leave the wheel pure Python."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        self._remove_built()
        if os.environ.get("FIXER_PURE_PYTHON", "") not in ("", "0"):
            self.app.display_info("FIXER_PURE_PYTHON is set: building pure Python")
            return
        with tempfile.TemporaryDirectory() as temp:
            # Run from an empty folder: setuptools is not to read this project's pyproject.toml.
            script = _SETUP.format(root=self.root, group=GROUP, target=os.path.join(temp, "c"))
            mypy_args = ["--ignore-missing-imports", "--config-file=", f"--cache-dir={os.path.join(temp, 'cache')}",
                         f"--python-version={sys.version_info[0]}.{sys.version_info[1]}"]
            sources = [os.path.join(self.root, path) for path in COMPILED]
            command = [sys.executable, "-c", script, *mypy_args, *sources, "--",
                       "build_ext", "--inplace", "--build-temp", os.path.join(temp, "o")]
            done = subprocess.run(command, cwd=temp, capture_output=True, text=True)
        if done.returncode:
            self._remove_built()
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
            self.app.display_warning(f"could not compile fixer's core with mypyc; building pure Python "
                                     f"(same results, slower):\n{tail}")
            return
        built = self._built()
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["artifacts"].extend(f"/{path}" for path in built)
        build_data["force_include"].update({os.path.join(self.root, path): path for path in built if "/" not in path})

    def clean(self, versions: list[str]) -> None:
        self._remove_built()

    def _built(self) -> list[str]:
        """The compiled modules now in the source tree, relative to its root."""
        suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
        found = [f"{GROUP}__mypyc{suffix}"] + [path[:-3] + suffix for path in COMPILED]
        return [path for path in found if os.path.exists(os.path.join(self.root, path))]

    def _remove_built(self) -> None:
        """Delete compiled modules left by any earlier build (any interpreter)."""
        for pattern in (f"{GROUP}__mypyc.*", *(path[:-3] + ".*." + ext for path in COMPILED for ext in ("so", "pyd"))):
            for path in glob.glob(os.path.join(self.root, pattern)):
                os.remove(path)
