"""Where long e-mail and web addresses may wrap on a narrow screen (320 px contact and helpline cards).

Without a hint the browser either lets an address stick out of its card or, with CSS
`overflow-wrap: anywhere`, cuts it at any letter ("vertrouwenspers|onen"). A <wbr> after "@" and
"/" and before each "." gives it sensible places; the CSS rule stays as the last resort.
"""

from __future__ import annotations

import html
import re

_BREAKS = re.compile(r"(?<=[@/])(?=.)|(?<=.)(?=\.)")


def breakable(address: str) -> str:
    """The address as escaped HTML, with <wbr> at the places it may wrap."""
    return "<wbr>".join(html.escape(part, quote=True) for part in _BREAKS.split(address))
