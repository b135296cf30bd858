"""The terminal's own bidi mode (ECMA-48 BDSM, honoured by VTE).

Explicit mode stops a terminal that does bidi itself from reordering text
that Qari already reordered; implicit mode is every terminal's default and
is restored afterwards. Shared by `qari render` and the reader.
"""

BIDI_EXPLICIT = "\x1b[8l"
BIDI_IMPLICIT = "\x1b[8h"
