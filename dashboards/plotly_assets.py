"""plotly's JavaScript and the style rules it would otherwise inject into the page (which our
content security policy forbids), both read from the installed plotly package. plotly.js skips
injecting its rules when the page has an element with id "plotly.js-style-global" and class
"no-inline-styles" (the dashboard's <link> to ``css()``), and skips its map styles when an
element with their id exists (we draw no maps)."""
import re
from functools import lru_cache
from pathlib import Path

import plotly

JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
VERSION = plotly.__version__
MAP_STYLE_ID = "9f215cf04c5486422605d13261cb87401f4e7763b6296af81e98efbc0130da53"
_STRING = r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\''
_PAIR = re.compile(rf"({_STRING})\s*:\s*({_STRING})")


@lru_cache(maxsize=1)
def css():
    """plotly's own style rules as a style sheet ("" if this plotly build lays them out
    differently: the charts still draw, with the browser's default look for their controls)."""
    source = JS.read_text(encoding="utf-8")
    start = source.find('{"X,X div":')
    end = source.find("};for(", start)
    if start < 0 or end < 0:
        return ""
    rules = []
    for key, value in _PAIR.findall(source[start:end]):
        selector = key[1:-1].replace("X", ".js-plotly-plot .plotly").replace(
            "Y", ".plotly-notifier")
        selector = re.sub(r"^,", " ,", selector)
        rules.append(f"{selector}{{{value[1:-1]}}}")
    return "\n".join(rules) + "\n"
