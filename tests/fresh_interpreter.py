"""What a fresh Python interpreter has imported after a few lines of code: the promises about layering (the data
package never needs Streamlit) and start-up (opening a stored build loads no pipeline step or model library)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence

#: The pipeline's steps: modules of ``alliance_data`` a build runs and an opened build does not need.
PIPELINE_STEPS = ("clean", "corpus", "dates", "passages", "families", "mentions", "structure", "themes")


def modules_loaded(code: str, packages: Sequence[str], *, pipeline_steps: bool = False) -> list[str]:
    """The modules of ``packages`` (and, asked for, of the pipeline's steps) imported after running ``code``
    in a fresh interpreter: this process's tests may already have imported anything."""
    script = (
        f"{code}\n"
        "import json, sys\n"
        f"packages, steps = {tuple(packages)!r}, {PIPELINE_STEPS if pipeline_steps else ()!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in packages\n"
        "                        or m.split('.')[:2] in [['alliance_data', s] for s in steps])))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])
